INSERT INTO customers VALUES (1, ROW('1 Main St', 'Springfield', '12345')), (2, NULL);
