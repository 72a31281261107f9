-- Installed extensions (database-wide), with their schema and version; plpgsql is built in.
-- Then what CREATE EXTENSION would pick when neither is given: the version its control file
-- names as default, and the schema the control file fixes (NULL: the first schema of the
-- search path).
SELECT e.extname AS extension_name, n.nspname AS schema_name, e.extversion AS version,
       a.default_version AS default_version, v.schema AS control_file_schema
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_available_extensions a ON a.name = e.extname
LEFT JOIN pg_available_extension_versions v ON v.name = e.extname AND v.version = e.extversion
WHERE e.extname <> 'plpgsql'
ORDER BY 1
