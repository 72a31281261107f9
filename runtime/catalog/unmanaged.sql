-- Everything in the managed schemas that schemac does not manage, as (kind, schema, name,
-- detail): foreign tables, sequences not owned by
-- an identity column (the serial sequences among those a column owns are left out by the caller,
-- as columns.sql recognises them; the others are listed with the column that owns them), tables that inherit
-- from another, aggregates and window functions (functions.sql reads functions and procedures),
-- triggers on relations schemac does not manage (triggers.sql reads those of the managed tables,
-- views and materialized views), rules,
-- policies and row level security on tables schemac does not manage (policies.sql and tables.sql
-- read those of the managed tables), range types (domains and composite types are read by
-- domains.sql and composite_types.sql), collations, operators and extended statistics. Objects
-- that belong to an
-- extension are the extension's and are left out (its triggers too), as are triggers, rules and policies on its
-- tables and views, and the relations behind its composite types. $2: the managed tables' oids (tables.sql).
WITH managed AS (
  SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY ($1::text[])
), extension_member AS (
  SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
), owned_sequence AS (
  SELECT objid FROM pg_depend
  WHERE classid = 'pg_class'::regclass AND refclassid = 'pg_class'::regclass AND deptype = 'i'
)
SELECT CASE WHEN c.relispartition THEN 'partition'
            WHEN c.relkind = 'p' THEN 'partitioned table'
            WHEN c.relkind = 'r' THEN 'inheriting table'
            ELSE CASE c.relkind WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'composite type' ELSE 'sequence' END
       END AS kind,
       m.nspname AS schema_name, c.relname AS object_name,
       CASE WHEN c.relkind IN ('r', 'p') THEN
         (SELECT CASE WHEN c.relispartition THEN 'of ' ELSE 'inherits ' END || string_agg(i.inhparent::regclass::text, ', ')
          FROM pg_inherits i WHERE i.inhrelid = c.oid)
            WHEN c.relkind = 'S' THEN
         (SELECT 'owned by ' || d.refobjid::regclass::text || '.' || quote_ident(a.attname)
          FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
            AND d.deptype = 'a' LIMIT 1) END AS detail
FROM pg_class c JOIN managed m ON m.oid = c.relnamespace
WHERE (c.relkind = 'f' OR (c.relkind = 'S' AND c.oid NOT IN (SELECT objid FROM owned_sequence))
       OR (c.relkind = 'r' AND NOT c.relispartition AND EXISTS (SELECT FROM pg_inherits i WHERE i.inhrelid = c.oid)))
  AND c.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_class'::regclass)
  AND c.reltype NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_type'::regclass)
UNION ALL
SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,
       m.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL
FROM pg_proc p JOIN managed m ON m.oid = p.pronamespace
WHERE p.prokind IN ('a', 'w') AND p.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_proc'::regclass)
UNION ALL
SELECT 'trigger', m.nspname, t.tgname, 'on ' || c.relname
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN managed m ON m.oid = c.relnamespace
WHERE NOT t.tgisinternal AND c.relkind NOT IN ('v', 'm') AND NOT c.oid = ANY ($2::oid[])
  AND c.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_class'::regclass)
  AND t.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_trigger'::regclass)
UNION ALL
SELECT 'rule', m.nspname, r.rulename, 'on ' || c.relname
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN managed m ON m.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND c.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_class'::regclass)
UNION ALL
SELECT 'policy', m.nspname, p.polname, 'on ' || c.relname
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN managed m ON m.oid = c.relnamespace
WHERE NOT c.oid = ANY ($2::oid[]) AND c.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_class'::regclass)
UNION ALL
SELECT 'row level security', m.nspname, c.relname, CASE WHEN c.relforcerowsecurity THEN 'forced' END
FROM pg_class c JOIN managed m ON m.oid = c.relnamespace
WHERE c.relrowsecurity AND c.relkind IN ('r', 'p') AND NOT c.oid = ANY ($2::oid[])
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'base type' END,
       m.nspname, t.typname, NULL
FROM pg_type t JOIN managed m ON m.oid = t.typnamespace
WHERE t.typtype IN ('r', 'b') AND t.typcategory <> 'A'
  AND t.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_type'::regclass)
UNION ALL
SELECT 'collation', m.nspname, co.collname, NULL
FROM pg_collation co JOIN managed m ON m.oid = co.collnamespace
WHERE co.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_collation'::regclass)
UNION ALL
SELECT 'operator', m.nspname, o.oprname || '(' || format_type(o.oprleft, NULL) || ', ' || format_type(o.oprright, NULL) || ')', NULL
FROM pg_operator o JOIN managed m ON m.oid = o.oprnamespace
WHERE o.oid NOT IN (SELECT objid FROM extension_member WHERE classid = 'pg_operator'::regclass)
UNION ALL
SELECT 'extended statistics', m.nspname, s.stxname, NULL
FROM pg_statistic_ext s JOIN managed m ON m.oid = s.stxnamespace

ORDER BY 2, 1, 3
