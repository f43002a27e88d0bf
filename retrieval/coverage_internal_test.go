package retrieval

import (
	"testing"
)

// Passages holding the same words of a question (all but "want") keep the re-ranker's order
// when the gate orders them by coverage, run after run: the weights are
// summed in no fixed order, and the sums must not decide.
func TestByCoverageKeepsTheOrderOfEquals(t *testing.T) {
	q, err := BuildQuery("what did zelensky and the europeans want from trump over guarantees")
	if err != nil {
		t.Fatal(err)
	}
	// weights whose sum depends on the order they are added in
	w := map[string]float64{}
	for i, st := range q.Stems {
		w[st] = []float64{0.1, 0.2, 0.3, 0.7, 0.11, 0.13}[i%6]
	}
	hits := []Hit{
		{Passage: Passage{ID: "a#1", Title: "A", Text: "Zelensky and the Europeans seek guarantees from Trump."}},
		{Passage: Passage{ID: "b#1", Title: "B", Text: "Trump heard what Zelensky and the Europeans seek: guarantees."}},
		{Passage: Passage{ID: "c#1", Title: "C", Text: "Guarantees from Trump are what Zelensky and the Europeans seek."}},
		{Passage: Passage{ID: "d#1", Title: "D", Text: "Zelensky wants nothing."}},
	}
	var cache passageCache
	ts := TermStats{Generation: 1}
	for range 200 {
		got := byCoverage(hits, q, w, ts, &cache)
		for i, want := range []string{"a#1", "b#1", "c#1", "d#1"} {
			if got[i].ID != want {
				t.Fatalf("order %v, want a, b, c (equal coverage, in the order given), then d", ids(got))
			}
		}
	}
}

func ids(hs []Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}
