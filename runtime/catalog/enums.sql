-- Enum types of the managed schemas, each with its labels in order (a JSON array).
SELECT n.nspname AS schema_name, t.typname AS enum_name,
       to_json(ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))::text AS labels
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND n.nspname = ANY ($1::text[])
ORDER BY 1, 2
