package retrieval

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/docbot/docbot/internal/text"
)

// classify skips its patterns when the question holds none of askCues;
// that must never change its answer. Checked on every question of the
// QA sets and on near misses of each pattern.
func TestAskCueNeverHidesAPattern(t *testing.T) {
	questions := []string{
		"How many troops", "WHAT DATE was it", "when exactly", "exact day of the vote", "Where is it",
		"whose idea", "the names of the ministers", "why", "the reason", "what for", "What's NATO",
		"wat is it", "wht day", "reaſon", "a claim about gene expression in mice", "Aspirin lowers risk",
	}
	files, _ := filepath.Glob("../eval/*.jsonl")
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var q struct {
				Q string `json:"q"`
			}
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				questions = append(questions, q.Q)
			}
		}
		f.Close()
	}
	if len(questions) < 100 {
		t.Fatalf("only %d questions: the QA sets were not found", len(questions))
	}
	for _, q := range questions {
		u := text.UnchatText(q)
		if got, want := classify(q), classifyPatterns(u); got != want {
			t.Errorf("classify(%q) = %v, its patterns say %v", q, got, want)
		}
	}
}
