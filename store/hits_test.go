package store_test

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/benchdata"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Search reads its candidates through a cache of passages; what it returns
// is what the one joined query returns, hit for hit and in order, the
// second time (from the cache) as the first, and after AllPassages filled
// the cache.
func TestSearchCacheAgreesWithTheJoinedQuery(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	questions := []string{"what did Trump offer on ground troops?", "security guarantees", "Paris summit coalition of the willing",
		"ceasefire", "NATO membership for Ukraine", "who is the envoy", "how many countries met in Paris", "sanctions on Russia"}
	if qs, err := benchdata.Queries(); err == nil {
		questions = append(questions, qs[:100]...)
	}
	for pass := 0; pass < 3; pass++ {
		if pass == 2 { // a fresh database whose cache AllPassages filled
			db = testsupport.SeedDB(t)
			if _, err := db.AllPassages(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, question := range questions {
			q, err := retrieval.BuildQuery(question)
			if err != nil {
				continue
			}
			for _, limit := range []int{3, 20} {
				got, err := db.Search(ctx, q.Match, retrieval.Filter{}, limit)
				if err != nil {
					t.Fatal(err)
				}
				want, err := store.SearchJoined(ctx, db, q.Match, limit)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("pass %d, %q, limit %d:\n got %+v\nwant %+v", pass, question, limit, got, want)
				}
			}
		}
	}
}

// A reload changes what the cached passages say: the next search reads
// the new text.
func TestSearchCacheSeesAReload(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"a.txt": {Data: []byte("Harbour\n\nThe harbour opens at dawn for the fishing boats.\n")},
		"b.txt": {Data: []byte("Market\n\nThe market sells fish from the harbour every morning.\n")},
	}
	db := testsupport.IndexedDB(t, fsys)
	q, _ := retrieval.BuildQuery("harbour")
	hits, err := db.Search(ctx, q.Match, retrieval.Filter{}, 5)
	if err != nil || len(hits) != 2 {
		t.Fatalf("before: %v, %v", hits, err)
	}
	fsys["a.txt"] = &fstest.MapFile{Data: []byte("Harbour\n\nThe harbour closes at dusk.\n")}
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	hits, err = db.Search(ctx, q.Match, retrieval.Filter{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.DocID == "a" && h.Text != "The harbour closes at dusk." {
			t.Errorf("after the reload a reads %q", h.Text)
		}
	}
	want, _ := store.SearchJoined(ctx, db, q.Match, 5)
	if !reflect.DeepEqual(hits, want) {
		t.Errorf("after the reload:\n got %+v\nwant %+v", hits, want)
	}
}

// WalkPassages gives the passages AllPassages lists, at most limit of them.
func TestWalkPassages(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	all, err := db.AllPassages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]retrieval.Hit{}
	for _, h := range all {
		byID[h.ID] = h
	}
	for _, limit := range []int{3, len(all) + 10} {
		var got []retrieval.Hit
		if err := db.WalkPassages(ctx, limit, func(h *retrieval.Hit) { got = append(got, *h) }); err != nil {
			t.Fatal(err)
		}
		if want := min(limit, len(all)); len(got) != want {
			t.Errorf("limit %d: %d passages walked, want %d", limit, len(got), want)
		}
		for _, h := range got {
			if !reflect.DeepEqual(h, byID[h.ID]) {
				t.Errorf("walked %#v, listed %#v", h, byID[h.ID])
			}
		}
	}
}
