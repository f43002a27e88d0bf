package retrieval

import (
	"strings"
	"testing"
)

// A label's items stop at the next label line, inside a passage too, and
// at the end of their section: another article's list items are not its.
func TestListLabelledStaysInItsList(t *testing.T) {
	p := func(doc, heading, text string) Hit {
		return Hit{Passage: Passage{ID: doc + "#" + heading, DocID: doc, Heading: heading, Text: text}}
	}
	for _, tt := range []struct {
		name      string
		passages  []Hit
		groups    []int
		want, not []string
	}{
		{"pros in one passage", []Hit{p("a", "Review", "Pros:\n- Cheap.\n- Fast.\nCons:\n- Fragile under load.")}, []int{0},
			[]string{"- Cheap.", "- Fast."}, []string{"Fragile", "Cons:"}},
		{"cons in one passage", []Hit{p("a", "Review", "Pros:\n- Cheap.\n- Fast.\nCons:\n- Fragile under load.")}, []int{1},
			[]string{"- Fragile under load."}, []string{"Cheap", "Fast"}},
		{"another article's items", []Hit{p("a", "Review", "Cons:\n- Fragile under load."), p("b", "Setup", "- Install the package with pip."), p("c", "Tests", "- Run the tests.")}, []int{1},
			[]string{"Fragile"}, []string{"pip", "tests"}},
	} {
		var got []string
		for _, c := range listLabelled(tt.passages, tt.groups) {
			got = append(got, c.sentence)
			if q := tt.passages[c.hit].Text[c.span.Start:c.span.End]; strings.TrimSpace(q) != c.sentence {
				t.Errorf("%s: quote %q is not the sentence %q", tt.name, q, c.sentence)
			}
		}
		all := strings.Join(got, "|")
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q missing from %q", tt.name, w, all)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(all, w) {
				t.Errorf("%s: %q listed: %q", tt.name, w, all)
			}
		}
	}
}

// Only a request for one side of a list asks for its items: "take
// advantage of", "macbook pro", "2 plus 2" and "unemployment benefits" do
// not.
func TestAskedLabels(t *testing.T) {
	for q, want := range map[string]int{
		"what are the pros of talking to trump":              1,
		"what were the main downsides they listed":           1,
		"give me one pro and one con":                        2,
		"so theres a pros and cons list. what are the risks": 1,
		"how do I take advantage of the cache":               0,
		"does the macbook pro support it":                    0,
		"what is 2 plus 2":                                   0,
		"who gets unemployment benefits":                     0,
	} {
		if got := len(askedLabels(q)); got != want {
			t.Errorf("askedLabels(%q) = %d groups, want %d", q, got, want)
		}
	}
}
