SELECT (SELECT count(*) FROM archive.articles WHERE title = 'hello') = 1 AND (SELECT nextval('archive.articles_id_seq')) = 2
