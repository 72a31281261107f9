SELECT mail = 'a@example.com' FROM user_emails
