-- Every column of the managed tables ($1: their oids, as tables.sql chose them) in order: its type (the element type and dimensions for an
-- array), nullability, default, identity with its sequence's options, generated expression
-- and comment, the sequence a serial column owns, and whether the type is an extension's.
SELECT n.nspname, c.relname, a.attname,
       bt.typtype, bn.nspname, bt.typname, format_type(bt.oid, a.atttypmod),
       CASE WHEN t.typcategory = 'A' THEN greatest(a.attndims, 1) ELSE 0 END,
       a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       ds.description, serial.sequence,
       EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = bt.oid AND e.deptype = 'e')
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
JOIN pg_namespace bn ON bn.oid = bt.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.classid = 'pg_class'::regclass
     AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum
     AND dep.deptype = 'i'
LEFT JOIN pg_sequence s ON s.seqrelid = dep.objid
LEFT JOIN (SELECT sdep.refobjid, sdep.refobjsubid, min(sdep.objid::regclass::text) AS sequence
           FROM pg_depend sdep JOIN pg_class sc ON sc.oid = sdep.objid AND sc.relkind = 'S'
           WHERE sdep.classid = 'pg_class'::regclass AND sdep.refclassid = 'pg_class'::regclass AND sdep.deptype = 'a'
           GROUP BY 1, 2) serial ON serial.refobjid = c.oid AND serial.refobjsubid = a.attnum AND d.adbin IS NOT NULL
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
WHERE c.oid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
