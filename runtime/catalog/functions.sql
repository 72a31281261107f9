-- Functions and procedures of the managed schemas ($1: their names), but those an extension
-- created (they are the extension's) and aggregates and window functions (unmanaged.sql lists
-- them). Per function: whether it is a procedure; every argument in declared order (a JSON array
-- of {name, mode, default, and its type as columns.sql gives a column's: the element type's kind,
-- schema, name and format_type without modifier, whether it is an array, whether an extension
-- made it}), table columns (mode 't') included; the return type the same way and whether it
-- returns a set; the language; prosrc, probin and the SQL-standard body as PostgreSQL deparses
-- it (NULL when there is none); volatility, strictness, security definer, leakproof, parallel
-- safety, cost and rows; proconfig (a JSON array of `name=value`); the comment; the privileges
-- on it (a JSON array of {grantee, privilege, grantable}, as grants.sql reads them: aclexplode
-- of proacl or of acldefault, so PUBLIC's EXECUTE shows unless revoked; the owner's left out).
WITH typed AS (
  SELECT t.oid, bt.typtype AS type_kind, bn.nspname AS type_schema, bt.typname AS type_name,
         format_type(bt.oid, NULL) AS formatted_type, t.typcategory = 'A' AS is_array,
         EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = bt.oid AND e.deptype = 'e')
           AS from_extension
  FROM pg_type t
  JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
  JOIN pg_namespace bn ON bn.oid = bt.typnamespace
)
SELECT n.nspname AS schema_name, p.proname AS function_name, p.prokind = 'p' AS procedure,
       (SELECT coalesce(json_agg(json_build_object(
                  'name', coalesce(p.proargnames[a.ord], ''), 'mode', coalesce(p.proargmodes[a.ord], 'i'),
                  'default', pg_get_function_arg_default(p.oid, a.ord::integer),
                  'type_kind', ty.type_kind, 'type_schema', ty.type_schema, 'type_name', ty.type_name,
                  'formatted_type', ty.formatted_type, 'is_array', ty.is_array,
                  'from_extension', ty.from_extension) ORDER BY a.ord), '[]')
        FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY a(type_oid, ord)
        JOIN typed ty ON ty.oid = a.type_oid)::text AS arguments,
       rt.type_kind AS return_type_kind, rt.type_schema AS return_type_schema, rt.type_name AS return_type_name,
       rt.formatted_type AS return_formatted_type, rt.is_array AS return_is_array,
       rt.from_extension AS return_type_from_extension, p.proretset AS returns_set,
       l.lanname AS language, p.prosrc AS source, p.probin AS binary_file,
       CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) END AS sql_body,
       p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS security_definer,
       p.proleakproof AS leakproof, p.proparallel AS parallel, p.procost AS cost, p.prorows AS rows,
       to_json(coalesce(p.proconfig, '{}'))::text AS settings,
       obj_description(p.oid, 'pg_proc') AS comment,
       (SELECT coalesce(json_agg(json_build_object(
                  'grantee', CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee)::text END,
                  'privilege', lower(x.privilege_type), 'grantable', x.is_grantable)), '[]')
        FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x
        WHERE x.grantee <> p.proowner)::text AS grants
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
JOIN typed rt ON rt.oid = p.prorettype
WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, p.oid
