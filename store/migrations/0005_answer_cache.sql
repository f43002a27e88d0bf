-- Cached answers written by a model. The key names the normalised question,
-- its filter, the index generation, the model and the prompt version; every
-- write to the index deletes them all (a reload may change any answer).
CREATE TABLE answers (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
