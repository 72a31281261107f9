-- Composite types of the managed schemas ($1) (pg_type typtype 'c' whose relation is a
-- composite type, relkind 'c', not a table's row type): one row per attribute, in order, with
-- its type (the element type and dimensions for an array, as columns.sql reads a column's) and
-- its collation where it differs from its type's; the type's comment. Types that belong to an
-- extension are left out; a type without attributes has one row with a null attribute.
SELECT n.nspname AS schema_name, t.typname AS composite_name, obj_description(t.oid, 'pg_type') AS comment,
       a.attname AS attribute_name,
       bt.typtype AS type_kind, bn.nspname AS type_schema, bt.typname AS type_name,
       format_type(bt.oid, a.atttypmod) AS formatted_type,
       CASE WHEN at.typcategory = 'A' THEN greatest(a.attndims, 1) ELSE 0 END AS array_dimensions,
       EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = bt.oid AND e.deptype = 'e')
         AS type_from_extension,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN
         (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname ELSE cn.nspname || '.' || co.collname END
          FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation)
       END AS collation_name
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type at ON at.oid = a.atttypid
LEFT JOIN pg_type bt ON bt.oid = CASE WHEN at.typcategory = 'A' THEN at.typelem ELSE at.oid END
LEFT JOIN pg_namespace bn ON bn.oid = bt.typnamespace
WHERE t.typtype = 'c' AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
ORDER BY 1, 2, a.attnum
