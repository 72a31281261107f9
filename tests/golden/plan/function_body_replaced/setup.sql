INSERT INTO billing.invoices (id) VALUES (1);
INSERT INTO billing.lines (id, invoice_id, amount) VALUES (1, 1, 10), (2, 1, -3);
