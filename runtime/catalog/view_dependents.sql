-- The objects that read each changed column or table, as PostgreSQL records it in pg_depend: the
-- views, materialized views and rules (a normal dependency of the object's pg_rewrite rule on the
-- column, or on the table through any of its columns), the triggers whose `update of` columns or
-- WHEN condition name the column (a normal dependency of the pg_trigger row), and the functions
-- with an SQL-standard body that reads it (a normal dependency of the pg_proc row). $1: the
-- tables, as regclass text resolved with the session's search path as the statement changing
-- them will be; $2: the column of each, or '' for the whole table (dropped). One row per change
-- (its 1-based position) and dependent, with the column it reads (NULL for a whole table), and
-- the dependent's oid: the view's pg_class oid, the rule's pg_rewrite oid, the trigger's
-- pg_trigger oid, the function's pg_proc oid. A view's own rule is not its dependent, nor a
-- trigger of a dropped table (it goes with the table). relation_name is the view, or the table
-- of the rule or trigger, or the function's name with its argument types; object_name the
-- rule's or trigger's name.
WITH changed AS (
  SELECT ch.ord, to_regclass(ch.relation) AS relid, ch.column_name
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY ch(relation, column_name, ord)
), dependency AS (
  SELECT ch.ord, ch.relid, ch.column_name, d.classid, d.objid,
         CASE WHEN ch.column_name <> '' THEN a.attname END AS read_column
  FROM changed ch
  JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = ch.relid AND d.deptype = 'n'
       AND d.classid IN ('pg_rewrite'::regclass, 'pg_trigger'::regclass, 'pg_proc'::regclass)
  LEFT JOIN pg_attribute a ON a.attrelid = ch.relid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
  WHERE ch.column_name = '' OR a.attname = ch.column_name
)
SELECT DISTINCT dep.ord AS change_index,
       CASE WHEN r.rulename <> '_RETURN' THEN 'rule' WHEN v.relkind = 'm' THEN 'materialized view' ELSE 'view' END
         AS kind,
       vn.nspname AS schema_name, v.relname AS relation_name, r.rulename AS object_name,
       CASE WHEN r.rulename = '_RETURN' THEN v.oid ELSE r.oid END AS dependent_oid, dep.read_column AS column_name
FROM dependency dep
JOIN pg_rewrite r ON dep.classid = 'pg_rewrite'::regclass AND r.oid = dep.objid
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
WHERE NOT (r.rulename = '_RETURN' AND v.oid = dep.relid)
UNION
SELECT dep.ord, 'trigger', tn.nspname, tc.relname, t.tgname, t.oid, dep.read_column
FROM dependency dep
JOIN pg_trigger t ON dep.classid = 'pg_trigger'::regclass AND t.oid = dep.objid
JOIN pg_class tc ON tc.oid = t.tgrelid
JOIN pg_namespace tn ON tn.oid = tc.relnamespace
WHERE NOT (dep.column_name = '' AND t.tgrelid = dep.relid)
UNION
SELECT dep.ord, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, pn.nspname,
       p.proname || '(' || oidvectortypes(p.proargtypes) || ')', '', p.oid, dep.read_column
FROM dependency dep
JOIN pg_proc p ON dep.classid = 'pg_proc'::regclass AND p.oid = dep.objid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
ORDER BY 1, 3, 4, 5
