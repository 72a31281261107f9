-- The managed schemas that exist, with their comments. $1: the managed schema names.
SELECT n.nspname AS schema_name, obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace n
WHERE n.nspname = ANY ($1::text[])
ORDER BY 1
