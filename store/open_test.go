package store_test

import (
	"context"
	"errors"
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
// docbot made every later write vanish without a word. Writes now fail
// with ErrFilesChanged, which the bot logs, and Ping (/readyz) reports it.
func TestDeletedWALIsNoticed(t *testing.T) {
	ctx := context.Background()
	for _, victim := range []string{"-wal", ""} {
		t.Run("delete"+victim, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.db")
			db, err := store.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Salt(ctx); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(path + victim); err != nil {
				t.Fatal(err)
			}
			if _, err := db.TakeBudget(ctx, "u", 5); !errors.Is(err, store.ErrFilesChanged) {
				t.Errorf("write after %s was deleted: %v, want ErrFilesChanged", path+victim, err)
			}
			if err := db.Ping(ctx); !errors.Is(err, store.ErrFilesChanged) {
				t.Errorf("ping: %v, want ErrFilesChanged", err)
			}
		})
	}
}
