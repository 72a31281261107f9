INSERT INTO accounts (name) VALUES ('a'); INSERT INTO orders VALUES (1, 1); INSERT INTO teams VALUES (1, 't'); INSERT INTO members VALUES (1, 1);
