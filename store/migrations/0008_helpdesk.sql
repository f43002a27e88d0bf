-- The help desk: settings moderators set with /settings (NULL or a missing
-- row: the environment's default), the threads docbot answered as a help
-- desk (who asked, whether the helpers were called, whether it is solved),
-- and on each question whether it needed a human and whether it was solved.
CREATE TABLE guild_settings (
	guild           TEXT PRIMARY KEY,
	helper_role     TEXT NOT NULL DEFAULT '',  -- role id pinged by "Still need help?"
	private_default INTEGER,                   -- /ask private when not given
	daily_budget    INTEGER,                   -- requests per user per day; 0 unlimited
	updated_at      TEXT NOT NULL
);

CREATE TABLE channel_settings (
	channel          TEXT PRIMARY KEY,
	guild            TEXT NOT NULL,
	forum            INTEGER NOT NULL DEFAULT 0,  -- a forum channel (type 15)
	auto_answer      INTEGER NOT NULL DEFAULT 0,
	mention_required INTEGER NOT NULL DEFAULT 1,
	in_thread        INTEGER NOT NULL DEFAULT 1,  -- 0: answer inline
	updated_at       TEXT NOT NULL
);
CREATE INDEX channel_settings_guild ON channel_settings(guild);

CREATE TABLE help_threads (
	thread           TEXT PRIMARY KEY,
	guild            TEXT NOT NULL,
	parent           TEXT NOT NULL,      -- the forum or text channel
	forum            INTEGER NOT NULL,
	asker_hash       TEXT NOT NULL,
	started_at       TEXT NOT NULL,
	helper_called_at TEXT,
	solved_at        TEXT
);

ALTER TABLE questions ADD COLUMN needs_human INTEGER NOT NULL DEFAULT 0;
ALTER TABLE questions ADD COLUMN solved INTEGER NOT NULL DEFAULT 0;
