package retrieval

import "testing"

// The premise and count checks take any question and any passages without
// failing: none, one, passages without sentences, questions of one word.
func TestContradictedOnOddInput(t *testing.T) {
	hits := []Hit{
		{Passage: Passage{ID: "a#0", DocID: "a", Text: "President Trump said he would help with air support but not ground troops."}},
		{Passage: Passage{ID: "b#0", DocID: "b", Text: ""}},
		{Passage: Passage{ID: "c#0", DocID: "c", Text: "Thirty Western nations convened in Paris today."}},
	}
	for _, q := range []string{"", "why", "why did", "why did trump", "when did the us", "why did 5", "why did the 50",
		"how did it manage to", "why did trump agree to send ground troops", "why did the 50 countries walk out"} {
		query, _ := BuildQuery(q)
		for _, hs := range [][]Hit{nil, hits[:1], hits[1:2], hits} {
			contradicted(q, query, hs) // must not panic
		}
	}
	query, _ := BuildQuery("why did trump agree to send ground troops")
	if _, said, ok := contradicted("why did trump agree to send ground troops", query, hits); !ok || said != hits[0].Text {
		t.Errorf("contradicted = %q, %v; want the denial", said, ok)
	}
	query, _ = BuildQuery("why did the 50 countries walk out")
	if _, said, ok := contradicted("why did the 50 countries walk out", query, hits); !ok || said != hits[2].Text {
		t.Errorf("contradicted = %q, %v; want the count", said, ok)
	}
}
