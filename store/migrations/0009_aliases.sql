-- Acronyms the articles define ("the International Criminal Court (ICC)"),
-- found at index time (internal/text.Abbreviations), so that a question
-- about the "ICC" searches for the court's name. Rows go with their
-- document. Existing documents are marked changed (an empty hash) so that
-- the next sync parses them again and fills the table.
CREATE TABLE aliases (
	doc_id  TEXT NOT NULL,
	acronym TEXT NOT NULL,
	name    TEXT NOT NULL
);
CREATE INDEX aliases_doc ON aliases(doc_id);
UPDATE documents SET hash = '';
