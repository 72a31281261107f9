INSERT INTO events (id, kind) VALUES (1, 'click'), (200, 'view');
