package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/docbot/docbot/retrieval"
)

var FTS5Available = fts5Available

// RawDB is the database/sql handle, for the raw-FTS5 baseline benchmarks.
func RawDB(db *DB) *sql.DB { return db.sql() }

// LimitPages caps the database file at its current size plus extra pages,
// as a full disk would; a large extra lifts the cap. It pins the pool to
// one connection so the limit applies to the next write.
func (db *DB) LimitPages(ctx context.Context, extra int) error {
	db.sql().SetMaxOpenConns(2) // the pinned connection and one more
	var n int
	if err := db.sql().QueryRowContext(ctx, "PRAGMA page_count").Scan(&n); err != nil {
		return err
	}
	_, err := db.sql().ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n+extra))
	return err
}

// QueryOnly makes the database refuse writes (SQLITE_READONLY) while on,
// as a read-only file or mount would. It pins the pool to one connection.
func (db *DB) QueryOnly(ctx context.Context, on bool) error {
	db.sql().SetMaxOpenConns(2) // the pinned connection and one more
	_, err := db.sql().ExecContext(ctx, fmt.Sprintf("PRAGMA query_only = %t", on))
	return err
}

// SetSchemaVersion pretends the database was written by another docbot.
func (db *DB) SetSchemaVersion(ctx context.Context, v int) error {
	_, err := db.sql().ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}

// PassageRowIDs returns the rowids of a document's passages: they change
// only when the document is re-chunked.
func (db *DB) PassageRowIDs(ctx context.Context, docID string) ([]int64, error) {
	rows, err := db.sql().QueryContext(ctx, "SELECT rowid FROM passages WHERE doc_id = ? ORDER BY ordinal", docID)
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

// SearchJoined is Search without the candidates' cache: one query joining
// the top rows to their passages.
func SearchJoined(ctx context.Context, db *DB, match string, limit int) ([]retrieval.Hit, error) {
	return db.searchJoined(ctx, match, retrieval.Filter{}, limit)
}
