-- Primary keys, unique, check and foreign key constraints of the managed tables ($1: their oids): columns (JSON
-- arrays, in key order), the referenced table and columns, actions, deferrability, the check
-- expression as PostgreSQL deparses it, NULLS NOT DISTINCT of a unique's index, NO INHERIT of
-- a check, whether the constraint is validated (NOT VALID checks and foreign keys are not), and the
-- storage parameters of a key's index (reported: keys have no words for them).
-- Columns come as attnums (column_numbers, referenced_column_numbers: array literals), which the
-- reader names from the columns it read; by name (columns, referenced_columns: JSON arrays) only
-- where it read none: of a partition, or of a referenced table outside $1.
SELECT n.nspname AS schema_name, c.relname AS table_name, con.conname AS constraint_name, con.contype AS kind,
       con.conrelid AS table_oid, con.conkey::text AS column_numbers,
       CASE WHEN c.relispartition THEN
         to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord))::text
       END AS columns,
       fn.nspname AS referenced_schema, fc.relname AS referenced_table, con.confrelid AS referenced_table_oid,
       con.confkey::text AS referenced_column_numbers,
       CASE WHEN con.contype = 'f' AND (fc.relispartition OR NOT con.confrelid = ANY ($1::oid[])) THEN
         to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord))::text
       END AS referenced_columns,
       con.confupdtype AS on_update, con.confdeltype AS on_delete, con.confmatchtype AS match_type,
       con.condeferrable AS deferrable, con.condeferred AS initially_deferred,
       pg_get_expr(con.conbin, con.conrelid) AS check_expression,
       coalesce(i.indnullsnotdistinct, false) AS nulls_not_distinct, con.connoinherit AS no_inherit,
       con.convalidated AS validated,
       array_to_string(ic.reloptions, ', ') AS index_storage_parameters
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u')
LEFT JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE con.contype IN ('p', 'u', 'c', 'f') AND c.oid = ANY ($1::oid[])
  AND con.conparentid = 0 AND con.conislocal  -- a partition's copies of its parent's are the parent's
ORDER BY con.conrelid, con.conname COLLATE "C"
