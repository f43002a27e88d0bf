package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/text"
)

// ErrEmptyCorpus means a corpus yielded no indexable document; the existing
// index is left as it was.
var ErrEmptyCorpus = errors.New("the corpus has no indexable documents")

// SyncOptions tune an index run.
type SyncOptions struct {
	MaxFileBytes int64                 // per-file size limit; 0 means corpus.DefaultMaxFileBytes
	Progress     func(done, total int) // called after each file read, then after each file parsed, if set
}

// Report says what an index run did.
type Report struct {
	Added     []string      `json:"added"`
	Changed   []string      `json:"changed"`
	Removed   []string      `json:"removed"`
	Unchanged int           `json:"unchanged"`
	Skipped   []corpus.Skip `json:"skipped"`
	// Kept are documents whose file or folder could not be read in this
	// run (Skipped says why, marked unreadable): the index keeps them as
	// they were instead of removing them.
	Kept      []string `json:"kept"`
	Repaired  []string `json:"repaired"` // files whose invalid UTF-8 was replaced
	Documents int      `json:"documents"`
	Passages  int      `json:"passages"` // in the index after the run
	Bytes     int64    `json:"bytes"`    // bytes of the files read
	Seconds   float64  `json:"seconds"`
}

// Wrote reports whether the run wrote anything.
func (r Report) Wrote() bool { return len(r.Added)+len(r.Changed)+len(r.Removed) > 0 }

// errNothingWritten rolls back a second pass that found nothing to write.
var errNothingWritten = errors.New("nothing to write")

// indexed is what the index holds of one document.
type indexed struct{ hash, path string }

// Sync brings the index in line with the corpus in fsys: new files are
// added, changed ones replaced, deleted ones removed, all in one
// transaction so that readers see the old index or the new one, never a
// mix. Unchanged files (same content hash) are not parsed again.
//
// It runs in two passes so that memory is bounded by the largest file,
// not the corpus: the first reads and hashes each file in turn, keeping
// only the hash; the second, in the write transaction, reads, parses and
// inserts the new and changed files one at a time.
//
// What cannot be read is not taken for deleted: a file or folder that
// fails to read keeps its documents (Report.Kept), and a corpus folder
// that disappears during the run (see corpus.Gone) aborts it with the old
// index intact. A corpus with no indexable document is refused with
// ErrEmptyCorpus, and a read-only database with ErrReadOnly; either way
// the index is left untouched. Cancelling ctx stops the run within a
// file read and rolls back.
func (db *DB) Sync(ctx context.Context, fsys fs.FS, opts SyncOptions) (Report, error) {
	start := time.Now()
	var rep Report
	if db.readOnly {
		return rep, fmt.Errorf("%w (opened read-only)", ErrReadOnly)
	}
	entries, skips, err := corpus.List(ctx, fsys)
	if err != nil {
		return rep, err
	}
	var unreadable []corpus.Skip // files and folders whose documents stay
	for _, s := range skips {
		if s.Unreadable {
			unreadable = append(unreadable, s)
		}
	}
	rep.Skipped = skips
	existing, err := db.indexed(ctx)
	if err != nil {
		return rep, fmt.Errorf("read index: %w", err)
	}

	// Pass 1: read and hash, in path order; keep nothing but the hash.
	seen := map[string]string{} // doc id → path that claimed it
	var todo []corpus.Entry     // new and changed files
	for i, e := range entries {
		f, skip, err := corpus.Read(ctx, fsys, e, opts.MaxFileBytes)
		if err != nil {
			return rep, err
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(entries))
		}
		if skip != nil {
			rep.Skipped = append(rep.Skipped, *skip)
			if skip.Unreadable {
				unreadable = append(unreadable, *skip)
			}
			continue
		}
		rep.Bytes += int64(len(f.Data))
		if other, dup := seen[f.ID]; dup {
			rep.Skipped = append(rep.Skipped, corpus.Skip{Path: f.Path, Reason: "same document id as " + other + ": rename one of them"})
			continue
		}
		seen[f.ID] = f.Path
		if f.Repaired {
			rep.Repaired = append(rep.Repaired, f.Path)
		}
		// a renamed file ("a.md" numbered "1-a.md") keeps its ID and
		// hash but not its place in the collection: written again
		if old, ok := existing[f.ID]; ok && old.hash == f.Hash && old.path == f.Path {
			rep.Unchanged++
			continue
		}
		todo = append(todo, e)
	}
	if err := corpus.Gone(fsys); err != nil {
		return rep, err
	}
	kept := keptDocs(existing, seen, unreadable)
	if len(seen) == 0 && len(kept) == 0 {
		rep.Seconds = time.Since(start).Seconds()
		return rep, ErrEmptyCorpus
	}
	var removed []string
	for id := range existing {
		if _, ok := seen[id]; !ok && !kept[id] {
			removed = append(removed, id)
		}
	}
	if len(todo) > 0 || len(removed) > 0 {
		// Pass 2 (in the write transaction): parse and write file by file.
		err := db.write(ctx, fsys, opts, todo, removed, existing, kept, &rep)
		if err != nil && !errors.Is(err, errNothingWritten) {
			if errors.Is(err, ErrEmptyCorpus) || errors.Is(err, corpus.ErrGone) || ctx.Err() != nil {
				return rep, err
			}
			return rep, fmt.Errorf("write index: %w", classify(err))
		}
	}
	for id := range kept {
		if _, ok := seen[id]; !ok {
			rep.Kept = append(rep.Kept, id)
		}
	}
	slices.Sort(rep.Kept)
	slices.Sort(rep.Removed)
	if err := db.sql().QueryRowContext(ctx, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)").Scan(&rep.Documents, &rep.Passages); err != nil {
		return rep, fmt.Errorf("count index: %w", err)
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// keptDocs are the indexed documents that an unreadable file or folder
// may still hold: the file itself, or anything under the folder.
func keptDocs(existing map[string]indexed, seen map[string]string, unreadable []corpus.Skip) map[string]bool {
	kept := map[string]bool{}
	for id, d := range existing {
		if _, ok := seen[id]; ok {
			continue
		}
		for _, u := range unreadable {
			if d.path == u.Path || strings.HasPrefix(d.path, u.Path+"/") || id == strings.TrimSuffix(u.Path, path.Ext(u.Path)) {
				kept[id] = true
				break
			}
		}
	}
	return kept
}

