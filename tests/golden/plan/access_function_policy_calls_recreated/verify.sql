SET ROLE app;
SET app.org_id = '1';
SELECT string_agg(id::text, ',' ORDER BY id) = '1,3' FROM invoices;
