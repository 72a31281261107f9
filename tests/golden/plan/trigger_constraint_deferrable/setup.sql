INSERT INTO ledger (id, account, amount) VALUES (1, 1, 100), (2, 1, -40);
