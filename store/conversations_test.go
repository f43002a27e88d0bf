package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// A conversation's turns survive closing and reopening the database,
// keep their cited passages in order, are bounded, and expire.
func TestConversationsSurviveReopenAreBoundedAndExpire(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	passages, err := db.Passages(ctx, "can-security-guarantees-bring-peace")
	if err != nil || len(passages) < 3 {
		t.Fatalf("passages: %v, %d", err, len(passages))
	}
	t0 := time.Date(2025, 9, 27, 12, 0, 0, 0, time.UTC)
	if _, ok, err := db.Turns(ctx, "thread", t0); ok || err != nil {
		t.Fatalf("Turns of an unknown channel: ok=%v err=%v", ok, err)
	}
	if err := db.SaveTurn(ctx, "thread", nil, t0, 3); err != nil {
		t.Fatal(err)
	}
	if turns, ok, err := db.Turns(ctx, "thread", t0); !ok || err != nil || len(turns) != 0 {
		t.Fatalf("a started conversation: %v %v %v", turns, ok, err)
	}
	cited := []retrieval.Passage{passages[2], {ID: "gone#7"}, passages[0]}
	for k := range 5 {
		turn := retrieval.Turn{Question: "q" + string(rune('0'+k)), Answer: "a", Sources: cited}
		if err := db.SaveTurn(ctx, "thread", &turn, t0.Add(time.Duration(k)*time.Minute), 3); err != nil {
			t.Fatal(err)
		}
	}
	turns, ok, err := db.Turns(ctx, "thread", t0)
	if !ok || err != nil || len(turns) != 3 || turns[0].Question != "q2" || turns[2].Question != "q4" {
		t.Fatalf("turns = %+v, %v, %v; want the last 3, oldest first", turns, ok, err)
	}
	src := turns[2].Sources
	if len(src) != 3 || src[0].ID != passages[2].ID || src[0].Text != passages[2].Text || src[1].ID != "gone#7" || src[2].ID != passages[0].ID {
		t.Errorf("sources = %+v; want the cited passages in order, a removed one by id", src)
	}

	if n, err := db.ExpireConversations(ctx, t0.Add(4*time.Minute)); n != 0 || err != nil {
		t.Errorf("expired %d (%v) conversations used at the cutoff", n, err)
	}
	if _, ok, _ := db.Turns(ctx, "thread", t0.Add(5*time.Minute)); ok {
		t.Error("a conversation idle before since is still returned")
	}
	if n, err := db.ExpireConversations(ctx, t0.Add(time.Hour)); n != 1 || err != nil {
		t.Errorf("ExpireConversations = %d, %v; want 1", n, err)
	}
	if _, ok, _ := db.Turns(ctx, "thread", t0); ok {
		t.Error("an expired conversation is still there")
	}
}

func TestConversationSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	if err := db.SaveTurn(ctx, "dm", &retrieval.Turn{Question: "q", Answer: "a"}, at, 6); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if turns, ok, err := db.Turns(ctx, "dm", at.Add(-time.Hour)); !ok || err != nil || len(turns) != 1 || turns[0].Question != "q" {
		t.Errorf("after reopening: %+v %v %v", turns, ok, err)
	}
}
