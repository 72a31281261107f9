SELECT count(*) = 2 AND bool_and(code = 'T-000000') FROM tickets
