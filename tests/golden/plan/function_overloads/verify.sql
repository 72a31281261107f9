SELECT area(2, 3) = 6 AND area(-2.0::float8, 3.0::float8) = 6
