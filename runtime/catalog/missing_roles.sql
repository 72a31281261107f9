-- Of the role names in $1 (a text array: the roles a schema declares), those the server has no
-- role of, in order of name.
SELECT d.name AS role_name
FROM unnest($1::text[]) d(name)
WHERE NOT EXISTS (SELECT FROM pg_roles r WHERE r.rolname = d.name)
ORDER BY 1
