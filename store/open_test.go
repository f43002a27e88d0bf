package store_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/store"
)

// Processes started together (a bot and an index run, replicas) may all
// open a database that does not exist yet: every open succeeds, and the
// schema is created once.
func TestConcurrentFirstOpensAllSucceed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "fresh.db")
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			db, err := store.Open(ctx, path)
			if err != nil {
				errs <- err
				return
			}
			errs <- db.Close()
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		if err != nil {
			t.Error(err)
			continue
		}
		ok++
	}
	if ok != n {
		t.Fatalf("%d of %d concurrent first opens succeeded", ok, n)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
}

// copyIndex copies a seeded index (checkpointed, so the main file holds
// everything) into a new folder and returns the copy's path.
func copyIndex(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src.db")
	db, err := store.Open(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Sync(context.Background(), corpus.Default(), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil { // the last close checkpoints and removes the -wal
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "ro", "index.db")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o444); err != nil {
		t.Fatal(err)
	}
	return dst
}

// A prebuilt index on a read-only volume opens read-only and answers.
// SQLite cannot create the -shm file WAL needs there; as root permissions
// do not stop it, so the test also puts folders where -shm and -wal go.
func TestReadOnlyIndexServes(t *testing.T) {
	ctx := context.Background()
	path := copyIndex(t)
	dir := filepath.Dir(path)
	for _, p := range []string{path + "-shm", path + "-wal"} {
		if err := os.Mkdir(p, 0o555); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open a read-only index: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Error("ReadOnly() = false")
	}
	docs, err := db.Docs(ctx)
	if err != nil || len(docs) != 5 {
		t.Fatalf("docs: %d, %v", len(docs), err)
	}
	if ids := searchIDs(t, db, "ground troops"); len(ids) == 0 {
		t.Error("search found nothing")
	}
	_, err = db.Sync(ctx, corpus.Default(), store.SyncOptions{})
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("sync on a read-only index: %v, want ErrReadOnly", err)
	}
}

// A -wal file deleted (or a database file replaced) under a running
// docbot made every later write vanish without a word. Now the database is
// reopened in place and that is logged, so later writes are kept; a deleted
// database file is reported (reopening would create an empty one): writes
// fail with ErrFilesChanged and Ping (/readyz) reports it.
func TestDeletedWALIsNoticed(t *testing.T) {
	ctx := context.Background()
	open := func(t *testing.T) (*store.DB, string, *bytes.Buffer) {
		path := filepath.Join(t.TempDir(), "x.db")
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		logs := &bytes.Buffer{}
		db.Log = slog.New(slog.NewTextHandler(logs, nil))
		if _, err := db.Salt(ctx); err != nil {
			t.Fatal(err)
		}
		return db, path, logs
	}
	t.Run("delete-wal", func(t *testing.T) {
		db, path, logs := open(t)
		if err := os.Remove(path + "-wal"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Sync(ctx, corpus.Default(), store.SyncOptions{}); err != nil {
			t.Fatalf("write after the -wal was deleted: %v", err)
		}
		if !strings.Contains(logs.String(), "reopened") {
			t.Errorf("the reopen was not logged: %q", logs.String())
		}
		// the write is in the files now at the path: a new process sees it
		db.Close()
		again, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		if docs, _ := again.Docs(ctx); len(docs) == 0 {
			t.Error("the write after the reopen was lost")
		}
	})
	t.Run("replace", func(t *testing.T) {
		db, path, logs := open(t)
		other := filepath.Join(t.TempDir(), "other.db")
		src, err := store.Open(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := src.Sync(ctx, corpus.Default(), store.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		src.Close()
		if err := os.Remove(path + "-wal"); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(other, path); err != nil { // a restore from a backup
			t.Fatal(err)
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("ping after the database was replaced: %v", err)
		}
		if docs, _ := db.Docs(ctx); len(docs) == 0 {
			t.Error("still reading the old database after it was replaced")
		}
		if !strings.Contains(logs.String(), "reopened") {
			t.Errorf("the reopen was not logged: %q", logs.String())
		}
	})
	t.Run("delete-database", func(t *testing.T) {
		db, path, _ := open(t)
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TakeBudget(ctx, "u", 5); !errors.Is(err, store.ErrFilesChanged) {
			t.Errorf("write after the database was deleted: %v, want ErrFilesChanged", err)
		}
		if err := db.Ping(ctx); !errors.Is(err, store.ErrFilesChanged) {
			t.Errorf("ping: %v, want ErrFilesChanged", err)
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("an empty database was created in place of the deleted one")
		}
	})
}
