// Package testsupport holds what several packages' tests share: a store
// filled with the seed corpus, and (in their own files) honest fakes of the
// external services docbot talks to.
package testsupport

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/store"
)

// OpenDB opens a fresh database in a temporary directory.
func OpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "docbot.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// SeedDB returns a database holding the embedded default corpus.
func SeedDB(tb testing.TB) *store.DB {
	tb.Helper()
	return IndexedDB(tb, corpus.Default())
}

// IndexedDB returns a database holding the corpus in fsys.
func IndexedDB(tb testing.TB, fsys fs.FS) *store.DB {
	tb.Helper()
	db := OpenDB(tb)
	if _, err := db.Sync(context.Background(), fsys, store.SyncOptions{}); err != nil {
		tb.Fatal(err)
	}
	return db
}
