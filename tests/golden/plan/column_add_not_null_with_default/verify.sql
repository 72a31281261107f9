SELECT score = 0 FROM users
