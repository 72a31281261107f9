-- Indexes of the managed tables and materialized views ($1: their oids) that do not back a constraint: method, uniqueness, NULLS NOT
-- DISTINCT, predicate, and each key and INCLUDE column (a JSON array: the column or the
-- expression, a collation other than the column's, an opclass other than the default (both
-- qualified by their schema unless in pg_catalog or public), and
-- indoption: 1 = DESC, 2 = NULLS FIRST), and the storage parameters (a JSON object). The index
-- of an exclusion constraint comes too, with the constraint's name and deferrability and each key
-- element's operator (conexclop, qualified by its schema unless in pg_catalog).
SELECT n.nspname AS schema_name, c.relname AS table_name, ic.relname AS index_name, i.indisunique AS is_unique,
       xcon.conname AS exclusion_name, coalesce(xcon.condeferrable, false) AS deferrable,
       coalesce(xcon.condeferred, false) AS initially_deferred,
       am.amname AS method, i.indnkeyatts AS key_columns, i.indnullsnotdistinct AS nulls_not_distinct,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       to_json(ARRAY(
         SELECT json_build_object(
                  'column', a.attname,
                  'definition', CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n, true) END,
                  'collation', CASE WHEN k.n <= i.indnkeyatts AND coll.oid IS NOT NULL
                                         AND coll.oid <> coalesce(a.attcollation, 0) AND coll.collname <> 'default'
                                    THEN CASE WHEN colln.nspname IN ('pg_catalog', 'public') THEN coll.collname
                                              ELSE colln.nspname || '.' || coll.collname END END,
                  'opclass', CASE WHEN k.n <= i.indnkeyatts AND NOT opc.opcdefault
                                  THEN CASE WHEN opcn.nspname IN ('pg_catalog', 'public') THEN opc.opcname
                                            ELSE opcn.nspname || '.' || opc.opcname END END,
                  'option', CASE WHEN k.n <= i.indnkeyatts THEN i.indoption[k.n - 1] ELSE 0 END,
                  'operator', CASE WHEN oprn.nspname = 'pg_catalog' THEN opr.oprname
                                   ELSE oprn.nspname || '.' || opr.oprname END)
         FROM generate_series(1, i.indnatts) k(n)
         LEFT JOIN pg_attribute a ON i.indkey[k.n - 1] <> 0 AND a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
         LEFT JOIN pg_opclass opc ON k.n <= i.indnkeyatts AND opc.oid = i.indclass[k.n - 1]
         LEFT JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
         LEFT JOIN pg_collation coll ON k.n <= i.indnkeyatts AND coll.oid = i.indcollation[k.n - 1]
         LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
         LEFT JOIN pg_operator opr ON k.n <= i.indnkeyatts AND opr.oid = xcon.conexclop[k.n]
         LEFT JOIN pg_namespace oprn ON oprn.oid = opr.oprnamespace
         ORDER BY k.n))::text AS elements,
       (SELECT coalesce(json_object_agg(option_name, option_value ORDER BY option_name), '{}')
        FROM pg_options_to_table(ic.reloptions))::text AS storage_parameters
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
LEFT JOIN pg_constraint xcon ON xcon.conindid = i.indexrelid AND xcon.conrelid = i.indrelid AND xcon.contype = 'x'
WHERE c.oid = ANY ($1::oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u'))
  AND NOT EXISTS (SELECT FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid)  -- a partition's copy of its parent's
ORDER BY i.indrelid, ic.relname COLLATE "C"
