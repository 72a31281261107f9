SELECT code = 42 FROM t
