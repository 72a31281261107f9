-- The privileges held on the managed tables, views and materialized views and on their columns
-- ($1: their oids), on the managed schemas ($2: their names), on the sequences that identity
-- and serial columns of those tables own and on every other sequence of the managed schemas
-- that no extension owns (the free-standing ones): one row per object, grantee and privilege, from
-- aclexplode of the ACL or, where the ACL is NULL, of acldefault for the object's kind and
-- owner (what PostgreSQL applies then). A column has no default ACL: only its own grants. Left
-- out: the owner's own privileges (it holds them implicitly, the IR never lists them) and
-- PUBLIC's on the schema public (schemac does not manage them). object_kind is relation,
-- column, schema or sequence; grantee is a role's name, or public for PUBLIC (oid 0);
-- privilege is lower case (select, usage, ...); grantable is WITH GRANT OPTION.
WITH acl AS (
  SELECT 'relation' AS object_kind, n.nspname AS schema_name, c.relname AS object_name, ''::text AS column_name,
         c.relowner AS owner, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS item
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid = ANY ($1::oid[])
  UNION ALL
  SELECT 'column', n.nspname, c.relname, a.attname::text, c.relowner, aclexplode(a.attacl)
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attrelid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  UNION ALL
  SELECT 'schema', n.nspname, n.nspname, '', n.nspowner, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner)))
  FROM pg_namespace n
  WHERE n.nspname = ANY ($2::text[])
  UNION ALL
  SELECT 'sequence', sn.nspname, s.relname, '', s.relowner, aclexplode(coalesce(s.relacl, acldefault('s', s.relowner)))
  FROM pg_class s
  JOIN pg_namespace sn ON sn.oid = s.relnamespace
  WHERE s.relkind = 'S'
    AND (EXISTS (SELECT FROM pg_depend d
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass
                   AND d.refobjid = ANY ($1::oid[]) AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))
         OR (sn.nspname = ANY ($2::text[])
             AND NOT EXISTS (SELECT FROM pg_depend d
                             WHERE d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.deptype = 'e')))
)
SELECT object_kind AS object_kind, schema_name AS schema_name, object_name AS object_name, column_name AS column_name,
       CASE WHEN (item).grantee = 0 THEN 'public' ELSE pg_get_userbyid((item).grantee)::text END AS grantee,
       lower((item).privilege_type) AS privilege, (item).is_grantable AS grantable
FROM acl
WHERE (item).grantee <> owner AND NOT (object_kind = 'schema' AND object_name = 'public' AND (item).grantee = 0)
ORDER BY 1, 2, 3, 4, 5, 6
