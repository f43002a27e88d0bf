// Package testsupport holds what several packages' tests share: a store
// filled with the seed corpus, and (in their own files) honest fakes of the
// external services docbot talks to.
package testsupport

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/benchdata"
	"github.com/docbot/docbot/store"
)

// BenchDB returns a database holding n generated passages
// (internal/benchdata), closed and removed when the benchmark ends. With
// DOCBOT_BENCH_CACHE=DIR it is kept in DIR, keyed by size and parser
// version, and reused by later runs: building 1M passages takes minutes.
func BenchDB(tb testing.TB, n int) *store.DB {
	tb.Helper()
	ctx := context.Background()
	dir := os.Getenv("DOCBOT_BENCH_CACHE")
	if dir == "" {
		dir = tb.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("bench-%d-parser%s.db", n, corpus.ParserVersion))
	db, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	ts, err := db.TermStats(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if ts.Passages > 0 { // a build cut short left nothing: Sync writes in one transaction
		tb.Logf("reusing %s (%d passages)", path, ts.Passages)
		return db
	}
	fsys, _, err := benchdata.Corpus(n)
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built %d passages in %v", n, time.Since(start).Round(time.Millisecond))
	return db
}

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
