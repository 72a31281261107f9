-- step oneINSERT INTO t VALUES (1);
