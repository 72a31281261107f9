-- Views and materialized views of the managed schemas ($1: their names), but those an extension
-- created (they are the extension's): whether materialized, the body as pg_get_viewdef deparses it
-- (names qualified as the transaction's search_path asks: the reader pins it to public), the
-- output columns in order with their comments (a JSON array of {name, comment}), the options
-- (reloptions: check_option, security_barrier, security_invoker of a view, the storage
-- parameters of a materialized view; a JSON object), whether a materialized view holds data (pg_matviews.ispopulated), the
-- comment, and the oid (indexes.sql reads a materialized view's indexes by it).
SELECT n.nspname AS schema_name, c.relname AS view_name, c.relkind = 'm' AS materialized,
       pg_get_viewdef(c.oid) AS definition,
       to_json(ARRAY(SELECT json_build_object('name', a.attname, 'comment', col_description(c.oid, a.attnum))
                     FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     ORDER BY a.attnum))::text AS columns,
       (SELECT coalesce(json_object_agg(option_name, option_value ORDER BY option_name), '{}')
        FROM pg_options_to_table(c.reloptions))::text AS options,
       c.relispopulated AS populated,
       obj_description(c.oid, 'pg_class') AS comment,
       c.oid AS view_oid
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
