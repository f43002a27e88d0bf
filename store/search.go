package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
)

// bm25Weights weighs the columns (title, heading, body): a match in the
// article title or section heading counts more than one in the body.
const bm25Weights = "2.0, 1.5, 1.0"

// hitTitle is a hit's title: the document's, with the page for a passage
// of a PDF (its heading, "p. 3"; see corpus), so that a citation names the
// page it quotes.
const hitTitle = `CASE WHEN d.path LIKE '%.pdf' AND p.heading GLOB 'p. [1-9]*' THEN d.title || ' (' || p.heading || ')' ELSE d.title END`

// Search runs an FTS5 MATCH expression; see retrieval.Searcher. The
// expression must come from retrieval.BuildQuery: user text is never
// passed here unquoted. Ranking is bm25 with column weights title 2,
// heading 1.5, body 1. (FTS5's rank column configured with the same
// function measured 1.8× slower at 100k passages: see docs/BENCHMARKS.md.)
func (db *DB) Search(ctx context.Context, match string, f retrieval.Filter, limit int) ([]retrieval.Hit, error) {
	// Without filters, take the top rows from FTS5 first and join only
	// those: joining every match before sorting costs more than the search.
	// ORDER BY names the selected score so bm25 runs once per matching row
	// (ordering by the expression again, or by its negation, runs it twice).
	if !f.Active() && f.DocID == "" {
		hits, ok, err := db.searchCached(ctx, match, limit)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if ok {
			return hits, nil
		}
	}
	return db.searchJoined(ctx, match, f, limit)
}

