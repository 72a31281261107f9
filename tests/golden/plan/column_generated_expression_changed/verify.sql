SELECT gross = 125 FROM t
