package retrieval_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// seedFolder copies the seed corpus into a folder, so a test can change it.
func seedFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, _, err := corpus.Scan(corpus.Default(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Path), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAnswerCacheServesARepeatedQuestionWithoutTheModel(t *testing.T) {
	ctx := context.Background()
	dir := seedFolder(t)
	root, _ := os.OpenRoot(dir)
	defer root.Close()
	db := testsupport.IndexedDB(t, root.FS())
	fake := testsupport.NewFakeLLM(t)
	fake.Respond(testsupport.Answer(testsupport.Brackets, airClaim, europeClaim))
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model"})
	asker := retrieval.NewCachedAsker(retrieval.NewService(db, retrieval.NewLLMAnswerer(llm, 3000, 5*time.Second, nil), nil), db, "fake-model", nil)

	first, err := asker.Ask(ctx, retrieval.Question{Text: troops})
	if err != nil || !first.Found || first.Cached {
		t.Fatalf("first answer = %+v, %v", first, err)
	}
	for _, q := range []string{troops, "  What did Trump offer on ground troops ", "WHAT DID TRUMP OFFER ON GROUND TROOPS?!"} {
		a, err := asker.Ask(ctx, retrieval.Question{Text: q, OnDelta: func(string) {}})
		if err != nil || !a.Cached || a.Text != first.Text || len(a.Citations) != len(first.Citations) || a.Citations[0] != first.Citations[0] || len(a.Passages) == 0 {
			t.Errorf("%q: cached %v, text %q, want the first answer with its citations", q, a.Cached, a.Text)
		}
		everySentenceCited(t, a)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d model calls, want 1", n)
	}

	// a reload invalidates it
	os.WriteFile(filepath.Join(dir, "arctic.txt"), []byte("Arctic patrols\n\n"+"Icebreakers patrol the Arctic sea lanes every winter. "), 0o644)
	if _, err := db.Sync(ctx, root.FS(), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if a, _ := asker.Ask(ctx, retrieval.Question{Text: troops}); a.Cached || len(fake.Requests()) != 2 {
		t.Errorf("after a reload: cached %v, %d model calls", a.Cached, len(fake.Requests()))
	}
}

func TestAnswerCacheKeepsOnlyWholeModelAnswers(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	fake := testsupport.NewFakeLLM(t)
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model", MaxRetries: 1})
	asker := retrieval.NewCachedAsker(retrieval.NewService(db, retrieval.NewLLMAnswerer(llm, 3000, 5*time.Second, nil), nil), db, "fake-model", nil)
	for name, reply := range map[string]testsupport.Reply{
		"fallback": {Status: 500},
		"refusal":  {Text: "I don't know."},
		"cut off":  {Text: "Trump said he would help with air support but not ground troops [1]. And", FinishReason: "length"},
	} {
		fake.Script(reply)
		asker.Ask(ctx, retrieval.Question{Text: troops})
		calls := len(fake.Requests())
		if a, _ := asker.Ask(ctx, retrieval.Question{Text: troops}); a.Cached || len(fake.Requests()) == calls {
			t.Errorf("%s: answer cached", name)
		}
	}
}
