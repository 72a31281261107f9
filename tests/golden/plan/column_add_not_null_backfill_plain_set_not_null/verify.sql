SELECT priority = 0 FROM users
