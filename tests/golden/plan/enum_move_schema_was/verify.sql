SELECT status = 'submitted' AND kind = 'recurring' FROM requests
