SELECT bool_and(handle = split_part(email, '@', 1)) FROM users
