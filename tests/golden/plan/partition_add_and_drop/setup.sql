INSERT INTO events (id, at) VALUES (1, '2026-10-15'), (2, '2026-11-15'), (3, '2026-11-30');
