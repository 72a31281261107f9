SELECT has_table_privilege('app', 'public.events', 'select')
   AND has_table_privilege('app', 'public.events', 'update')
   AND has_sequence_privilege('app', 'public.events_id_seq', 'usage');
