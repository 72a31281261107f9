-- The schemas a person made: every schema but PostgreSQL's own (pg_catalog, pg_toast*, pg_temp*:
-- the pg_ prefix is reserved to the system; information_schema), those an extension created
-- (they stay the extension's), and schemac's own history schema ($1, history table $2) when
-- that table is all it holds (migrate creates that schema itself).
SELECT n.nspname AS schema_name
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
  AND NOT (n.nspname = $1 AND n.nspname <> 'public'
           AND NOT EXISTS (SELECT FROM pg_depend d
                           WHERE d.refclassid = 'pg_namespace'::regclass AND d.refobjid = n.oid
                             AND NOT (d.classid = 'pg_class'::regclass
                                      AND d.objid = coalesce(to_regclass(quote_ident($1) || '.' || quote_ident($2))::oid, 0))))
ORDER BY 1
