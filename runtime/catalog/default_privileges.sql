-- Default privileges (ALTER DEFAULT PRIVILEGES) of every role, global or for one of the managed
-- schemas ($1: their names): one row per entry, grantee and privilege. for_role is empty when it
-- is the connected role (the one that runs the migrations); schema_name is empty for a global
-- entry; object_type is defaclobjtype (r tables, S sequences, f functions, T types, n schemas).
-- Left out: the creating role's own privileges (a global entry holds its full default) and
-- PUBLIC's (the IR does not describe default privileges of PUBLIC).
SELECT CASE WHEN d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user) THEN ''
            ELSE pg_get_userbyid(d.defaclrole)::text END AS for_role,
       coalesce(n.nspname::text, '') AS schema_name, d.defaclobjtype AS object_type,
       pg_get_userbyid(x.grantee)::text AS grantee, lower(x.privilege_type) AS privilege, x.is_grantable AS grantable
FROM pg_default_acl d
LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
CROSS JOIN LATERAL aclexplode(d.defaclacl) x
WHERE x.grantee <> 0 AND x.grantee <> d.defaclrole AND (d.defaclnamespace = 0 OR n.nspname = ANY ($1::text[]))
ORDER BY 1, 2, 3, 4, 5
