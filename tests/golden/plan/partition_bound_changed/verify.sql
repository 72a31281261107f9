SELECT count(*) = 2 AND count(*) FILTER (WHERE tableoid = 'events_2026_11'::regclass) = 1 FROM events
