-- The managed schemas that exist, with their comments. $1: the managed schema names.
SELECT n.nspname, obj_description(n.oid, 'pg_namespace')
FROM pg_namespace n
WHERE n.nspname = ANY ($1::text[])
ORDER BY 1
