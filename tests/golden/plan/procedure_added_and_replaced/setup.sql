INSERT INTO events (happened_at) VALUES ('2020-01-01'), (now());
