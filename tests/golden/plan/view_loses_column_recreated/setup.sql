INSERT INTO orders VALUES (1, 'ann', 200), (2, 'bob', 5);
