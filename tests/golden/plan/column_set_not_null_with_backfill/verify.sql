SELECT string_agg(name, ',' ORDER BY id) = 'unknown,kept' FROM t
