package retrieval

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCitations checks the verification of a model's reply written from n
// numbered passages: whatever the reply, every marker left in the text
// names a cited passage, the cited passages exist and are numbered by
// first use, and the quote shown for a citation is taken from its passage.
func FuzzCitations(f *testing.F) {
	f.Add("Trump offered air support but not ground troops [1].", uint8(3), "The U.S. would offer air support. It ruled out ground troops.")
	f.Add("A [2, 3] and B [3-1] and C [1–2][9] and D [ 4 ; 2 ].", uint8(4), "One. Two.")
	f.Add("[[5]1] nested [1[7]] and [12345] and [0] and [-1].", uint8(1), "x")
	f.Add(`He said "air support only" [1] and “no troops” [2].`, uint8(2), "Air support only, he said.")
	f.Add("I could not find this in the articles.", uint8(5), "")

	f.Fuzz(func(t *testing.T, answer string, n uint8, passage string) {
		if len(answer) > 8<<10 || len(passage) > 8<<10 || !utf8.ValidString(answer) {
			return
		}
		v := verifyMarkers(answer, int(n))
		seen := map[int]bool{}
		for _, idx := range v.Cited {
			if idx < 0 || idx >= int(n) || seen[idx] {
				t.Fatalf("cited %v from %d passages", v.Cited, n)
			}
			seen[idx] = true
		}
		next := 1 // markers are numbered by first use
		for _, m := range markerRe.FindAllString(v.Text, -1) {
			for _, x := range parseMarker(m) {
				if x < 1 || x > len(v.Cited) {
					t.Fatalf("marker %s left in %q names none of the %d cited passages", m, v.Text, len(v.Cited))
				}
				if x > next {
					t.Fatalf("marker [%d] before [%d] in %q", x, next, v.Text)
				}
				if x == next {
					next++
				}
			}
		}
		if !utf8.ValidString(v.Text) {
			t.Fatalf("verified text is not valid UTF-8")
		}

		if !utf8.ValidString(passage) {
			return
		}
		p := Passage{Text: passage}
		for i := range v.Cited {
			q := bestSentence(p, claimsCiting(v.Text, i+1))
			if !strings.Contains(passage, q) {
				t.Fatalf("quote %q is not in its passage", q)
			}
		}
		cited := []Passage{p}
		fixed := unquote(v.Text, cited)
		if bad := badQuotes(fixed, cited); len(bad) > 0 {
			t.Fatalf("after unquoting, %q still quotes %q which is not in the passage", fixed, bad)
		}
	})
}
