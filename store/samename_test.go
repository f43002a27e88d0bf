package store_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Two files that differ only in their extension (notes/a.md and
// notes/a.txt) are both indexed, each with an ID and a title of its own;
// when one goes, the other is known by the short ID again.
func TestSameNamedFilesAreBothIndexed(t *testing.T) {
	ctx := context.Background()
	db := testsupport.OpenDB(t)
	fsys := fstest.MapFS{
		"notes/a.md":  {Data: []byte("# Opening hours\n\nThe greenhouse opens at seven every morning in the summer months.\n")},
		"notes/a.txt": {Data: []byte("Opening hours\n\nThe library lends five books per reader for three weeks at a time.\n")},
		"notes/b.md":  {Data: []byte("# Other\n\nNothing shares this file's name.\n")},
	}
	rep, err := db.Sync(ctx, fsys, store.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped %v", rep.Skipped)
	}
	docs, err := db.Docs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	want := map[string]string{"notes/a.md": "Opening hours (a.md)", "notes/a.txt": "Opening hours (a.txt)", "notes/b": "Other"}
	for id, title := range want {
		if titles[id] != title {
			t.Errorf("document %s titled %q, want %q (all: %v)", id, titles[id], title, titles)
		}
	}
	if len(titles) != len(want) {
		t.Errorf("documents %v, want %v", titles, want)
	}
	for match, id := range map[string]string{"greenhouse": "notes/a.md", "library": "notes/a.txt"} {
		hits, err := db.Search(ctx, match, retrieval.Filter{}, 3)
		if err != nil || len(hits) == 0 || hits[0].DocID != id {
			t.Errorf("%s: hits %v (%v), want %s", match, hits, err, id)
		}
	}

	delete(fsys, "notes/a.txt")
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	docs, err = db.Docs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles = map[string]string{}
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	if len(titles) != 2 || titles["notes/a"] != "Opening hours" {
		t.Errorf("after removing a.txt: %v, want notes/a titled \"Opening hours\" and notes/b", titles)
	}
}
