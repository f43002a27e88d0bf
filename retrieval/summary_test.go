package retrieval_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

func TestExtractiveSummaryOfASeed(t *testing.T) {
	db := testsupport.SeedDB(t)
	s := retrieval.NewSummarizer(db, nil, 0, 0, nil)
	sum, err := s.Summarize(context.Background(), "can-security-guarantees-bring-peace")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mode != "extractive" || sum.Title != "Can Security Guarantees Bring Peace to Ukraine?" || sum.Coverage != "21/21 passages" {
		t.Errorf("summary = %+v", sum)
	}
	if !strings.Contains(sum.Text, "Key takeaways:\n• Ukraine seeks strong security guarantees to protect itself from Russia [1].") {
		t.Errorf("the article's own Key Takeaways are missing:\n%s", sum.Text)
	}
	seen := map[string]bool{}
	for _, line := range regexp.MustCompile(`[.!]\s`).Split(sum.Text, -1) {
		if seen[line] {
			t.Errorf("repeated sentence %q", line)
		}
		seen[line] = true
	}
	ps, _ := db.Passages(context.Background(), sum.DocID)
	texts := map[string]string{}
	for _, p := range ps {
		texts[p.ID] = p.Text
	}
	for _, c := range sum.Citations {
		if !strings.Contains(texts[c.PassageID], c.Quote) {
			t.Errorf("citation [%d] quote not in %s", c.N, c.PassageID)
		}
	}
	if _, err := s.Summarize(context.Background(), "no-such-doc"); err == nil || !strings.Contains(err.Error(), "no such document") {
		t.Errorf("unknown doc: err = %v", err)
	}
}

func TestExtractiveOverview(t *testing.T) {
	db := testsupport.SeedDB(t)
	sum, err := retrieval.NewSummarizer(db, nil, 0, 0, nil).Summarize(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	docs, _ := db.Docs(context.Background())
	for _, d := range docs {
		if !strings.Contains(sum.Text, "• "+d.Title+": ") {
			t.Errorf("overview lacks %q", d.Title)
		}
	}
	if !strings.Contains(sum.Text, "Common thread: ") || sum.Coverage != "5/5 articles" {
		t.Errorf("overview:\n%s\n%s", sum.Text, sum.Coverage)
	}
	// what the articles share is said in cited sentences from two
	// articles, not as a list of words
	var thread string
	for _, line := range strings.Split(sum.Text, "\n") {
		if strings.HasPrefix(line, "Common thread: ") {
			thread = line
		}
	}
	if strings.Contains(thread, "discuss") || len(answerMarkerRe.FindAllString(thread, -1)) < 2 {
		t.Errorf("common thread is not two cited sentences: %q", thread)
	}
	assertSummaryQuality(t, sum)
}

// Every extractive summary of the seeds: each sentence cited with a quote
// verbatim in its passage, none a fragment (a list item out of its list, or
// a sentence that opens by referring back to one it leaves out), none
// repeated; and the summaries keep the articles' specifics.
func TestExtractiveSummaryQuality(t *testing.T) {
	db := testsupport.SeedDB(t)
	s := retrieval.NewSummarizer(db, nil, 0, 0, nil)
	docs, _ := db.Docs(context.Background())
	numbers := 0
	for _, d := range docs {
		sum, err := s.Summarize(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		assertSummaryQuality(t, sum)
		if regexp.MustCompile(`\d`).MatchString(sum.Text) {
			numbers++
		}
	}
	if numbers < 4 {
		t.Errorf("%d of %d summaries mention a number (a year, a count): want at least 4", numbers, len(docs))
	}
}

var (
	fragmentRe = regexp.MustCompile(`^(- |\* |It |This |That |These |Those |They |He |She |However|But |Yet )`)
)

func assertSummaryQuality(t *testing.T, sum retrieval.Summary) {
	t.Helper()
	everySummarySentenceCited(t, sum)
	seen := map[string]bool{}
	for _, line := range strings.Split(sum.Text, "\n") {
		line = strings.TrimPrefix(strings.TrimPrefix(line, "Common thread: "), "• ")
		if i := strings.Index(line, ": "); i > 0 && strings.HasPrefix(sum.Title, "All") {
			line = line[i+2:] // "• Title: lead"
		}
		for _, sp := range text.Sentences(line) {
			s := strings.TrimSpace(answerMarkerRe.ReplaceAllString(line[sp.Start:sp.End], ""))
			if fragmentRe.MatchString(s) {
				t.Errorf("%s: fragment %q", sum.Title, s)
			}
			if seen[s] && !strings.HasPrefix(sum.Title, "All") {
				t.Errorf("%s: sentence repeated: %q", sum.Title, s)
			}
			seen[s] = true
		}
	}
	for _, c := range sum.Citations {
		if c.Quote == "" {
			t.Errorf("%s: citation %d has no quote", sum.Title, c.N)
		}
	}
}

// longCorpus is one article long enough to need several map calls, and a short one.
func longCorpus(t *testing.T, topic string) string {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("A Long Article\n\n")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "Section %d is about %s number %d. It has a few sentences of detail to summarize. The committee reviewed item %d carefully. Nobody disagreed with the plan.\n\n", i, topic, i, i)
	}
	os.WriteFile(filepath.Join(dir, "long.txt"), []byte(b.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "short.txt"), []byte("A Short Article\n\n"+strings.Repeat("Short articles are about brevity and wit. ", 8)), 0o644)
	return dir
}

