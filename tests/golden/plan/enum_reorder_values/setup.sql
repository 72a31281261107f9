INSERT INTO requests VALUES (1, 'approved'); INSERT INTO archive VALUES (1, '{draft,approved}');
