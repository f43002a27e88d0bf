-- Which parts of a passage are code blocks: "start-end" byte offsets into
-- body, space-separated, '' for none. Code stays searchable (it is in body);
-- the extractive answerer reads this so that it never quotes a line of
-- code as a prose answer. Existing rows have none until their document is
-- re-parsed (corpus.ParserVersion changed with this migration).
ALTER TABLE passages ADD COLUMN code TEXT NOT NULL DEFAULT '';
