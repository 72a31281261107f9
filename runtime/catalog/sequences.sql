-- Sequences in the managed schemas ($1) that are neither an identity's (deptype 'i') nor an
-- extension's: their type, options, the column that owns them (deptype 'a'; none: NULLs) and
-- comment. The caller leaves out those it read as a serial column's (columns.sql); the others
-- are the free-standing sequences.
SELECT n.nspname AS schema_name, c.relname AS sequence_name, format_type(s.seqtypid, NULL) AS type_name,
       s.seqstart AS sequence_start, s.seqincrement AS sequence_increment, s.seqmin AS sequence_min,
       s.seqmax AS sequence_max, s.seqcache AS sequence_cache, s.seqcycle AS sequence_cycle,
       c.relpersistence = 'u' AS unlogged,
       owner.schema_name AS owner_schema, owner.table_name AS owner_table, owner.column_name AS owner_column,
       ds.description AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN LATERAL (
  SELECT tn.nspname AS schema_name, t.relname AS table_name, a.attname AS column_name
  FROM pg_depend d
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
    AND d.deptype = 'a'
  LIMIT 1) owner ON true
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
WHERE c.relkind = 'S' AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('i', 'e'))
ORDER BY 1, 2
