INSERT INTO public.sessions VALUES (1), (2);
INSERT INTO public.session_hits VALUES (10, 1), (11, 2);
INSERT INTO public.cache_keys VALUES ('a');
INSERT INTO public.cache_values VALUES ('a', 'x');
