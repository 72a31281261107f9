SELECT count(*) = 2 FROM memberships WHERE role = 'owner'
