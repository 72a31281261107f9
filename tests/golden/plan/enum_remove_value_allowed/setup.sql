INSERT INTO requests VALUES (1, 'submitted'), (2, 'draft');
