-- The triggers of the managed tables and views ($1: their oids), but internal ones (those of
-- foreign keys and deferrable keys) and those an extension created. Per trigger: its table and
-- name; tgtype (PostgreSQL's bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate,
-- 64 instead of); the columns of `update of` in order (a JSON array); the transition tables;
-- whether it is a constraint trigger, its `from` table and deferral; the function it executes;
-- its arguments (tgargs in hex: each argument ends with a zero byte); whether it fires
-- (tgenabled: O origin and local, D disabled, R replica only, A always); the comment; and,
-- where it has a WHEN condition, pg_get_triggerdef's text (the reader takes the condition from it).
SELECT n.nspname AS schema_name, c.relname AS table_name, t.tgname AS trigger_name, t.tgtype::integer AS type_bits,
       to_json(ARRAY(SELECT a.attname FROM unnest(t.tgattr::smallint[]) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum
                     ORDER BY k.ord))::text AS update_columns,
       t.tgoldtable AS old_table, t.tgnewtable AS new_table, t.tgconstraint <> 0 AS constraint_trigger,
       fn.nspname AS from_schema, f.relname AS from_table, t.tgdeferrable AS deferrable,
       t.tginitdeferred AS initially_deferred, pn.nspname AS function_schema, p.proname AS function_name,
       encode(t.tgargs, 'hex') AS arguments, t.tgenabled AS enabled,
       obj_description(t.oid, 'pg_trigger') AS comment,
       CASE WHEN t.tgqual IS NOT NULL THEN pg_get_triggerdef(t.oid) END AS definition
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
LEFT JOIN pg_class f ON f.oid = t.tgconstrrelid
LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE t.tgrelid = ANY ($1::oid[]) AND NOT t.tgisinternal AND t.tgparentid = 0
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_trigger'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3
