INSERT INTO requests VALUES (1, 'submitted', 'recurring');
