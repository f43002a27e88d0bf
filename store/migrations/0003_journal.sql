-- What the bot was asked and how it went, for /gaps, feedback and budgets.
-- Users are stored only as salted hashes.
CREATE TABLE questions (
	id          INTEGER PRIMARY KEY,
	guild       TEXT NOT NULL,
	user_hash   TEXT NOT NULL,
	command     TEXT NOT NULL,
	question    TEXT NOT NULL,
	answer      TEXT NOT NULL,
	outcome     TEXT NOT NULL,
	passage_ids TEXT NOT NULL,   -- space-separated
	asked_at    TEXT NOT NULL    -- RFC 3339, UTC
);
CREATE INDEX questions_asked ON questions(asked_at);

CREATE TABLE feedback (
	question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
	user_hash   TEXT NOT NULL,
	vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
	at          TEXT NOT NULL,
	PRIMARY KEY (question_id, user_hash)  -- a second click replaces the first
);

CREATE TABLE budgets (
	user_hash TEXT NOT NULL,
	day       TEXT NOT NULL,      -- YYYY-MM-DD, UTC
	used      INTEGER NOT NULL,
	PRIMARY KEY (user_hash, day)
);
