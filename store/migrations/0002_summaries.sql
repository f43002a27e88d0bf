-- Cached summaries. The key names the document hash, the mode or model and
-- the prompt version; doc_id ('' for the corpus overview) lets a re-index
-- delete exactly the entries it made stale.
CREATE TABLE summaries (
	key    TEXT PRIMARY KEY,
	doc_id TEXT NOT NULL,
	value  TEXT NOT NULL
);
CREATE INDEX summaries_doc ON summaries(doc_id);
