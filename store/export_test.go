package store

import (
	"context"
	"fmt"
)

var FTS5Available = fts5Available

// SetSchemaVersion pretends the database was written by another docbot.
func (db *DB) SetSchemaVersion(ctx context.Context, v int) error {
	_, err := db.db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}

// PassageRowIDs returns the rowids of a document's passages: they change
// only when the document is re-chunked.
func (db *DB) PassageRowIDs(ctx context.Context, docID string) ([]int64, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT rowid FROM passages WHERE doc_id = ? ORDER BY ordinal", docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// IntegrityCheck runs SQLite's and FTS5's integrity checks.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := db.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return &integrityError{res}
	}
	_, err := db.db.ExecContext(ctx, "INSERT INTO passages_fts(passages_fts) VALUES('integrity-check')")
	return err
}

type integrityError struct{ msg string }

func (e *integrityError) Error() string { return "integrity_check: " + e.msg }
