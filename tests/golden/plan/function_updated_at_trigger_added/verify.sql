WITH touched AS (UPDATE users SET email = 'c@example.com' WHERE id = 1 RETURNING updated_at)
SELECT (SELECT updated_at > '2021-01-01' FROM touched)
   AND (SELECT updated_at = '2020-01-01' FROM users WHERE id = 2)
