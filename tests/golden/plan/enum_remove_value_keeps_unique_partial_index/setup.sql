INSERT INTO memberships VALUES (1, 1, 'owner'), (1, 2, 'member'), (2, 3, 'owner'), (2, 4, 'admin');
