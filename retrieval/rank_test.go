package retrieval_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

func article(title, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + body + "\n")}
}

// filler is neutral text that makes passages long enough to be indexed.
const filler = "The committee met on Tuesday and published its minutes later that week for the public record. "

// A passage repeating one question word many times does not outrank one
// holding every word of the question: repeats saturate.
func TestRankRepeatsSaturate(t *testing.T) {
	fsys := fstest.MapFS{
		"spam.md":  article("Notes", strings.Repeat("Glaciers glaciers glaciers. ", 12)+filler),
		"both.md":  article("Field report", "Glaciers are retreating and the meltwater feeds the delta lakes. "+filler),
		"other.md": article("Minutes", filler+filler),
	}
	db := testsupport.IndexedDB(t, fsys)
	for name, p := range rankings {
		t.Run(name, func(t *testing.T) {
			svc := retrieval.NewService(db, nil, nil, retrieval.WithRanking(p))
			r, err := svc.Retrieve(context.Background(), "glaciers meltwater", retrieval.Filter{}, 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Hits) == 0 || r.Hits[0].DocID != "both" {
				t.Fatalf("top hit %v, want the passage with both words", docIDs(r.Hits))
			}
		})
	}
}

// rankings are the scores the re-ranker can use: FTS5's (the default) and
// BM25F computed in Go, with classic and √tf saturation.
var rankings = map[string]retrieval.RankParams{
	"fts5":      retrieval.DefaultRank,
	"bm25f":     {K1: 1.2, B: 0.75, Title: 2, Heading: 1.5, Body: 1, Synonym: 1, IDFPower: 1},
	"bm25f-tf½": {K1: 2, B: 0.75, SqrtTF: true, Title: 2, Heading: 1.5, Body: 1, Synonym: 1, IDFPower: 1},
}

// The Go score ranks like FTS5's on the seed questions: each finds its
// article in the top three passages.
func TestRankGoScoreFindsSeedArticles(t *testing.T) {
	db := testsupport.SeedDB(t)
	for name, p := range rankings {
		svc := retrieval.NewService(db, nil, nil, retrieval.WithRanking(p))
		for _, tt := range seedQuestions {
			r, err := svc.Retrieve(context.Background(), tt.q, retrieval.Filter{}, 5)
			if err != nil {
				t.Fatal(err)
			}
			if top := docIDs(r.Hits[:min(3, len(r.Hits))]); !slices.Contains(top, tt.want) {
				t.Errorf("%s: %q: top hits %v, want %s among them", name, tt.q, top, tt.want)
			}
		}
	}
}

// After a re-index changes a passage, ranking reads its new text, not the
// stems cached for the old one.
func TestRankSeesReindexedText(t *testing.T) {
	db := testsupport.OpenDB(t)
	ctx := context.Background()
	fsys := fstest.MapFS{
		"a.md": article("Alpha", "Volcanoes erupt along the ridge every decade. "+filler),
		"b.md": article("Beta", "Tides rise twice a day along the coast. "+filler),
	}
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := retrieval.NewService(db, nil, nil)
	if _, err := svc.Retrieve(ctx, "volcanoes ridge", retrieval.Filter{}, 2); err != nil {
		t.Fatal(err)
	}
	fsys["a.md"] = article("Alpha", "Tides and volcanoes: the ridge floods at every tide, the tides reach the ridge. "+filler)
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Retrieve(ctx, "tides ridge", retrieval.Filter{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].DocID != "a" {
		t.Fatalf("top hit %v, want a (now about tides at the ridge)", docIDs(r.Hits))
	}
}

func docIDs(hs []retrieval.Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.DocID)
	}
	return out
}

