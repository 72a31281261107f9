-- The views, materialized views and rules that read each changed column or table, as PostgreSQL
-- records it (pg_depend from the object's pg_rewrite rule: a normal dependency on the column, or
-- on the table through any of its columns). $1: the tables, as regclass text resolved with the
-- session's search path as the statement changing them will be; $2: the column of each, or ''
-- for the whole table (dropped). One row per change (its 1-based position) and dependent, with
-- the column it reads (NULL for a whole table), and the dependent's oid: the view's pg_class oid,
-- or the rule's pg_rewrite oid. A view's own rule is not its dependent.
WITH changed AS (
  SELECT ch.ord, to_regclass(ch.relation) AS relid, ch.column_name
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY ch(relation, column_name, ord)
)
SELECT DISTINCT ch.ord AS change_index,
       CASE WHEN r.rulename <> '_RETURN' THEN 'rule' WHEN v.relkind = 'm' THEN 'materialized view' ELSE 'view' END
         AS kind,
       vn.nspname AS schema_name, v.relname AS relation_name, r.rulename AS rule_name,
       CASE WHEN r.rulename = '_RETURN' THEN v.oid ELSE r.oid END AS dependent_oid,
       CASE WHEN ch.column_name <> '' THEN a.attname END AS column_name
FROM changed ch
JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = ch.relid
     AND d.classid = 'pg_rewrite'::regclass AND d.deptype = 'n'
LEFT JOIN pg_attribute a ON a.attrelid = ch.relid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
WHERE (ch.column_name = '' OR a.attname = ch.column_name)
  AND NOT (r.rulename = '_RETURN' AND v.oid = ch.relid)
ORDER BY 1, 3, 4, 5
