INSERT INTO t VALUES (1, 5, 'short');
