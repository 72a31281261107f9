SELECT doubled = 6 AND id = 1 FROM t
