-- Rank with weighted bm25 (title 2, heading 1.5, body 1) through FTS5's
-- rank column, so "ORDER BY rank LIMIT n" can use FTS5's top-n path.
INSERT INTO passages_fts(passages_fts, rank) VALUES ('rank', 'bm25(2.0, 1.5, 1.0)');
