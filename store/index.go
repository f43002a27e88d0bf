package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/docbot/docbot/corpus"
)

// ErrEmptyCorpus means a corpus yielded no indexable document; the existing
// index is left as it was.
var ErrEmptyCorpus = errors.New("the corpus has no indexable documents")

// SyncOptions tune an index run.
type SyncOptions struct {
	MaxFileBytes int64                 // per-file size limit; 0 means corpus.DefaultMaxFileBytes
	Progress     func(done, total int) // called after each parsed file, if set
}

// Report says what an index run did.
type Report struct {
	Added     []string      `json:"added"`
	Changed   []string      `json:"changed"`
	Removed   []string      `json:"removed"`
	Unchanged int           `json:"unchanged"`
	Skipped   []corpus.Skip `json:"skipped"`
	Repaired  []string      `json:"repaired"` // files whose invalid UTF-8 was replaced
	Documents int           `json:"documents"`
	Passages  int           `json:"passages"` // in the index after the run
	Bytes     int64         `json:"bytes"`    // bytes of the files read
	Seconds   float64       `json:"seconds"`
}

// Wrote reports whether the run wrote anything.
func (r Report) Wrote() bool { return len(r.Added)+len(r.Changed)+len(r.Removed) > 0 }

// Sync brings the index in line with the corpus in fsys: new files are
// added, changed ones replaced, deleted ones removed, all in one
// transaction so that readers see the old index or the new one, never a
// mix. Unchanged files (same content hash) are not parsed again. A corpus
// with no indexable document is refused with ErrEmptyCorpus and the index
// is left untouched.
func (db *DB) Sync(ctx context.Context, fsys fs.FS, opts SyncOptions) (Report, error) {
	start := time.Now()
	var rep Report
	files, skips, err := corpus.Scan(fsys, opts.MaxFileBytes)
	if err != nil {
		return rep, err
	}
	rep.Skipped = skips
	existing, err := db.hashes(ctx)
	if err != nil {
		return rep, fmt.Errorf("read index: %w", err)
	}
	var docs []corpus.Document
	seen := map[string]string{} // doc id → path that claimed it
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(files))
		}
		rep.Bytes += int64(len(f.Data))
		if other, dup := seen[f.ID]; dup {
			rep.Skipped = append(rep.Skipped, corpus.Skip{Path: f.Path, Reason: "same document id as " + other + ": rename one of them"})
			continue
		}
		if f.Repaired {
			rep.Repaired = append(rep.Repaired, f.Path)
		}
		if h, ok := existing[f.ID]; ok && h == f.Hash {
			seen[f.ID] = f.Path
			rep.Unchanged++
			continue
		}
		doc, err := corpus.Parse(f)
		if err != nil {
			rep.Skipped = append(rep.Skipped, corpus.Skip{Path: f.Path, Reason: "no text left after cleaning"})
			continue
		}
		seen[f.ID] = f.Path
		if _, ok := existing[f.ID]; ok {
			rep.Changed = append(rep.Changed, f.ID)
		} else {
			rep.Added = append(rep.Added, f.ID)
		}
		docs = append(docs, doc)
	}
	if len(seen) == 0 {
		rep.Seconds = time.Since(start).Seconds()
		return rep, ErrEmptyCorpus
	}
	for id := range existing {
		if _, ok := seen[id]; !ok {
			rep.Removed = append(rep.Removed, id)
		}
	}
	if rep.Wrote() {
		if err := db.write(ctx, docs, rep.Changed, rep.Removed); err != nil {
			return rep, fmt.Errorf("write index: %w", classify(err))
		}
	}
	if err := db.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)").Scan(&rep.Documents, &rep.Passages); err != nil {
		return rep, fmt.Errorf("count index: %w", err)
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

func (db *DB) hashes(ctx context.Context) (map[string]string, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, hash FROM documents")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, err
		}
		m[id] = h
	}
	return m, rows.Err()
}

// write replaces changed documents, removes deleted ones and inserts new
// ones in a single transaction.
func (db *DB) write(ctx context.Context, docs []corpus.Document, changed, removed []string) error {
	now := db.Now().UTC().Format(time.RFC3339)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, ids := range [][]string{changed, removed} {
			for _, id := range ids {
				if err := deleteDoc(ctx, tx, id); err != nil {
					return fmt.Errorf("delete %s: %w", id, err)
				}
			}
		}
		insDoc, err := tx.PrepareContext(ctx, `INSERT INTO documents(id, path, title, url, date, hash, text, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insDoc.Close()
		insPsg, err := tx.PrepareContext(ctx, `INSERT INTO passages(id, doc_id, ordinal, title, heading, body, start, end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insPsg.Close()
		if len(docs) > 0 { // a new document makes every corpus overview stale
			if _, err := tx.ExecContext(ctx, "DELETE FROM summaries WHERE doc_id = ''"); err != nil {
				return err
			}
		}
		for _, d := range docs {
			if _, err := insDoc.ExecContext(ctx, d.ID, d.Path, d.Title, d.URL, d.Date, d.Hash, d.Text, now); err != nil {
				return fmt.Errorf("insert %s: %w", d.ID, err)
			}
			for _, p := range d.Passages {
				if _, err := insPsg.ExecContext(ctx, PassageID(d.ID, p.Ordinal), d.ID, p.Ordinal, d.Title, p.Heading, p.Text, p.Start, p.End); err != nil {
					return fmt.Errorf("insert %s: %w", PassageID(d.ID, p.Ordinal), err)
				}
			}
		}
		// Any change can change any answer: cached answers go.
		if _, err := tx.ExecContext(ctx, "DELETE FROM answers"); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('indexed_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, now); err != nil {
			return err
		}
		// Every write starts a new generation: caches of index statistics,
		// in this process or another, key on it.
		_, err = tx.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('generation', 1) ON CONFLICT(key) DO UPDATE SET value = value + 1`)
		return err
	})
}

func deleteDoc(ctx context.Context, tx *sql.Tx, id string) error {
	// Its cached summaries, and every corpus overview, are stale now.
	if _, err := tx.ExecContext(ctx, "DELETE FROM summaries WHERE doc_id = ? OR doc_id = ''", id); err != nil {
		return err
	}
	// Passages first, so the FTS delete trigger sees each row.
	if _, err := tx.ExecContext(ctx, "DELETE FROM passages WHERE doc_id = ?", id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM documents WHERE id = ?", id)
	return err
}

// PassageID is the stable id of a document's passage: "<doc id>#<ordinal>".
func PassageID(docID string, ordinal int) string {
	return fmt.Sprintf("%s#%d", docID, ordinal)
}
