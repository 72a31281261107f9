SELECT mail = 'a@example.com' FROM users
