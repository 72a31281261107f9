INSERT INTO invoices VALUES (1, 200, 'a'), (2, 50, 'b'), (3, 2000000000, 'c');