var promptNumberRe = regexp.MustCompile(`(?m)^\[(\d+)\] `)

// summarizingLLM answers map requests with a point citing the first
// passage of the prompt and reduce requests with the points it was given.
func summarizingLLM(fail func(call int) bool) func(testsupport.ChatRequest) testsupport.Reply {
	call := 0
	return func(r testsupport.ChatRequest) testsupport.Reply {
		call++
		if fail != nil && fail(call) {
			return testsupport.Reply{Status: 400}
		}
		user := r.Messages[len(r.Messages)-1].Content
		if strings.Contains(user, "Partial summaries:") {
			return testsupport.Reply{Text: strings.TrimSpace(user[strings.Index(user, "Partial summaries:")+len("Partial summaries:"):])}
		}
		m := promptNumberRe.FindStringSubmatchIndex(user)
		n := user[m[2]:m[3]]
		first := user[m[1]:]
		first = first[strings.IndexByte(first, '\n')+1:]
		first = first[:strings.IndexByte(first, '.')]
		return testsupport.Reply{Text: "• " + first + " [" + n + "][999]."}
	}
}

func TestLLMSummaryMapReduceAndCache(t *testing.T) {
	ctx := context.Background()
	dir := longCorpus(t, "budgets")
	root, _ := os.OpenRoot(dir)
	defer root.Close()
	db := testsupport.IndexedDB(t, root.FS())
	fake := testsupport.NewFakeLLM(t)
	fake.Respond(summarizingLLM(nil))
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model"})
	s := retrieval.NewSummarizer(db, llm, 400, 5*time.Second, nil)

	sum, err := s.Summarize(ctx, "long")
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := db.Passages(ctx, "long")
	calls := len(fake.Requests())
	if calls < 3 || sum.Mode != "llm" || sum.Partial || sum.Coverage != fmt.Sprintf("%d/%d passages", len(ps), len(ps)) {
		t.Fatalf("%d calls, summary %+v", calls, sum)
	}
	everySummarySentenceCited(t, sum)
	if strings.Contains(sum.Text, "[999]") || len(sum.Citations) < 2 {
		t.Errorf("markers not verified: %q, %d citations", sum.Text, len(sum.Citations))
	}
	for _, c := range sum.Citations {
		if c.DocID != "long" || c.Quote == "" {
			t.Errorf("citation %+v", c)
		}
	}

	// cached: no new request
	if _, err := s.Summarize(ctx, "long"); err != nil || len(fake.Requests()) != calls {
		t.Errorf("second summary made %d requests, want 0 (cached)", len(fake.Requests())-calls)
	}
	if _, err := s.Summarize(ctx, "short"); err != nil {
		t.Fatal(err)
	}
	calls = len(fake.Requests())

	// a reload that changes "long" invalidates its entry, not "short"'s
	os.WriteFile(filepath.Join(dir, "long.txt"), []byte(strings.Replace(mustRead(t, dir, "long.txt"), "budgets", "rivers", -1)), 0o644)
	if _, err := db.Sync(ctx, root.FS(), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Summarize(ctx, "short"); err != nil || len(fake.Requests()) != calls {
		t.Errorf("unchanged document re-summarized (%d requests)", len(fake.Requests())-calls)
	}
	if _, err := s.Summarize(ctx, "long"); err != nil || len(fake.Requests()) == calls {
		t.Errorf("changed document served from a stale cache")
	}
}

func mustRead(t *testing.T, dir, name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLLMSummaryFailedPartIsExtractiveAndMixed(t *testing.T) {
	ctx := context.Background()
	root, _ := os.OpenRoot(longCorpus(t, "budgets"))
	defer root.Close()
	db := testsupport.IndexedDB(t, root.FS())
	fake := testsupport.NewFakeLLM(t)
	fake.Respond(summarizingLLM(func(call int) bool { return call == 2 }))
	s := retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model"}), 400, 5*time.Second, nil)
	sum, err := s.Summarize(ctx, "long")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mode != retrieval.SummaryMixed || sum.ExtractiveParts != 1 || sum.LLMParts < 2 || !strings.Contains(sum.Label(), "1 extractive") {
		t.Errorf("a part summarized extractively is not in the label: %s %+v", sum.Label(), sum)
	}
	if !strings.Contains(sum.Note, "the others are extractive") || strings.Contains(sum.Note, "http") {
		t.Errorf("note = %q", sum.Note)
	}
	everySummarySentenceCited(t, sum)
	calls := len(fake.Requests())
	s.Summarize(ctx, "long")
	if len(fake.Requests()) == calls {
		t.Errorf("a mixed summary was cached")
	}
}

func TestLLMSummaryFallsBackWhenModelIsDown(t *testing.T) {
	db := testsupport.SeedDB(t)
	fake := testsupport.NewFakeLLM(t)
	fake.Script(testsupport.Reply{Status: 401})
	s := retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m"}), 0, 5*time.Second, nil)
	sum, err := s.Summarize(context.Background(), "can-security-guarantees-bring-peace")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mode != "extractive" || !strings.Contains(sum.Note, "API key") || sum.Text == "" {
		t.Errorf("summary = %+v", sum)
	}
}
