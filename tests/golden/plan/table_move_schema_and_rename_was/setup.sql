INSERT INTO users (email) VALUES ('a@example.com'); INSERT INTO posts (user_id, title) VALUES (1, 'hello');
