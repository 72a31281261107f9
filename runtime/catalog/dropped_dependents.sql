-- The views, materialized views, rules, triggers and functions that statements drop, as
-- view_dependents.sql names them (a view's pg_class oid, a rule's pg_rewrite oid, a trigger's
-- pg_trigger oid, a function's pg_proc oid), resolved with the session's search path as the
-- statements will be. $1: the view, or the rule's or trigger's table, as regclass text, or the
-- function's name (qualified or not, as written); $2: the rule's name, or ''; $3: the trigger's
-- name, or ''; $4: 'f' for a function (every overload of the name: the statements' argument
-- types are not read), else ''. One row per object (its 1-based position); NULL where nothing
-- has that name (a row per overload for a function).
SELECT dr.ord AS drop_index, o.oid AS dependent_oid
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY dr(relation, rule_name, trigger_name, function, ord)
LEFT JOIN LATERAL (
  SELECT to_regclass(dr.relation)::oid AS oid WHERE dr.rule_name = '' AND dr.trigger_name = '' AND dr.function = ''
  UNION ALL
  SELECT r.oid FROM pg_rewrite r WHERE dr.rule_name <> '' AND r.ev_class = to_regclass(dr.relation) AND r.rulename = dr.rule_name
  UNION ALL
  SELECT t.oid FROM pg_trigger t
  WHERE dr.trigger_name <> '' AND t.tgrelid = to_regclass(dr.relation) AND t.tgname = dr.trigger_name
  UNION ALL
  SELECT p.oid FROM pg_proc p, LATERAL (SELECT parse_ident(dr.relation) AS parts) n
  WHERE dr.function <> '' AND p.proname = n.parts[array_upper(n.parts, 1)]
    AND CASE WHEN array_length(n.parts, 1) = 2 THEN p.pronamespace = to_regnamespace(quote_ident(n.parts[1]))::oid
             ELSE p.pronamespace IN (SELECT to_regnamespace(quote_ident(s))::oid FROM unnest(current_schemas(true)) s)
        END
) o ON true
ORDER BY 1
