package retrieval_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
)

// everySummarySentenceCited fails unless every sentence of a summary
// carries a marker naming one of its citations. The overview's computed
// "Common thread" line and the "Key takeaways:" heading are not claims.
func everySummarySentenceCited(t *testing.T, sum retrieval.Summary) {
	t.Helper()
	for _, line := range strings.Split(sum.Text, "\n") {
		if line == "Key takeaways:" {
			continue
		}
		for _, sp := range text.Sentences(line) {
			s := line[sp.Start:sp.End]
			ms := answerMarkerRe.FindAllStringSubmatch(s, -1)
			if len(ms) == 0 {
				t.Errorf("summary sentence without a marker: %q", s)
			}
			for _, m := range ms {
				if n, _ := strconv.Atoi(m[1]); n < 1 || n > len(sum.Citations) {
					t.Errorf("summary sentence %q cites [%d] of %d sources", s, n, len(sum.Citations))
				}
			}
		}
	}
}

const seedDoc = "can-security-guarantees-bring-peace"

func TestLLMSummaryWithoutSupportedCitationsIsExtractiveAndNotCached(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	fake := testsupport.NewFakeLLM(t)
	fake.Script(testsupport.Reply{Text: "• The article is mostly about the weather in Lisbon.\n• Fishermen there expect a record sardine season."})
	s := retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m"}), 0, 5*time.Second, nil)
	sum, err := s.Summarize(ctx, seedDoc)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mode != retrieval.SummaryExtractive || sum.LLMParts != 0 || !strings.Contains(sum.Note, "this summary is extractive") || strings.Contains(sum.Text, "Lisbon") {
		t.Errorf("an unsupported model summary was accepted: %+v", sum)
	}
	everySummarySentenceCited(t, sum)

	// Nothing was cached: with the model down, it is asked again and the
	// summary is extractive, never a stored "llm" one.
	calls := len(fake.Requests())
	fake.Script(testsupport.Reply{Status: 503})
	sum, err = s.Summarize(ctx, seedDoc)
	if err != nil {
		t.Fatal(err)
	}
	if len(fake.Requests()) == calls || sum.Mode != retrieval.SummaryExtractive {
		t.Errorf("served from cache (%d new requests) or mode %q", len(fake.Requests())-calls, sum.Mode)
	}
}

func TestLLMSummaryUnmarkedButSupportedIsAttributed(t *testing.T) {
	db := testsupport.SeedDB(t)
	fake := testsupport.NewFakeLLM(t)
	fake.Script(testsupport.Reply{Text: "• President Trump said he would help with air support but not ground troops.\n" +
		"• Some European leaders propose sending 15,000 to 20,000 troops after a peace deal."})
	s := retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m"}), 0, 5*time.Second, nil)
	sum, err := s.Summarize(context.Background(), seedDoc)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mode != retrieval.SummaryLLM || len(sum.Citations) < 2 {
		t.Fatalf("summary = %+v", sum)
	}
	everySummarySentenceCited(t, sum)
	ids := map[string]bool{}
	for _, c := range sum.Citations {
		ids[c.PassageID] = true
	}
	if !ids[seedDoc+"#8"] || !ids[seedDoc+"#20"] {
		t.Errorf("citations %+v, want the passages that say it (#8, #20)", sum.Citations)
	}
}

func TestLLMOverviewSaysWhatFellBack(t *testing.T) {
	db := testsupport.SeedDB(t)
	fake := testsupport.NewFakeLLM(t)
	fake.Script(testsupport.Reply{Status: 401})
	s := retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m"}), 0, 5*time.Second, nil)
	sum, err := s.Summarize(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Mode != retrieval.SummaryExtractive || sum.LLMParts != 0 || sum.ExtractiveParts != 5 || sum.Note == "" || sum.Coverage != "5/5 articles" {
		t.Errorf("overview = %s · %s · note %q", sum.Label(), sum.Coverage, sum.Note)
	}
	everySummarySentenceCited(t, sum)
}

func TestLLMOverviewRunsInOneDeadlineWithBoundedConcurrency(t *testing.T) {
	db := testsupport.SeedDB(t)
	fake := testsupport.NewFakeLLM(t)
	fake.Script(testsupport.Reply{Hang: true}) // a model that never answers
	s := retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m"}), 0, 300*time.Millisecond, nil)
	s.SetConcurrency(2)
	sum, err := s.Summarize(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, peak, _ := fake.Load(); peak > 2 {
		t.Errorf("%d requests at once, want at most 2", peak)
	}
	if sum.Mode != retrieval.SummaryExtractive || !strings.Contains(sum.Note, "in time") || sum.Coverage != "5/5 articles" {
		t.Errorf("overview = %s · %s · note %q", sum.Label(), sum.Coverage, sum.Note)
	}
	everySummarySentenceCited(t, sum)

	// the caller's deadline bounds it too, even with a long LLM timeout
	s = retrieval.NewSummarizer(db, retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "m"}), 0, time.Hour, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second) // room for the extractive fallback under -race on a busy machine
	defer cancel()
	sum, err = s.Summarize(ctx, "")
	if err != nil || sum.Mode != retrieval.SummaryExtractive {
		t.Errorf("overview within the caller's deadline: %v, %s", err, sum.Label())
	}
}
