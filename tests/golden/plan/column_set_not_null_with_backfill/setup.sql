INSERT INTO t VALUES (1, NULL), (2, 'kept');
