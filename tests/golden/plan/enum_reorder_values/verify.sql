SELECT (SELECT status::text FROM requests) = 'approved' AND (SELECT history::text FROM archive) = '{draft,approved}'
