INSERT INTO invoices VALUES (1, 1, 10), (2, 2, 20), (3, 1, 3000), (4, 2, 40);
