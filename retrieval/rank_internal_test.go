package retrieval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// proximityAt and nearDuplicate take shortcuts (a merge, stopping early);
// they must agree with the plain definitions on every input.
func TestRankShortcutsAgreeWithTheDefinitions(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a", "b", "c", "d", "e", "f", "g"}
	for n := 0; n < 5000; n++ {
		body := make([]string, r.IntN(40))
		for i := range body {
			body[i] = words[r.IntN(len(words))]
		}
		q := make([]string, r.IntN(8))
		for i := range q {
			q[i] = words[r.IntN(len(words))]
		}
		pos := positions(body)
		if got, want := proximityAt(q, pos), plainProximity(q, pos); got != want {
			t.Fatalf("proximityAt(%q, %q) = %v, want %v", q, body, got, want)
		}
	}
	for n := 0; n < 20000; n++ {
		a, b := randomSet(r), randomSet(r)
		if got, want := nearDuplicate(a, b), plainNearDuplicate(a, b); got != want {
			t.Fatalf("nearDuplicate(%v, %v) = %v, want %v", a, b, got, want)
		}
	}
}

func randomSet(r *rand.Rand) []uint64 {
	n, span := r.IntN(30), 5+r.IntN(40)
	var s []uint64
	for len(s) < n && len(s) < span {
		if x := uint64(r.IntN(span)); !slices.Contains(s, x) {
			s = append(s, x)
		}
	}
	slices.Sort(s)
	return s
}

func plainProximity(qStems []string, pos map[string][]int) float64 {
	boost := 0.0
	for i := 0; i+1 < len(qStems); i++ {
		best := math.MaxInt
		for _, x := range pos[qStems[i]] {
			for _, y := range pos[qStems[i+1]] {
				best = min(best, abs(y-x))
			}
		}
		switch {
		case best == 1:
			boost += phraseBoost
		case best <= nearWindow:
			boost += nearBoost
		}
	}
	return min(boost, maxBoost)
}

func plainNearDuplicate(a, b []uint64) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	inter := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			inter++
		}
	}
	return float64(inter)/float64(len(a)+len(b)-inter) >= dupJaccard
}

func TestDecadeYears(t *testing.T) {
	for _, test := range []struct{ w, first, last string }{
		{"90s", "1990", "1999"},
		{"1980s", "1980", "1989"},
		{"nineties", "1990", "1999"},
		{"20s", "2020", "2029"}, // this century's before the thirties
		{"2010s", "2010", "2019"},
		{"2000s", "2000", "2009"},
	} {
		ys := decadeYears(test.w)
		if len(ys) != 10 || ys[0] != test.first || ys[9] != test.last {
			t.Errorf("decadeYears(%q) = %v, want %s to %s", test.w, ys, test.first, test.last)
		}
	}
	for _, w := range []string{"90", "s", "troops", "900s", "1800s", "twenties"} {
		if ys := decadeYears(w); ys != nil {
			t.Errorf("decadeYears(%q) = %v, want none", w, ys)
		}
	}
}

func TestArticlePosition(t *testing.T) {
	for _, test := range []struct{ q, pos string }{
		{"what does the trump article recommend at the end", "end"},
		{"near the very end of the article it says something about society", "end"},
		{"what is said at the beginning", "start"},
		{"what happens at the end of the war", ""}, // the war's end
		{"was a ceasefire agreed in the end", ""},  // finally
	} {
		if pos, _ := articlePosition(test.q); pos != test.pos {
			t.Errorf("articlePosition(%q) = %q, want %q", test.q, pos, test.pos)
		}
	}
}

// The kind of source a which-question asks for is named by the answer
// ("The BBC report…"), not searched: "tank" of "think tank" would find
// armoured ones.
func TestSourceKindsAreNotSearched(t *testing.T) {
	for _, test := range []struct {
		q    string
		gone string
		kept string
	}{
		{"which think tank's analysis on the future of ukraine's guarantees gets cited", "tank", "analysi"},
		{"which news outlet reported on the models being explored in paris", "outlet", "model"},
		{"how many tanks did russia lose", "", "tank"},
	} {
		q, err := BuildQuery(test.q)
		if err != nil {
			t.Fatal(err)
		}
		if test.gone != "" && slices.Contains(q.Stems, test.gone) || !slices.Contains(q.Stems, test.kept) {
			t.Errorf("BuildQuery(%q).Stems = %v, want %q out and %q in", test.q, q.Stems, test.gone, test.kept)
		}
	}
}
