INSERT INTO tickets (id, title) VALUES (1, '  Printer on fire '), (2, 'Coffee');
