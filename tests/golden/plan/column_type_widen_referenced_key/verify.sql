SELECT (SELECT count(*) FROM orders JOIN accounts ON accounts.id = orders.account_id) = 1 AND (SELECT count(*) FROM members JOIN teams ON teams.id = members.team_id) = 1
