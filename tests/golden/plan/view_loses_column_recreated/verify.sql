SELECT count(*) = 1 FROM large_orders
