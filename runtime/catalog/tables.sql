-- The managed tables: ordinary and partitioned tables and partitions of the managed schemas, with
-- their comments, UNLOGGED, storage parameters (a JSON object; the TOAST table's as toast.NAME),
-- whether row-level security is enabled and forced, a partitioned table's key
-- (pg_get_partkeydef), a partition's parent and bound (pg_get_expr of relpartbound), the columns
-- whose NOT NULL or default a partition sets apart from its parent's (reported), the replica
-- identity (relreplident: d, n, f or i) with its index, and oids.
-- The other queries take these oids, so this is the one place that decides which tables are
-- managed. Tables that inherit from another are not (unmanaged.sql lists them); tables an
-- extension created (pg_partman's configuration tables) are the extension's.
SELECT n.nspname AS schema_name, c.relname AS table_name, ds.description AS comment,
       c.relpersistence = 'u' AS unlogged,
       CASE WHEN c.reloptions IS NULL AND toast.reloptions IS NULL THEN '{}' ELSE
       (SELECT coalesce(json_object_agg(o.name, o.value ORDER BY o.name), '{}')
        FROM (SELECT option_name AS name, option_value AS value FROM pg_options_to_table(c.reloptions)
              UNION ALL
              SELECT 'toast.' || option_name, option_value
              FROM pg_options_to_table(toast.reloptions)) o)::text END AS storage_parameters,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security,
       c.oid AS table_oid,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       pn.nspname AS parent_schema, pc.relname AS parent_name,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
        FROM pg_attribute a
        JOIN pg_attribute pa ON pa.attrelid = pi.inhparent AND pa.attname = a.attname
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_attrdef pd ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attnotnull <> pa.attnotnull
               OR pg_get_expr(d.adbin, d.adrelid) IS DISTINCT FROM pg_get_expr(pd.adbin, pd.adrelid))) AS partition_column_overrides,
       c.relreplident AS replica_identity,
       CASE WHEN c.relreplident = 'i' THEN
         (SELECT ri.relname FROM pg_index x JOIN pg_class ri ON ri.oid = x.indexrelid
          WHERE x.indrelid = c.oid AND x.indisreplident) END AS replica_identity_index
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = pi.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid AND toast.reloptions IS NOT NULL
WHERE c.relkind IN ('r', 'p') AND (c.relispartition OR c.oid NOT IN (SELECT i.inhrelid FROM pg_inherits i))
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') AND n.nspname = ANY ($1::text[])
ORDER BY 1, 2
