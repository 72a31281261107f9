-- The row-level security policies of the managed tables ($1: their oids, as tables.sql chose
-- them). Per policy: its table and name; whether it is permissive (false: AS RESTRICTIVE); its
-- command (polcmd: * all, r select, a insert, w update, d delete); the roles it applies to by
-- name, sorted (a JSON array; oid 0 is PUBLIC, named "public"); pg_get_expr's text of USING and
-- WITH CHECK (NULL when absent); the comment.
SELECT n.nspname AS schema_name, c.relname AS table_name, p.polname AS policy_name,
       p.polpermissive AS permissive, p.polcmd AS command,
       to_json(ARRAY(SELECT CASE WHEN r.role_oid = 0 THEN 'public' ELSE pg_get_userbyid(r.role_oid)::text END
                     FROM unnest(p.polroles) r(role_oid) ORDER BY 1))::text AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using_expression,
       pg_get_expr(p.polwithcheck, p.polrelid) AS check_expression,
       obj_description(p.oid, 'pg_policy') AS comment
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE p.polrelid = ANY ($1::oid[])
ORDER BY 1, 2, 3
