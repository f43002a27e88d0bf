-- A document's whole cleaned text was stored but never read (passages hold
-- their own text and offsets). Writing it cost a reload two copies of the
-- largest file in SQLite's memory (the bound value and the row), and the
-- database its size again.
ALTER TABLE documents DROP COLUMN text;
