INSERT INTO products VALUES (1, 'b', 'x'), (2, 'A', 'y');
