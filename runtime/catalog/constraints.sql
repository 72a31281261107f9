-- Primary keys, unique, check and foreign key constraints of the managed tables ($1: their oids): columns (JSON
-- arrays, in key order), the referenced table and columns, actions, deferrability, the check
-- expression as PostgreSQL deparses it, NULLS NOT DISTINCT of a unique's index, NO INHERIT of
-- a check, and the storage parameters of a key's index (reported: keys have no words for them).
SELECT n.nspname, c.relname, con.conname, con.contype,
       to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord))::text,
       fn.nspname, fc.relname,
       to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord))::text,
       con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred,
       pg_get_expr(con.conbin, con.conrelid), coalesce(i.indnullsnotdistinct, false), con.connoinherit,
       array_to_string(ic.reloptions, ', ')
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype IN ('p', 'u')
LEFT JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE con.contype IN ('p', 'u', 'c', 'f') AND c.oid = ANY ($1::oid[])
ORDER BY con.conrelid, con.conname COLLATE "C"
