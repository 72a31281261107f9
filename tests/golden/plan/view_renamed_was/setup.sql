INSERT INTO billing.invoices VALUES (1, 10, NULL), (2, 20, now());
