-- Domains of the managed schemas ($1): the base type (the element type and dimensions for an
-- array, as columns.sql reads a column's), its collation where it differs from the base type's,
-- NOT NULL, the default as PostgreSQL deparses it, the comment, and the checks (a JSON array of
-- {name, expression, validated}, by name). Domains that belong to an extension are left out.
SELECT n.nspname AS schema_name, t.typname AS domain_name,
       bt.typtype AS type_kind, bn.nspname AS type_schema, bt.typname AS type_name,
       format_type(bt.oid, t.typtypmod) AS formatted_type,
       CASE WHEN et.typcategory = 'A' THEN greatest(t.typndims, 1) ELSE 0 END AS array_dimensions,
       EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = bt.oid AND e.deptype = 'e')
         AS type_from_extension,
       CASE WHEN t.typcollation <> 0 AND t.typcollation <> et.typcollation THEN
         (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname ELSE cn.nspname || '.' || co.collname END
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation)
       END AS collation_name,
       t.typnotnull AS not_null, pg_get_expr(t.typdefaultbin, 0) AS default_value,
       obj_description(t.oid, 'pg_type') AS comment,
       coalesce((SELECT json_agg(json_build_object('name', con.conname,
                                                   'expression', pg_get_expr(con.conbin, 0),
                                                   'validated', con.convalidated) ORDER BY con.conname COLLATE "C")
                 FROM pg_constraint con WHERE con.contypid = t.oid AND con.contype = 'c'), '[]')::text AS checks
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type et ON et.oid = t.typbasetype
JOIN pg_type bt ON bt.oid = CASE WHEN et.typcategory = 'A' THEN et.typelem ELSE et.oid END
JOIN pg_namespace bn ON bn.oid = bt.typnamespace
WHERE t.typtype = 'd' AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY 1, 2
