INSERT INTO invoices VALUES (1, 1), (2, 2), (3, 1);
