-- Korean syllables are now words of their own in the index, as Chinese and
-- Japanese characters are (internal/text.IsCJK, through docbot_cjk): a
-- Korean word carries its particles ("도서관은", "도서관에서"), so words
-- rarely matched. Rows indexed before hold Korean words whole, and the
-- delete trigger would now remove terms they were never indexed under, so
-- the full-text index is rebuilt when any passage holds a Hangul syllable.
INSERT INTO passages_fts(passages_fts)
SELECT 'rebuild' WHERE EXISTS (
	SELECT 1 FROM passages WHERE title GLOB '*[가-힣]*' OR heading GLOB '*[가-힣]*' OR body GLOB '*[가-힣]*'
);
