-- Documents and passages, with an external-content FTS5 index over passages.
CREATE TABLE documents (
	id         TEXT PRIMARY KEY,            -- path relative to the corpus root, no extension
	path       TEXT NOT NULL,
	title      TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	date       TEXT NOT NULL DEFAULT '',    -- YYYY-MM-DD or ''
	hash       TEXT NOT NULL,               -- corpus.File.Hash: skip unchanged files
	text       TEXT NOT NULL,               -- cleaned text; passage offsets point into it
	indexed_at TEXT NOT NULL
);

CREATE TABLE passages (
	rowid   INTEGER PRIMARY KEY,
	id      TEXT NOT NULL UNIQUE,           -- "<doc id>#<ordinal>"
	doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	ordinal INTEGER NOT NULL,
	title   TEXT NOT NULL,                  -- the document title, indexed with the passage
	heading TEXT NOT NULL DEFAULT '',
	body    TEXT NOT NULL,
	start   INTEGER NOT NULL,
	end     INTEGER NOT NULL
);
CREATE INDEX passages_doc ON passages(doc_id, ordinal);

CREATE VIRTUAL TABLE passages_fts USING fts5(
	title, heading, body,
	content = 'passages', content_rowid = 'rowid',
	tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Keep the index in step with passages inside the same transaction.
CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
	INSERT INTO passages_fts(rowid, title, heading, body) VALUES (new.rowid, new.title, new.heading, new.body);
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
	INSERT INTO passages_fts(passages_fts, rowid, title, heading, body)
	VALUES ('delete', old.rowid, old.title, old.heading, old.body);
END;

-- Document frequencies per stemmed term, for the relevance gate.
CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