// searchJoined is Search in one query, joining the top rows to their
// passages and articles.
func (db *DB) searchJoined(ctx context.Context, match string, f retrieval.Filter, limit int) ([]retrieval.Hit, error) {
	q := `WITH top AS MATERIALIZED (SELECT rowid, bm25(passages_fts, ` + bm25Weights + `) AS score
	FROM passages_fts WHERE passages_fts MATCH ? ORDER BY score LIMIT ?)
SELECT p.id, p.doc_id, ` + hitTitle + `, d.url, d.date, p.heading, p.body, p.ordinal, p.code, -top.score
FROM top JOIN passages p ON p.rowid = top.rowid JOIN documents d ON d.id = p.doc_id
ORDER BY top.score, p.id`
	args := []any{match, limit}
	if f.Active() || f.DocID != "" {
		var where strings.Builder
		args = []any{match}
		if f.Since != "" {
			where.WriteString(" AND d.date <> '' AND d.date >= ?")
			args = append(args, f.Since)
		}
		if f.Until != "" {
			where.WriteString(" AND d.date <> '' AND d.date <= ?")
			args = append(args, f.Until)
		}
		if f.DocID != "" {
			where.WriteString(" AND p.doc_id = ?")
			args = append(args, f.DocID)
		}
		args = append(args, limit)
		q = `SELECT p.id, p.doc_id, ` + hitTitle + `, d.url, d.date, p.heading, p.body, p.ordinal, p.code, -bm25(passages_fts, ` + bm25Weights + `) AS score
FROM passages_fts
JOIN passages p ON p.rowid = passages_fts.rowid
JOIN documents d ON d.id = p.doc_id
WHERE passages_fts MATCH ?` + where.String() + `
ORDER BY score DESC, p.id
LIMIT ?`
	}
	rows, err := db.sql().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []retrieval.Hit
	for rows.Next() {
		var h retrieval.Hit
		var code string
		if err := rows.Scan(&h.ID, &h.DocID, &h.Title, &h.URL, &h.Date, &h.Heading, &h.Text, &h.Ordinal, &code, &h.Score); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Code = decodeSpans(code, len(h.Text))
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return hits, nil
}

// AllPassages returns every passage as Search returns it (the score
// aside); see retrieval.PassageLister. They also fill Search's cache of
// passages, so that a small index's candidates are never read again in
// this generation.
func (db *DB) AllPassages(ctx context.Context) ([]retrieval.Hit, error) {
	h := db.h.Load()
	rows, err := h.db.QueryContext(ctx, `SELECT `+hitColumns+`, `+generationExpr+`
FROM passages p JOIN documents d ON d.id = p.doc_id`)
	if err != nil {
		return nil, fmt.Errorf("all passages: %w", err)
	}
	defer rows.Close()
	var hits []retrieval.Hit
	var rowids []int64
	var gen int64
	for rows.Next() {
		rowid, h, g, err := scanHit(rows)
		if err != nil {
			return nil, fmt.Errorf("all passages: %w", err)
		}
		hits, rowids, gen = append(hits, h), append(rowids, rowid), g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("all passages: %w", err)
	}
	if len(hits) <= maxCachedHits {
		db.hits.fill(h, gen, rowids, hits)
	}
	return hits, nil
}

var _ retrieval.PassageLister = (*DB)(nil)

// WalkPassages calls fn with each passage as Search returns it (the score
// aside), at most limit of them, reading one row at a time; see
// retrieval.PassageWalker.
func (db *DB) WalkPassages(ctx context.Context, limit int, fn func(*retrieval.Hit)) error {
	rows, err := db.sql().QueryContext(ctx, `SELECT `+hitColumns+`, `+generationExpr+`
FROM passages p JOIN documents d ON d.id = p.doc_id LIMIT ?`, limit)
	if err != nil {
		return fmt.Errorf("walk passages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		_, h, _, err := scanHit(rows)
		if err != nil {
			return fmt.Errorf("walk passages: %w", err)
		}
		fn(&h)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("walk passages: %w", err)
	}
	return nil
}

var _ retrieval.PassageWalker = (*DB)(nil)

// ArticlePassages returns every passage of the articles docIDs as Search
// returns it (without the score); see retrieval.ArticleLister.
func (db *DB) ArticlePassages(ctx context.Context, docIDs []string) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for len(docIDs) > 0 {
		n := min(len(docIDs), 500) // well under SQLite's limit on bound values
		var err error
		if hits, err = db.articlePassages(ctx, docIDs[:n], hits); err != nil {
			return nil, fmt.Errorf("article passages: %w", err)
		}
		docIDs = docIDs[n:]
	}
	return hits, nil
}

func (db *DB) articlePassages(ctx context.Context, docIDs []string, hits []retrieval.Hit) ([]retrieval.Hit, error) {
	args := make([]any, len(docIDs))
	for i, id := range docIDs {
		args[i] = id
	}
	rows, err := db.sql().QueryContext(ctx, `SELECT p.id, p.doc_id, `+hitTitle+`, d.url, d.date, p.heading, p.body, p.ordinal, p.code
FROM passages p JOIN documents d ON d.id = p.doc_id
WHERE p.doc_id IN (?`+strings.Repeat(", ?", len(docIDs)-1)+`)
ORDER BY p.doc_id, p.ordinal`, args...)
	if err != nil {
		return hits, err
	}
	defer rows.Close()
	for rows.Next() {
		var h retrieval.Hit
		var code string
		if err := rows.Scan(&h.ID, &h.DocID, &h.Title, &h.URL, &h.Date, &h.Heading, &h.Text, &h.Ordinal, &code); err != nil {
			return hits, err
		}
		h.Code = decodeSpans(code, len(h.Text))
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

var _ retrieval.ArticleLister = (*DB)(nil)

// TermStats returns the passage count and each stemmed term's document
// frequency from the FTS5 vocabulary. Both are cached until the index's
// generation (bumped by every write, by any process) changes: counting
// passages scans a table, and common terms recur across questions.
func (db *DB) TermStats(ctx context.Context, stems []string) (retrieval.TermStats, error) {
	ts := retrieval.TermStats{DF: make(map[string]int, len(stems))}
	var gen int64
	if err := db.sql().QueryRowContext(ctx, "SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0)").Scan(&gen); err != nil {
		return ts, fmt.Errorf("term stats: %w", err)
	}
	// Once the whole vocabulary of this generation is in memory (read for
	// spelling correction), every term's count is there: no query. (A
	// load in progress holds the lock: don't wait for it.)
	var v retrieval.Vocabulary
	if db.vocab.mu.TryLock() {
		v = db.vocab.v
		db.vocab.mu.Unlock()
	}
	c := &db.terms
	c.mu.Lock()
	if c.gen != gen || c.df == nil || len(c.df) > maxCachedTerms {
		c.gen, c.passages, c.df = gen, -1, map[string]int{}
	}
	ts.Passages, ts.Generation, ts.AvgLen = c.passages, gen, c.avgLen
	var missing []string
	for _, s := range stems {
		if v.DF != nil && v.Generation == gen {
			ts.DF[s] = v.DF[s]
		} else if n, ok := c.df[s]; ok {
			ts.DF[s] = n
		} else {
			missing = append(missing, s)
		}
	}
	c.mu.Unlock()

	if ts.Passages < 0 {
		if err := db.sql().QueryRowContext(ctx, "SELECT count(*) FROM passages").Scan(&ts.Passages); err != nil {
			return ts, fmt.Errorf("term stats: %w", err)
		}
		avg, err := db.averageLengths(ctx)
		if err != nil {
			return ts, fmt.Errorf("term stats: %w", err)
		}
		ts.AvgLen = avg
	}
	if len(missing) > 0 {
		stmt, err := db.sql().PrepareContext(ctx, "SELECT doc FROM passages_vocab WHERE term = ?")
		if err != nil {
			return ts, fmt.Errorf("term stats: %w", err)
		}
		defer stmt.Close()
		for _, s := range missing {
			var n int
			err := stmt.QueryRowContext(ctx, s).Scan(&n)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return ts, fmt.Errorf("term stats: %w", err)
			}
			ts.DF[s] = n
		}
	}
	c.mu.Lock()
	if c.gen == gen { // no write began a new generation meanwhile
		c.passages, c.avgLen = ts.Passages, ts.AvgLen
		for _, s := range missing {
			c.df[s] = ts.DF[s]
		}
	}
	c.mu.Unlock()
	return ts, nil
}

// maxCachedTerms bounds the term cache; past it, the cache starts over.
const maxCachedTerms = 100_000

// termCache holds TermStats results for one index generation.
type termCache struct {
	mu       sync.Mutex
	gen      int64
	passages int            // -1: not counted yet
	avgLen   [3]float64     // tokens per passage in title, heading, body
	df       map[string]int // stem → passages containing it
}

// averageLengths returns the average number of tokens per passage in the
// title, heading and body columns, from the totals FTS5 keeps for its own
// bm25 (the "averages" record, rowid 1 of passages_fts_data: the row
// count, then each column's token total, as SQLite varints).
func (db *DB) averageLengths(ctx context.Context) ([3]float64, error) {
	var avg [3]float64
	var blob []byte
	err := db.sql().QueryRowContext(ctx, "SELECT block FROM passages_fts_data WHERE id = 1").Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return avg, nil // an empty index
	}
	if err != nil {
		return avg, fmt.Errorf("average lengths: %w", err)
	}
	rows, n := sqliteVarint(blob)
	if n == 0 || rows == 0 {
		return avg, nil
	}
	blob = blob[n:]
	for i := range avg {
		total, n := sqliteVarint(blob)
		if n == 0 {
			return avg, fmt.Errorf("average lengths: short record")
		}
		blob = blob[n:]
		avg[i] = float64(total) / float64(rows)
	}
	return avg, nil
}

// sqliteVarint decodes SQLite's big-endian varint (7 bits a byte, the
// ninth byte whole) and returns it with its length, 0 when b is too short.
func sqliteVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 9 && i < len(b); i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// Vocabulary returns every stemmed term of the index with the number of
// passages containing it, for spelling correction. It is read once per
// index generation and shared: callers must not modify it.
func (db *DB) Vocabulary(ctx context.Context) (retrieval.Vocabulary, error) {
	var gen int64
	if err := db.sql().QueryRowContext(ctx, "SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0)").Scan(&gen); err != nil {
		return retrieval.Vocabulary{}, fmt.Errorf("vocabulary: %w", err)
	}
	c := &db.vocab
	c.mu.Lock()
	defer c.mu.Unlock() // one reader loads; the others wait for its result
	if c.v.DF != nil && c.v.Generation == gen {
		return c.v, nil
	}
	rows, err := db.sql().QueryContext(ctx, "SELECT term, doc FROM passages_vocab")
	if err != nil {
		return retrieval.Vocabulary{}, fmt.Errorf("vocabulary: %w", err)
	}
	defer rows.Close()
	v := retrieval.Vocabulary{Generation: gen, DF: map[string]int{}}
	for rows.Next() {
		var term string
		var n int
		if err := rows.Scan(&term, &n); err != nil {
			return retrieval.Vocabulary{}, fmt.Errorf("vocabulary: %w", err)
		}
		v.DF[term] = n
	}
	if err := rows.Err(); err != nil {
		return retrieval.Vocabulary{}, fmt.Errorf("vocabulary: %w", err)
	}
	if v.Aliases, err = db.aliases(ctx); err != nil {
		return retrieval.Vocabulary{}, fmt.Errorf("vocabulary: %w", err)
	}
	if v.Acronyms, err = db.acronyms(ctx); err != nil {
		return retrieval.Vocabulary{}, fmt.Errorf("vocabulary: %w", err)
	}
	c.v = v
	return v, nil
}

// aliases reads the acronyms the articles define, each with its most
// often written spelling.
func (db *DB) aliases(ctx context.Context) (map[string]string, error) {
	rows, err := db.sql().QueryContext(ctx, `SELECT acronym, name FROM aliases GROUP BY acronym, name ORDER BY acronym, count(*) DESC, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var acr, name string
		if err := rows.Scan(&acr, &name); err != nil {
			return nil, err
		}
		if _, ok := m[acr]; !ok {
			m[acr] = name
		}
	}
	return m, rows.Err()
}

// maxAcronymPassages bounds the index whose passages are read for the
// acronyms they spell out (see acronyms). Past it, reading them would cost
// more than the lookups it saves (each acronym is looked up once per
// generation anyway).
const maxAcronymPassages = 20_000

// acronyms collects every acronym some passage's body spells out in
// capitalised words (see retrieval.Vocabulary.Acronyms), so that a
// question's acronym-shaped word that no passage spells out costs no
// prefix query. It returns nil past maxAcronymPassages.
func (db *DB) acronyms(ctx context.Context) (map[string]bool, error) {
	var n int
	if err := db.sql().QueryRowContext(ctx, "SELECT count(*) FROM passages").Scan(&n); err != nil {
		return nil, err
	}
	if n > maxAcronymPassages {
		return nil, nil
	}
	rows, err := db.sql().QueryContext(ctx, "SELECT body FROM passages")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	var body sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		text.SpelledOutAcronyms(string(body), retrieval.MaxAcronym, set)
	}
	return set, rows.Err()
}

// vocabCache holds the Vocabulary of one index generation.
type vocabCache struct {
	mu sync.Mutex
	v  retrieval.Vocabulary
}

// CountUndated returns the number of documents without a date.
func (db *DB) CountUndated(ctx context.Context) (int, error) {
	var n int
	err := db.sql().QueryRowContext(ctx, "SELECT count(*) FROM documents WHERE date = ''").Scan(&n)
	return n, err
}

// Docs lists the indexed documents in the collection's order, their
// files' (corpus.ComparePaths: "the first article" is the first listed);
// see retrieval.Library.
func (db *DB) Docs(ctx context.Context) ([]retrieval.Document, error) {
	rows, err := db.sql().QueryContext(ctx, `SELECT d.id, d.path, d.title, d.url, d.date, d.labels, d.hash, d.indexed_at,
	(SELECT count(*) FROM passages p WHERE p.doc_id = d.id)
FROM documents d ORDER BY d.path, d.id`)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var docs []retrieval.Document
	var paths []string
	for rows.Next() {
		var d retrieval.Document
		var p string
		if err := rows.Scan(&d.ID, &p, &d.Title, &d.URL, &d.Date, &d.Labels, &d.Hash, &d.IndexedAt, &d.Passages); err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		docs, paths = append(docs, d), append(paths, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return corpus.ComparePaths(paths[i], paths[j]) })
	out := make([]retrieval.Document, len(docs))
	for k, i := range order {
		out[k] = docs[i]
	}
	return out, nil
}

// Summary returns a cached summary, or "" when there is none.
func (db *DB) Summary(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql().QueryRowContext(ctx, "SELECT value FROM summaries WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read summary: %w", err)
	}
	return v, nil
}

// SaveSummary caches a summary of docID ("" for the corpus overview). A
// re-index that changes or removes the document deletes it, and every
// change deletes the overviews.
func (db *DB) SaveSummary(ctx context.Context, key, docID, value string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO summaries(key, doc_id, value) VALUES (?, ?, ?)
ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, docID, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("save summary: %w", err)
	}
	return nil
}

// Generation is the index's generation: every write to the index bumps it.
func (db *DB) Generation(ctx context.Context) (int64, error) {
	var gen int64
	if err := db.sql().QueryRowContext(ctx, "SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0)").Scan(&gen); err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	return gen, nil
}

// CachedAnswer returns a cached answer, or "" when there is none.
func (db *DB) CachedAnswer(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql().QueryRowContext(ctx, "SELECT value FROM answers WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read answer: %w", err)
	}
	return v, nil
}

// maxCachedAnswers bounds the answer cache; the oldest entries go first.
const maxCachedAnswers = 10000

// SaveAnswer caches an answer. Every write to the index deletes them all.
func (db *DB) SaveAnswer(ctx context.Context, key, value string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO answers(key, value) VALUES (?, ?)
ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM answers WHERE rowid <= (SELECT max(rowid) FROM answers) - ?", maxCachedAnswers)
		return err
	})
	if err != nil {
		return fmt.Errorf("save answer: %w", err)
	}
	return nil
}

// Passages returns a document's passages in order.
func (db *DB) Passages(ctx context.Context, docID string) ([]retrieval.Passage, error) {
	rows, err := db.sql().QueryContext(ctx, `SELECT p.id, p.doc_id, d.title, d.url, d.date, p.heading, p.body, p.ordinal, p.code
FROM passages p JOIN documents d ON d.id = p.doc_id WHERE p.doc_id = ? ORDER BY p.ordinal`, docID)
	if err != nil {
		return nil, fmt.Errorf("passages of %s: %w", docID, err)
	}
	defer rows.Close()
	var ps []retrieval.Passage
	for rows.Next() {
		var p retrieval.Passage
		var code string
		if err := rows.Scan(&p.ID, &p.DocID, &p.Title, &p.URL, &p.Date, &p.Heading, &p.Text, &p.Ordinal, &code); err != nil {
			return nil, fmt.Errorf("passages of %s: %w", docID, err)
		}
		p.Code = decodeSpans(code, len(p.Text))
		ps = append(ps, p)
	}
	return ps, rows.Err()
}
