package store

import (
	"context"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/retrieval"
)

// An index written before Korean syllables were index terms holds Korean
// words whole. Opening it rebuilds the full-text index (migration 0012),
// after which it is consistent, a Korean question matches, and deleting
// the old rows keeps it consistent.
func TestHangulMigrationRebuildsTheIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"ko.md": {Data: []byte("# 도서관 이용 안내\n\n도서관은 평일 아침 아홉 시에 문을 엽니다. 회원은 다섯 권까지 책을 빌릴 수 있습니다.\n")},
		"en.md": {Data: []byte("# Garden\n\nThe greenhouse is watered every morning at seven by the volunteer on duty.\n")},
	}
	if _, err := db.Sync(ctx, fsys, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	// Re-index every row as the previous docbot_cjk did: Korean untouched.
	for _, stmt := range []string{
		`INSERT INTO passages_fts(passages_fts, rowid, title, heading, body)
		 SELECT 'delete', rowid, docbot_cjk(title), docbot_cjk(heading), docbot_cjk(body) FROM passages`,
		`INSERT INTO passages_fts(rowid, title, heading, body) SELECT rowid, title, heading, body FROM passages`,
	} {
		if _, err := db.sql().ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Check(ctx); err == nil {
		t.Fatal("the simulated old index passes the check: the test proves nothing")
	}
	// and without the later migrations' columns
	if _, err := db.sql().ExecContext(ctx, `ALTER TABLE documents DROP COLUMN labels`); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSchemaVersion(ctx, 11); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after the migration: %v", err)
	}
	hits, err := db.Search(ctx, `"도" OR "서" OR "관"`, retrieval.Filter{}, 3)
	if err != nil || len(hits) == 0 || hits[0].DocID != "ko" {
		t.Errorf("Korean search after the migration: %v %v", hits, err)
	}
	delete(fsys, "ko.md")
	if _, err := db.Sync(ctx, fsys, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err != nil {
		t.Fatalf("after deleting the Korean document: %v", err)
	}
}
