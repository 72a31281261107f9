INSERT INTO items VALUES (1, 'abc', ARRAY['x', 'y']::code[]), (2, 'longer', NULL);
