package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/docbot/docbot/retrieval"
)

// Search's candidates, read through a cache. Within one index generation a
// passage's row never changes (every write to the index bumps the
// generation), so the top rows FTS5 ranks are read by rowid and score
// alone, and only the passages the cache lacks are read with their
// article's title, date and code spans. At 1k passages reading the 20
// candidates' rows was a fifth of a search (see docs/BENCHMARKS.md,
// "Session 9, issue 19").

// topQuery is the ranking half of the joined search (the same MATCH,
// weights, order and limit), with the generation it was read in.
const topQuery = `SELECT rowid, bm25(passages_fts, ` + bm25Weights + `) AS score, ` + generationExpr + `
FROM passages_fts WHERE passages_fts MATCH ? ORDER BY score LIMIT ?`

const generationExpr = `(SELECT coalesce((SELECT value FROM meta WHERE key = 'generation'), 0))`

// hitColumns are a passage's columns as Search returns them (the score
// aside), after its rowid.
const hitColumns = `p.rowid, p.id, p.doc_id, ` + hitTitle + `, d.url, d.date, p.heading, p.body, p.ordinal, p.code`

// maxCachedHits bounds the cache; past it, it starts over.
const maxCachedHits = 20_000

// hitCache holds passages as Search returns them, by rowid, for one
// generation of one open database.
type hitCache struct {
	mu  sync.Mutex
	h   *handle
	gen int64
	m   map[int64]retrieval.Hit
}

// lookup returns the cached passages of rows (nil where missing) and the
// rowids missing, after starting over if the database or its generation
// changed.
func (c *hitCache) lookup(h *handle, gen int64, rows []int64) ([]*retrieval.Hit, []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.h != h || c.gen != gen || c.m == nil || len(c.m) > maxCachedHits {
		c.h, c.gen, c.m = h, gen, map[int64]retrieval.Hit{}
	}
	out := make([]*retrieval.Hit, len(rows))
	var missing []int64
	for i, r := range rows {
		if hit, ok := c.m[r]; ok {
			out[i] = &hit
		} else {
			missing = append(missing, r)
		}
	}
	return out, missing
}

// add keeps hits read in generation gen of h.
func (c *hitCache) add(h *handle, gen int64, hits map[int64]retrieval.Hit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.h == h && c.gen == gen && c.m != nil {
		for r, hit := range hits {
			c.m[r] = hit
		}
	}
}

// fill keeps every passage of generation gen of h, read in one query.
func (c *hitCache) fill(h *handle, gen int64, rowids []int64, hits []retrieval.Hit) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.h != h || c.gen != gen || c.m == nil {
		c.h, c.gen, c.m = h, gen, make(map[int64]retrieval.Hit, len(hits))
	}
	for i, r := range rowids {
		c.m[r] = hits[i]
	}
}

// searchCached is the unfiltered Search: the top rows, then the rows the
// cache lacks. It reports ok false when a write committed between its two
// queries; the caller then searches in one query.
func (db *DB) searchCached(ctx context.Context, match string, limit int) (hits []retrieval.Hit, ok bool, err error) {
	h := db.h.Load()
	type ranked struct {
		rowid int64
		score float64
	}
	var top []ranked
	var gen int64
	rows, err := h.db.QueryContext(ctx, topQuery, match, limit)
	if err != nil {
		return nil, false, err
	}
	for rows.Next() {
		var r ranked
		if err := rows.Scan(&r.rowid, &r.score, &gen); err != nil {
			rows.Close()
			return nil, false, err
		}
		top = append(top, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if len(top) == 0 {
		return nil, true, nil
	}
	ids := make([]int64, len(top))
	for i, r := range top {
		ids[i] = r.rowid
	}
	cached, missing := db.hits.lookup(h, gen, ids)
	if len(missing) > 0 {
		read, readGen, err := readHits(ctx, h.db, missing)
		if err != nil {
			return nil, false, err
		}
		if readGen != gen || len(read) != len(missing) {
			return nil, false, nil
		}
		db.hits.add(h, gen, read)
		for i, r := range ids {
			if cached[i] == nil {
				hit := read[r]
				cached[i] = &hit
			}
		}
	}
	hits = make([]retrieval.Hit, len(top))
	for i, r := range top {
		hits[i] = *cached[i]
		hits[i].Score = -r.score
	}
	// the joined query's ORDER BY top.score, p.id
	sort.SliceStable(hits, func(a, b int) bool {
		if hits[a].Score != hits[b].Score {
			return hits[a].Score > hits[b].Score
		}
		return hits[a].ID < hits[b].ID
	})
	return hits, true, nil
}

// readHits reads the passages of rowids with the generation they were
// read in.
func readHits(ctx context.Context, db *sql.DB, rowids []int64) (map[int64]retrieval.Hit, int64, error) {
	args := make([]any, len(rowids))
	for i, r := range rowids {
		args[i] = r
	}
	rows, err := db.QueryContext(ctx, `SELECT `+hitColumns+`, `+generationExpr+`
FROM passages p JOIN documents d ON d.id = p.doc_id
WHERE p.rowid IN (?`+strings.Repeat(", ?", len(rowids)-1)+`)`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := make(map[int64]retrieval.Hit, len(rowids))
	var gen int64
	for rows.Next() {
		rowid, h, g, err := scanHit(rows)
		if err != nil {
			return nil, 0, err
		}
		out[rowid], gen = h, g
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read passages: %w", err)
	}
	return out, gen, nil
}

// scanHit reads a row of hitColumns and the generation: the passage's
// rowid, the passage, and the generation.
func scanHit(rows *sql.Rows) (rowid int64, h retrieval.Hit, gen int64, err error) {
	var code string
	if err := rows.Scan(&rowid, &h.ID, &h.DocID, &h.Title, &h.URL, &h.Date, &h.Heading, &h.Text, &h.Ordinal, &code, &gen); err != nil {
		return 0, h, 0, err
	}
	h.Code = decodeSpans(code, len(h.Text))
	return rowid, h, gen, nil
}
