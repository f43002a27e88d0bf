package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Settings survive reopening the database; a server or channel nobody
// configured has the defaults; resetting a channel brings them back.
func TestSettingsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "docbot.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if g, err := db.GuildSettings(ctx, "g1"); err != nil || g.HelperRole != "" || g.PrivateDefault != nil || g.DailyBudget != nil {
		t.Fatalf("unset guild settings = %+v, %v; want defaults", g, err)
	}
	if c, set, err := db.ChannelSettings(ctx, "c1"); err != nil || set || c.AutoAnswer || !c.MentionRequired || !c.InThread {
		t.Fatalf("unset channel settings = %+v, %v, %v; want defaults", c, set, err)
	}
	private, budget := true, 0
	if err := db.SaveGuildSettings(ctx, retrieval.GuildSettings{Guild: "g1", HelperRole: "r9", PrivateDefault: &private, DailyBudget: &budget}); err != nil {
		t.Fatal(err)
	}
	forum := retrieval.ChannelSettings{Channel: "f1", Guild: "g1", Forum: true, AutoAnswer: true, MentionRequired: true, InThread: true}
	inline := retrieval.ChannelSettings{Channel: "c1", Guild: "g1", MentionRequired: false, InThread: false}
	other := retrieval.ChannelSettings{Channel: "c2", Guild: "g2", MentionRequired: true, InThread: true}
	for _, c := range []retrieval.ChannelSettings{forum, inline, other} {
		if err := db.SaveChannelSettings(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g, err := db.GuildSettings(ctx, "g1")
	if err != nil || g.HelperRole != "r9" || g.PrivateDefault == nil || !*g.PrivateDefault || g.DailyBudget == nil || *g.DailyBudget != 0 {
		t.Fatalf("guild settings after reopen = %+v, %v", g, err)
	}
	if c, set, err := db.ChannelSettings(ctx, "c1"); err != nil || !set || c != inline {
		t.Fatalf("channel settings after reopen = %+v, %v, %v; want %+v", c, set, err, inline)
	}
	if cs, err := db.GuildChannelSettings(ctx, "g1"); err != nil || len(cs) != 2 || cs[0] != inline || cs[1] != forum {
		t.Errorf("g1's channels = %+v, %v", cs, err)
	}
	if cs, err := db.ContentChannels(ctx); err != nil || len(cs) != 2 {
		t.Errorf("channels reading messages = %+v, %v; want the forum and the no-mention channel", cs, err)
	}
	if ok, err := db.ResetChannelSettings(ctx, "g2", "c1"); ok || err != nil {
		t.Errorf("another server reset c1: %v, %v", ok, err)
	}
	if ok, err := db.ResetChannelSettings(ctx, "g1", "c1"); !ok || err != nil {
		t.Errorf("reset c1: %v, %v", ok, err)
	}
	if _, set, _ := db.ChannelSettings(ctx, "c1"); set {
		t.Error("c1 still configured after a reset")
	}
}

// "Still need help?" calls the helpers once per thread and lists the
// question in /gaps; "Mark solved" keeps the thread's latest answer for
// the export, once.
func TestHelpThreadHelperAndSolved(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "docbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	if _, ok, err := db.HelpThread(ctx, "th"); ok || err != nil {
		t.Fatalf("unknown thread: %v %v", ok, err)
	}
	if err := db.StartHelpThread(ctx, retrieval.HelpThread{Thread: "th", Guild: "g", Parent: "f", Forum: true, AskerHash: "alice", StartedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.StartHelpThread(ctx, retrieval.HelpThread{Thread: "th", Guild: "g", Parent: "f", AskerHash: "mallory", StartedAt: t0}); err != nil {
		t.Fatal(err)
	}
	h, ok, err := db.HelpThread(ctx, "th")
	if !ok || err != nil || h.AskerHash != "alice" || !h.Forum || h.HelperCalled || h.Solved {
		t.Fatalf("help thread = %+v %v %v; want alice's forum post, the second start ignored", h, ok, err)
	}
	for _, q := range []retrieval.QuestionLog{
		{Guild: "g", Channel: "th", UserHash: "alice", Command: "auto", Question: "How do I reset it?", Answer: "First answer [1]", Outcome: retrieval.OutcomeAnswered, At: t0},
		{Guild: "g", Channel: "th", UserHash: "alice", Command: "mention", Question: "And the cache?", Answer: "Second answer [1]", Outcome: retrieval.OutcomeAnswered, At: t0.Add(time.Minute)},
		{Guild: "g", Channel: "elsewhere", UserHash: "bob", Command: "ask", Question: "Unrelated", Answer: "x", Outcome: retrieval.OutcomeAnswered, At: t0},
	} {
		if _, err := db.RecordQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if gaps, _ := db.Gaps(ctx, "g", t0.Add(-time.Hour), 10); len(gaps) != 0 {
		t.Fatalf("gaps before the helpers were called: %+v", gaps)
	}
	for k, want := range []bool{true, false} {
		if first, err := db.CallHelper(ctx, "th", t0.Add(time.Hour)); first != want || err != nil {
			t.Errorf("call %d: first = %v (%v), want %v", k+1, first, err, want)
		}
	}
	gaps, err := db.Gaps(ctx, "g", t0.Add(-time.Hour), 10)
	if err != nil || len(gaps) != 2 || gaps[0].NeedsHuman != 1 || gaps[1].NeedsHuman != 1 {
		t.Fatalf("gaps = %+v, %v; want the thread's two questions, each needing a human", gaps, err)
	}
	for k, want := range []bool{true, false} {
		if first, err := db.MarkSolved(ctx, "th", t0.Add(2*time.Hour)); first != want || err != nil {
			t.Errorf("solve %d: first = %v (%v), want %v", k+1, first, err, want)
		}
	}
	solved, err := db.SolvedAnswers(ctx, time.Time{})
	if err != nil || len(solved) != 1 || solved[0].Question != "And the cache?" || solved[0].Answer != "Second answer [1]" {
		t.Errorf("solved = %+v, %v; want the thread's latest answer", solved, err)
	}
	if h, _, _ := db.HelpThread(ctx, "th"); !h.HelperCalled || !h.Solved {
		t.Errorf("thread after both: %+v", h)
	}
}
