INSERT INTO users (email, age) VALUES ('a@example.com', 3);
