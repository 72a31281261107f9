SELECT total = 10 FROM billing.invoice_totals WHERE id = 1
