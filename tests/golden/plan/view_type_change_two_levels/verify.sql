SELECT (SELECT sum FROM big_totals) = 2000000200 AND (SELECT count(*) FROM big_invoices) = 2
