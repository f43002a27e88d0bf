-- What a page shows around the article that a reader may call it by
-- ("Breaking News", the weather widget's "Los Angeles"), which cleaning
-- removes from the text (corpus.Document.Labels): "the breaking news
-- article" names the page. Existing documents are marked changed (an
-- empty hash) so that the next sync parses them again and fills it.
ALTER TABLE documents ADD COLUMN labels TEXT NOT NULL DEFAULT '';
UPDATE documents SET hash = '';
