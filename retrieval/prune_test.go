package retrieval

import (
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/text"
)

func TestFrequentWordsLeaveTheMatchOnlyInLargeIndexes(t *testing.T) {
	q, err := BuildQuery("soldiers patients Zaporizhzhia")
	if err != nil {
		t.Fatal(err)
	}
	soldier, patient, rare := text.Stem("soldiers"), text.Stem("patients"), text.Stem("zaporizhzhia")
	df := map[string]int{soldier: 300_000, patient: 250_000, rare: 12}
	for _, alt := range q.Alt[soldier] {
		df[alt] = 200_000
	}
	large := TermStats{Passages: 1_000_000, DF: df}
	m := searchMatch(q, large)
	if strings.Contains(m, `"soldiers"`) || strings.Contains(m, `"troops"`) || strings.Contains(m, `"patients"`) || !strings.Contains(m, `"zaporizhzhia"`) {
		t.Errorf("large index: MATCH %q, want only the rare word (and none of the frequent word's synonyms)", m)
	}
	if m := searchMatch(q, TermStats{Passages: 10_000, DF: df}); m != q.Match {
		t.Errorf("small index: MATCH %q, want every word %q", m, q.Match)
	}
	df[rare] = 400_000 // every word frequent: nothing to prune in favour of
	if m := searchMatch(q, large); m != q.Match {
		t.Errorf("all words frequent: MATCH %q, want every word", m)
	}
}
