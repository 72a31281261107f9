SELECT customer = 'ann' FROM order_totals WHERE id = 1
