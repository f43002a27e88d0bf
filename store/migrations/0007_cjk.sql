-- Chinese and Japanese: unicode61 takes a run of Han or kana as one word,
-- so a question never matches. The index now holds docbot_cjk(column)
-- (internal/text.SpaceCJK, registered on every connection: a space around
-- each such character), read through a view so that FTS5's rebuild and
-- integrity-check see the same text the triggers index. Other text is
-- indexed exactly as before.
DROP TRIGGER passages_ai;
DROP TRIGGER passages_ad;
DROP TABLE passages_vocab;
DROP TABLE passages_fts;

CREATE VIEW passages_fts_src(prowid, title, heading, body) AS
	SELECT rowid, docbot_cjk(title), docbot_cjk(heading), docbot_cjk(body) FROM passages;

CREATE VIRTUAL TABLE passages_fts USING fts5(
	title, heading, body,
	content = 'passages_fts_src', content_rowid = 'prowid',
	tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
	INSERT INTO passages_fts(rowid, title, heading, body)
	VALUES (new.rowid, docbot_cjk(new.title), docbot_cjk(new.heading), docbot_cjk(new.body));
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
	INSERT INTO passages_fts(passages_fts, rowid, title, heading, body)
	VALUES ('delete', old.rowid, docbot_cjk(old.title), docbot_cjk(old.heading), docbot_cjk(old.body));
END;

CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'row');

INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');
