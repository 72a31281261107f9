-- Ordinary tables of the managed schemas, with comments. Partitioned tables, partitions and tables that
-- inherit from another are not managed (unmanaged.sql lists them); tables an extension created
-- (pg_partman's configuration tables) are the extension's. UNLOGGED and storage parameters too,
-- which the language does not describe.
SELECT n.nspname, c.relname, obj_description(c.oid, 'pg_class'), c.relpersistence = 'u',
       array_to_string(c.reloptions, ', ')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') AND n.nspname = ANY ($1::text[])
ORDER BY 1, 2