func (db *DB) indexed(ctx context.Context) (map[string]indexed, error) {
	rows, err := db.sql().QueryContext(ctx, "SELECT id, hash, path FROM documents")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]indexed{}
	for rows.Next() {
		var id string
		var d indexed
		if err := rows.Scan(&id, &d.hash, &d.path); err != nil {
			return nil, err
		}
		m[id] = d
	}
	return m, rows.Err()
}

// write is Sync's second pass, in one write transaction: each new or
// changed file is read again, parsed and written before the next is read,
// then deleted files' documents are removed. A file that fails to read
// now keeps its old document; one that no longer parses loses it.
func (db *DB) write(ctx context.Context, fsys fs.FS, opts SyncOptions, todo []corpus.Entry, removed []string,
	existing map[string]indexed, kept map[string]bool, rep *Report) error {
	now := db.Now().UTC().Format(time.RFC3339)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		insDoc, err := tx.PrepareContext(ctx, `INSERT INTO documents(id, path, title, url, date, labels, hash, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insDoc.Close()
		insPsg, err := tx.PrepareContext(ctx, `INSERT INTO passages(id, doc_id, ordinal, title, heading, body, start, end, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insPsg.Close()
		insAlias, err := tx.PrepareContext(ctx, `INSERT INTO aliases(doc_id, acronym, name) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insAlias.Close()
		for i, e := range todo {
			f, skip, err := corpus.Read(ctx, fsys, e, opts.MaxFileBytes)
			if err != nil {
				return err
			}
			_, had := existing[e.ID]
			if skip != nil {
				rep.Skipped = append(rep.Skipped, *skip)
				if skip.Unreadable && had {
					kept[e.ID] = true
					continue
				}
				if had {
					removed = append(removed, e.ID)
				}
				continue
			}
			doc, err := corpus.Parse(f) // f is not used again: its bytes go with the parse
			if err != nil {
				reason := "no text left after cleaning"
				var na *corpus.NotArticleError
				switch {
				case errors.As(err, &na):
					reason = na.Reason
				case !errors.Is(err, corpus.ErrEmpty):
					reason = "unparseable: " + err.Error()
				}
				rep.Skipped = append(rep.Skipped, corpus.Skip{Path: e.Path, Reason: reason})
				if had {
					removed = append(removed, e.ID)
				}
				continue
			}
			if had {
				if err := deleteDoc(ctx, tx, e.ID); err != nil {
					return fmt.Errorf("delete %s: %w", e.ID, err)
				}
				rep.Changed = append(rep.Changed, e.ID)
			} else {
				rep.Added = append(rep.Added, e.ID)
			}
			if _, err := insDoc.ExecContext(ctx, doc.ID, doc.Path, doc.Title, doc.URL, doc.Date, doc.Labels, doc.Hash, now); err != nil {
				return fmt.Errorf("insert %s: %w", doc.ID, err)
			}
			for _, p := range doc.Passages {
				if _, err := insPsg.ExecContext(ctx, PassageID(doc.ID, p.Ordinal), doc.ID, p.Ordinal, doc.Title, p.Heading, p.Text, p.Start, p.End, encodeSpans(p.Code)); err != nil {
					return fmt.Errorf("insert %s: %w", PassageID(doc.ID, p.Ordinal), err)
				}
				for _, a := range text.Abbreviations(p.Text) {
					if _, err := insAlias.ExecContext(ctx, doc.ID, a.Acronym, a.Name); err != nil {
						return fmt.Errorf("insert %s's aliases: %w", doc.ID, err)
					}
				}
			}
			if opts.Progress != nil {
				opts.Progress(i+1, len(todo))
			}
		}
		for _, id := range removed {
			if err := deleteDoc(ctx, tx, id); err != nil {
				return fmt.Errorf("delete %s: %w", id, err)
			}
		}
		rep.Removed = removed
		if !rep.Wrote() {
			return errNothingWritten // every file to write failed to read: keep all
		}
		var left int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM documents").Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			return ErrEmptyCorpus // nothing parsed: keep the old index
		}
		// A folder deleted while it was read leaves a partial corpus: keep
		// the old index rather than commit it.
		if err := corpus.Gone(fsys); err != nil {
			return err
		}
		if len(rep.Added) > 0 { // a new document makes every corpus overview stale
			if _, err := tx.ExecContext(ctx, "DELETE FROM summaries WHERE doc_id = ''"); err != nil {
				return err
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
	if _, err := tx.ExecContext(ctx, "DELETE FROM aliases WHERE doc_id = ?", id); err != nil {
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
