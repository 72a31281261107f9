INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'bob@example.com');
INSERT INTO orders VALUES (10, 1), (11, 2);
