SELECT n = 5 AND name = 'short' FROM t