// copiedPassage is one passage two articles both hold, word for word (a
// debate listed under two topics, a press release in two round-ups).
var copiedPassage = fstest.MapFS{
	"culture.md": article("Glacier debate", "Glaciers are retreating and the meltwater feeds the delta lakes every spring. "+filler),
	"science.md": article("Glacier debate", "Glaciers are retreating and the meltwater feeds the delta lakes every spring. "+filler),
	"other.md":   article("Rivers", "The delta lakes fill with river water in spring, meltwater or not. "+filler),
}

// Two articles holding the same passage are two results: a search lists
// both articles (the second right after the first), not one of them.
func TestRankListsEachArticleOfACopiedPassage(t *testing.T) {
	db := testsupport.IndexedDB(t, copiedPassage)
	svc := retrieval.NewService(db, nil, nil)
	r, err := svc.Retrieve(context.Background(), "glaciers meltwater delta lakes", retrieval.Filter{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	ids := docIDs(r.Hits)
	if len(ids) < 2 || !slices.Contains(ids[:2], "culture") || !slices.Contains(ids[:2], "science") {
		t.Fatalf("hits %v, want culture and science first (both hold the passage)", ids)
	}
}

// An answer quotes a passage two articles share once: its sources list
// one copy, and no citation quotes the same words as another.
func TestAskQuotesACopiedPassageOnce(t *testing.T) {
	db := testsupport.IndexedDB(t, copiedPassage)
	svc := retrieval.NewService(db, nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "what feeds the delta lakes when glaciers retreat"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found {
		t.Fatalf("not answered: %q", a.Text)
	}
	texts := map[string]string{}
	for _, h := range a.Passages {
		if other, ok := texts[h.Text]; ok {
			t.Errorf("passages of %s and %s are the same text: the answer's sources list it twice", other, h.DocID)
		}
		texts[h.Text] = h.DocID
	}
	quotes := map[string]bool{}
	for _, c := range a.Citations {
		if quotes[c.Quote] {
			t.Errorf("quote %q cited twice in %q", c.Quote, a.Text)
		}
		quotes[c.Quote] = true
	}
}

// pasted is an argument pasted whole as a question: more than
// argumentWords search words.
const pasted = "School uniforms should be compulsory because they reduce bullying between pupils, " +
	"remove visible differences of wealth, improve discipline and concentration in lessons, " +
	"save parents money on expensive fashion clothing, strengthen a sense of belonging to the community, " +
	"and help teachers identify strangers entering the grounds."

// A pasted argument finds the article about it as a whole: a short reply
// taking up most of its points outranks a long survey of school life one
// of whose passages restates the argument.
func TestPastedTextFindsTheArticleAnsweringIt(t *testing.T) {
	fsys := fstest.MapFS{
		"reply.md": article("Against compulsory uniforms",
			"Uniforms do not stop bullying: pupils find other differences to pick on, and wealth shows in shoes, phones and bags. "+
				"Discipline and concentration depend on teachers, not clothing. Parents pay more for a uniform "+
				"from one supplier than for ordinary clothes, and belonging to a community is not a matter of fashion."),
		"survey.md": article("A year at Hillside",
			"The term began with the choir, the new library and a trip to the coast; the football team won twice. "+filler+filler+
				"\n\nSome parents argued that school uniforms should be compulsory: they reduce bullying between pupils, remove visible "+
				"differences of wealth, improve discipline and concentration in lessons, save money on expensive fashion clothing "+
				"and help teachers identify strangers in the grounds. "+filler+
				"\n\n"+strings.Repeat("The garden club planted beans and the chess club met on Thursdays in the old hall. "+filler, 8)),
		"minutes.md": article("Minutes", filler+"Parents asked about lessons and teachers. "+filler),
	}
	db := testsupport.IndexedDB(t, fsys)
	svc := retrieval.NewService(db, nil, nil)
	r, err := svc.Retrieve(context.Background(), pasted, retrieval.Filter{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].DocID != "reply" {
		t.Fatalf("hits %v, want reply first (it answers the argument point by point)", docIDs(r.Hits))
	}
}
