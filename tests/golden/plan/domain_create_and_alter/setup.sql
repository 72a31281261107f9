INSERT INTO users VALUES (1, 'ann@example.com', 'first'), (2, 'bob@example.com', NULL);
