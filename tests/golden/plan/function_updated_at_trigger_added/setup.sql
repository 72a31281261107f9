INSERT INTO users (id, email, updated_at) VALUES (1, 'a@example.com', '2020-01-01'), (2, 'b@example.com', '2020-01-01');
INSERT INTO posts (id, user_id, title, updated_at) VALUES (1, 1, 'first', '2020-01-01');
