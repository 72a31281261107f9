-- The views, materialized views and rules that statements drop, as view_dependents.sql names them
-- (a view's pg_class oid, a rule's pg_rewrite oid), resolved with the session's search path as the
-- statements will be. $1: the view, or the rule's table, as regclass text; $2: the rule's name, or
-- '' for a view. One row per object (its 1-based position); NULL where nothing has that name.
SELECT dr.ord AS drop_index,
       CASE WHEN dr.rule_name = '' THEN to_regclass(dr.relation)::oid
            ELSE (SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = to_regclass(dr.relation) AND r.rulename = dr.rule_name)
       END AS dependent_oid
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY dr(relation, rule_name, ord)
ORDER BY 1
