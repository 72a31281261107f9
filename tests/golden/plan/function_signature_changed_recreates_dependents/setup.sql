INSERT INTO accounts (id, balance) VALUES (1, 5), (2, 8);
