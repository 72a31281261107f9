WITH touched AS (UPDATE accounts SET balance = 6 WHERE id = 1 RETURNING updated_at)
SELECT (SELECT updated_at IS NOT NULL FROM touched) AND (SELECT count(*) = 2 FROM accounts)
