SELECT count(*) = 1 FROM billing.open_invoices
