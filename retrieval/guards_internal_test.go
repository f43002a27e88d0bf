package retrieval

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/benchdata"
)

// A guard may only skip a regexp that cannot match: checked on the QA
// sets' questions (not the blind final sets), SciFact's claims, near
// misses of each pattern and random mixes of the words they need.
func TestGuardsNeverHideAMatch(t *testing.T) {
	inputs := []string{
		"across all the articles", "in these 5 docs", "throughout the ſources", "of your documents", "among the other stories",
		"300k troops", "300K", "5\u212a", "15-20k", "15 to 20,000", "10–12,000", "--force", "-i", "c++", "c#", "go -race",
		"what is a ceasefire", "WHAT DOES nato mean", "define iota", "meaning of the word", "what the term X means",
		"so what happened", "budapest vs minsk - what went wrong", "quick q about it; when did they sign",
		"tell me, how come", "i saw it. Why?", "Who", "WHEN", "wHich",
	}
	inputs = append(inputs, qaQuestions(t)...)
	if claims, err := benchdata.Queries(); err == nil {
		inputs = append(inputs, claims...)
	}
	words := []string{"across", "all", "of", "the", "these", "articles", "pieces", "sources", "docs", "documents", "texts",
		"stories", "reports", "ſtories", "ARTICLES", "5", "300", "k", "K", "\u212a", "-", "–", "to", ",000", "20,000", "--", "#", "++",
		"what", "WHAT", "what's", "does", "mean", "means", "stand for", "define", "meaning", "term", "why", "how", "who", "when",
		"where", "which", "so", "but", ";", ":", ",", ".", "?", "i", "x", "y", "é"}
	rng := rand.New(rand.NewSource(19))
	for range 20000 {
		var sb strings.Builder
		for n := 1 + rng.Intn(8); n > 0; n-- {
			sb.WriteString(words[rng.Intn(len(words))])
			if rng.Intn(3) > 0 {
				sb.WriteByte(' ')
			}
		}
		inputs = append(inputs, sb.String())
	}
	for _, s := range inputs {
		for _, g := range []struct {
			name string
			re   guardedRe
		}{{"collectionRefRe", collectionRefRe}, {"thousandsRe", thousandsRe}, {"rangeThousandsRe", rangeThousandsRe}, {"optionRe", optionRe}} {
			if !g.re.may(s) && g.re.Regexp.MatchString(s) {
				t.Errorf("%s matches %q, its guard says it cannot", g.name, s)
			}
		}
		if !asksDefinition(s) && (definitionQuestionRe.MatchString(s) || meansRe.MatchString(s)) {
			t.Errorf("a definition pattern matches %q, asksDefinition says none can", s)
		}
		if !asksWh(s) && clauseAskRe.MatchString(s) {
			t.Errorf("clauseAskRe matches %q, asksWh says it cannot", s)
		}
	}
}
