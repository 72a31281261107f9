SELECT (SELECT count(*) FROM billing.audit_events WHERE action = 'login') = 1 AND (SELECT count(*) FROM audit_notes) = 1 AND (SELECT nextval(pg_get_serial_sequence('billing.audit_events', 'id'))) = 2
