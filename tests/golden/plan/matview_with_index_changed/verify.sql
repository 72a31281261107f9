SELECT sales = 2 AND total = 15 FROM daily_sales WHERE day = '2026-01-01'
