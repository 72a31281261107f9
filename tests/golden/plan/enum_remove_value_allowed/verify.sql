SELECT string_agg(status::text, ',' ORDER BY id) = 'submitted,draft' FROM requests
