INSERT INTO orders (id) VALUES (1), (2), (3);
SELECT nextval('ticket_no');
