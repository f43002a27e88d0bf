package retrieval

import (
	"slices"
	"testing"
)

// The words a question names an article by, for each reference it holds.
func TestArticleRefWords(t *testing.T) {
	for q, want := range map[string][][]string{
		"what does the macron article say about turkey":                    {{"macron"}},
		"4th and 1st articles - what do they each say":                     {{"4th"}, {"1st"}},
		"the first and the last ones, how do they end":                     {{"first"}, {"last"}},
		"in 'can security guarantees bring peace' what happened":           {{"can", "security", "guarantees", "bring", "peace"}},
		"the shield articles call to action":                               {{"shield"}},
		"ur macron article, when are the elections":                        {{"macron"}},
		"third article - what does it say about budapest":                  {{"third"}},
		"what does nato article 5 say":                                     nil,
		"in the U.S. support article, what does it say":                    {{"u", "s", "support"}},
		"what do the zelensky articles say about nato":                     nil,
		`what does "- - -" mean`:                                           nil,
		"what role does the US play across these articles":                 nil,
		"catching up on all the ukraine news. give me one pro and one con": nil,
	} {
		var got [][]string
		for _, r := range articleRefs(q) {
			got = append(got, r.words)
		}
		if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Errorf("articleRefs(%q) words = %q, want %q", q, got, want)
		}
	}
}
