INSERT INTO users (email) VALUES ('a@example.com'); INSERT INTO audit_events (user_id, action) VALUES (1, 'login'); INSERT INTO audit_notes VALUES (1, 1);
