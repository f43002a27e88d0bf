package store_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// A passage's code blocks come back from a search and from Passages
// marked as code, pointing at the code's text.
func TestCodeSpansAreStored(t *testing.T) {
	ctx := context.Background()
	db := testsupport.OpenDB(t)
	fsys := fstest.MapFS{"once.md": {Data: []byte("# Once\n\nThe completion of a single call of setup from once.Do(setup) is synchronized before the return of any call.\n\n```go\nvar once sync.Once\n```\n")}}
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	hits, err := db.Search(ctx, "once", retrieval.Filter{}, 3)
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %v %v", hits, err)
	}
	ps, err := db.Passages(ctx, "once")
	if err != nil || len(ps) == 0 {
		t.Fatalf("passages: %v %v", ps, err)
	}
	for name, p := range map[string]struct {
		text string
		code []int
	}{"search": {hits[0].Text, flat(hits[0].Code)}, "passages": {ps[0].Text, flat(ps[0].Code)}} {
		if len(p.code) != 2 || p.text[p.code[0]:p.code[1]] != "var once sync.Once" || strings.Contains(p.text[:p.code[0]], "sync.Once") {
			t.Errorf("%s: code spans %v of %q", name, p.code, p.text)
		}
	}
}

func flat(spans []text.Span) []int {
	var out []int
	for _, sp := range spans {
		out = append(out, sp.Start, sp.End)
	}
	return out
}
