-- Ordinary and partitioned tables of the managed schemas (partitions excluded), with comments.
SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY ($1::text[])
ORDER BY 1, 2
