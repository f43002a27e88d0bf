package retrieval_test

import (
	"context"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// A question asking for one side of a list the article labels ("Pros:",
// "Cons:") gets that side's items in order, each quoted and cited, not
// whatever items rank near the question's words.
func TestLabelledListItems(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, tt := range []struct {
		q         string
		want, not []string
	}{
		{"what r the pros of talking to trump acording to the article",
			[]string{"Potential for a Significant Shift in U.S. Policy", "Demonstrating European Unity"}, []string{"Unpredictability"}},
		// "pros and cons" names the section; "downsides" is what is asked
		{"so theres a big chunk in one article with pros and cons of ukraine courting trump. what were the main downsides they listed?",
			[]string{"Unpredictability of Trump’s Stance", "Potential for Concessions on Sovereignty"}, []string{"Demonstrating European Unity"}},
		{"give me one pro and one con of zelensky going to trump for guarantees",
			[]string{"Potential for a Significant Shift", "Unpredictability of Trump’s Stance"}, nil},
		// "downsides" where the article says "Cons:"
		{"bruh what are the downsides of going to trump for this, the long article has like a whole list",
			[]string{"Unpredictability of Trump’s Stance", "Potential for Concessions on Sovereignty"}, []string{"Demonstrating European Unity"}},
		// one downside or one upside asked, as the plural is
		{"whats the downside of going to trump for guarantees, give me the main risks",
			[]string{"Unpredictability of Trump’s Stance", "Potential for Concessions on Sovereignty"}, []string{"Demonstrating European Unity"}},
		{"whats the upside of zelensky going to trump",
			[]string{"Potential for a Significant Shift"}, []string{"Unpredictability of Trump’s Stance"}},
		// the top passages are items under "Pros:": the "Cons:" items
		// are looked up in their article
		{"what are the cons of going to trump, like could ukraine end up haveing to give stuff up",
			[]string{"Potential for Concessions on Sovereignty"}, []string{"Potential for a Significant Shift"}},
		// what a section "says": a part of the article, no one speaking
		{"what does the cons section say about ukraine giving stuff up",
			[]string{"Potential for Concessions on Sovereignty"}, []string{"Potential for a Significant Shift"}},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(a.Text, w) {
				t.Errorf("%q: %q is missing: %s", tt.q, w, a.Text)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(a.Text, w) {
				t.Errorf("%q: %q is from the other side: %s", tt.q, w, a.Text)
			}
		}
		if len(a.Citations) < 2 {
			t.Errorf("%q: %d citations, want one per item: %s", tt.q, len(a.Citations), a.Text)
		}
	}
	// an item named by its label is that item, not its whole list
	for q, want := range map[string]string{
		"what are the risks of false promises":             "Risk of False Promises: The high-stakes nature",
		"whats the risk of undermining existing alliances": "Undermining Existing Alliances: A direct engagement",
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, want) || strings.Contains(a.Text, "Unpredictability of Trump") {
			t.Errorf("%q: want the item %q alone: %s", q, want, a.Text)
		}
	}
	// the downsides of something else than the list's subject are not
	// its items ("Cons:" of engaging Trump)
	for _, q := range []string{"what are the downsides of weak security guarantees", "downsides of the budapest memorandum?"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(a.Text, "Unpredictability of Trump") {
			t.Errorf("%q was answered with the cons of engaging Trump: %s", q, a.Text)
		}
	}
	// a side no list of the articles names, in a word they never use:
	// refused, the word noted, as before lists were read by their label
	for _, q := range []string{"what are the drawbacks of ukraine joining the eu", "what are the upsides of nato membership for ukraine", "what are the downsides of the three seas initiative"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if a.Found || !strings.Contains(strings.Join(a.Notes, " "), "never mention") {
			t.Errorf("%q: found %v, notes %q: %s", q, a.Found, a.Notes, a.Text)
		}
	}
	// a question about risks in general, with no labelled list among its
	// passages, is answered as before
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "what are the risks of sending troops"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || strings.HasPrefix(a.Text, "- ") {
		t.Errorf("a question about risks in general was refused or answered by a list item: %s", a.Text)
	}
}
