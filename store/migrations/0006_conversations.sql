-- The bot's threads and DMs: the last turns of each, so that follow-ups and
-- "what does source 2 say?" work after a restart. Conversations idle past
-- the retention period are deleted.
CREATE TABLE conversations (
	channel    TEXT PRIMARY KEY,   -- the thread or DM channel id
	started_at TEXT NOT NULL,      -- RFC 3339, UTC
	updated_at TEXT NOT NULL
);
CREATE INDEX conversations_updated ON conversations(updated_at);

CREATE TABLE conversation_turns (
	id          INTEGER PRIMARY KEY,
	channel     TEXT NOT NULL REFERENCES conversations(channel) ON DELETE CASCADE,
	question    TEXT NOT NULL,
	answer      TEXT NOT NULL,
	passage_ids TEXT NOT NULL,     -- JSON array in citation order: the first is [1]
	at          TEXT NOT NULL
);
CREATE INDEX conversation_turns_channel ON conversation_turns(channel, id);
