SELECT status::text = 'sent' FROM requests
