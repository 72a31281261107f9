-- The managed tables: ordinary tables of the managed schemas, with their comments, UNLOGGED,
-- storage parameters (a JSON object; the TOAST table's as toast.NAME), whether row-level security
-- is enabled and forced, the replica identity (relreplident: d, n, f or i) with its index, and oids. The other queries take these
-- oids, so this is the one place that decides which tables are managed. Partitioned tables,
-- partitions and tables that inherit from another are not (unmanaged.sql lists them); tables
-- an extension created (pg_partman's configuration tables) are the extension's.
SELECT n.nspname AS schema_name, c.relname AS table_name, obj_description(c.oid, 'pg_class') AS comment,
       c.relpersistence = 'u' AS unlogged,
       (SELECT coalesce(json_object_agg(o.name, o.value ORDER BY o.name), '{}')
        FROM (SELECT option_name AS name, option_value AS value FROM pg_options_to_table(c.reloptions)
              UNION ALL
              SELECT 'toast.' || option_name, option_value
              FROM pg_class t, pg_options_to_table(t.reloptions) WHERE t.oid = c.reltoastrelid) o)::text AS storage_parameters,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security,
       c.relreplident AS replica_identity,
       (SELECT ri.relname FROM pg_index x JOIN pg_class ri ON ri.oid = x.indexrelid
        WHERE x.indrelid = c.oid AND x.indisreplident) AS replica_identity_index,
       c.oid AS table_oid
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND NOT EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') AND n.nspname = ANY ($1::text[])
ORDER BY 1, 2
