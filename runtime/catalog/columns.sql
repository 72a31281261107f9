-- Every column of the managed tables ($1: their oids, as tables.sql chose them; none of a partition's,
-- which are its parent's), in no particular order (the reader puts each table's in the order of
-- column_number, attnum: sorting 12 wide rows per table cost the server more than it costs the
-- client), with its table's oid (the reader's only name for it): its type (the element type and dimensions for an
-- array), nullability, default, identity with its sequence's options, generated expression
-- and comment, its collation where it is not its type's (schema-qualified unless in pg_catalog), its
-- statistics target (-1: the default), the sequence a serial column owns (only one `serial` would make: the column's type,
-- start, increment and minimum 1, the type's maximum, cache 1, no cycle, logged as its table is
-- (an unlogged table's serial is unlogged since PostgreSQL 15); any other sequence the
-- column owns is unmanaged, and its default reads as written), whether the type is an extension's,
-- and the serial sequence's schema and name. default_or_generated is the default, or the expression of a
-- generated column (generated_kind 's'): pg_attrdef holds both. A default names no column, so it
-- is deparsed without its table (relid 0): with it, pg_get_expr opens and locks every table.
SELECT a.attrelid AS table_oid, a.attnum AS column_number,
       a.attname AS column_name,
       bt.typtype AS type_kind, bn.nspname AS type_schema, bt.typname AS type_name,
       format_type(bt.oid, a.atttypmod) AS formatted_type,
       CASE WHEN t.typcategory = 'A' THEN greatest(a.attndims, 1) ELSE 0 END AS array_dimensions,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE d.adrelid END) AS default_or_generated,
       a.attidentity AS identity_kind, a.attgenerated AS generated_kind,
       s.seqstart AS identity_start, s.seqincrement AS identity_increment, s.seqmin AS identity_min,
       s.seqmax AS identity_max, s.seqcache AS identity_cache, s.seqcycle AS identity_cycle,
       ds.description AS comment, serial.sequence AS serial_sequence,
       EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = bt.oid AND e.deptype = 'e')
         AS type_from_extension,
       serial.schema AS serial_sequence_schema, serial.name AS serial_sequence_name,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
            THEN CASE WHEN colln.nspname = 'pg_catalog' THEN coll.collname
                      ELSE colln.nspname || '.' || coll.collname END END AS collation,
       coalesce(a.attstattarget::int, -1) AS statistics
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE t.oid END
JOIN pg_namespace bn ON bn.oid = bt.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.classid = 'pg_class'::regclass
     AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum
     AND dep.deptype = 'i'
LEFT JOIN pg_sequence s ON s.seqrelid = dep.objid
LEFT JOIN (SELECT DISTINCT ON (sdep.refobjid, sdep.refobjsubid) sdep.refobjid, sdep.refobjsubid,
                  sdep.objid::regclass::text AS sequence, scn.nspname AS schema, sc.relname AS name
           FROM pg_depend sdep
           JOIN pg_class sc ON sc.oid = sdep.objid AND sc.relkind = 'S'
           JOIN pg_namespace scn ON scn.oid = sc.relnamespace
           JOIN pg_sequence sq ON sq.seqrelid = sc.oid
           JOIN pg_attribute sa ON sa.attrelid = sdep.refobjid AND sa.attnum = sdep.refobjsubid
           JOIN pg_class st ON st.oid = sdep.refobjid AND st.relpersistence = sc.relpersistence
           WHERE sdep.classid = 'pg_class'::regclass AND sdep.refclassid = 'pg_class'::regclass AND sdep.deptype = 'a'
             AND sq.seqtypid = sa.atttypid AND sq.seqstart = 1 AND sq.seqincrement = 1 AND sq.seqmin = 1
             AND sq.seqcache = 1 AND NOT sq.seqcycle
             AND sq.seqmax = CASE sq.seqtypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647
                                              ELSE 9223372036854775807 END
           ORDER BY sdep.refobjid, sdep.refobjsubid, sdep.objid::regclass::text) serial ON serial.refobjid = c.oid AND serial.refobjsubid = a.attnum AND d.adbin IS NOT NULL
LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
LEFT JOIN pg_namespace colln ON colln.oid = coll.collnamespace
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
WHERE c.oid = ANY ($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped AND NOT c.relispartition
