-- The schemas a person made: every schema but PostgreSQL's own (pg_catalog, pg_toast*, pg_temp*:
-- the pg_ prefix is reserved to the system; information_schema) and those an extension created
-- (they stay the extension's). No parameters.
SELECT n.nspname
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1
