INSERT INTO users (email) VALUES ('ann@example.com'), ('bob@example.com');
