package retrieval_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// citedArticles returns the articles an answer cites, each once.
func citedArticles(a retrieval.Answer) map[string]bool {
	docs := map[string]bool{}
	for _, c := range a.Citations {
		docs[c.DocID] = true
	}
	return docs
}

// A question naming two articles is answered from each of them, each
// searched for what is asked of it (the part naming it, in a question of
// several parts); an article that doesn't answer is named in a note.
func TestQuestionNamingTwoArticlesQuotesEach(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, tt := range []struct {
		q, want string
		docs    []string
	}{
		{"how do the paris article and the bring peace article each describe what the us brings to the table",
			"the scale of American military and economic assistance", []string{"western-allies-paris-summit", "can-security-guarantees-bring-peace"}},
		{"does the macron article expect an article 5 style binding treaty, and what does the faq piece say article 5 really obliges members to do",
			"unlikely to be a simple, legally binding treaty", []string{"macron-zelenskyy-diplomatic-shift", "can-security-guarantees-bring-peace"}},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		cited := citedArticles(a)
		for _, d := range tt.docs {
			if !cited[d] {
				t.Errorf("%q: %s is not quoted: %s", tt.q, d, a.Text)
			}
		}
		if !a.Found || !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q: %q is missing: %s", tt.q, tt.want, a.Text)
		}
	}

	// three articles: each keeps its sentence
	three := "what do the bring peace article, the seeking a shield piece and the macron article each say about security guarantees"
	a3, err := svc.Ask(context.Background(), retrieval.Question{Text: three})
	if err != nil {
		t.Fatal(err)
	}
	if cited := citedArticles(a3); len(cited) != 3 {
		t.Errorf("%q: %d articles quoted, want 3: %s (notes %q)", three, len(cited), a3.Text, a3.Notes)
	}
	// a misspelt word is noted once, not once per article searched
	typo := "how do the paris article and the bring peace article each describe what the us brings to the table for guarantes"
	at, err := svc.Ask(context.Background(), retrieval.Question{Text: typo})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(at.Notes, " "), "Searched for"); n != 1 {
		t.Errorf("%q: %d notes on the respelling, want 1: %q", typo, n, at.Notes)
	}

	q := "what do the seeking a shield article and the macron article each say about prisoner exchanges"
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "prisoner exchange") {
		t.Errorf("%q: the shield article's answer is missing: %s", q, a.Text)
	}
	if note := strings.Join(a.Notes, " "); !strings.Contains(note, "“Ukraine’s Security Guarantees: Macron and Zelenskyy Signal a Shift in Diplomatic Strategy” doesn't answer this") {
		t.Errorf("%q: no note that the macron article doesn't answer: %q", q, a.Notes)
	}
}

// With a model, the passages sent come from both articles named.
func TestQuestionNamingTwoArticlesSendsEachToTheModel(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		return testsupport.Reply{Text: testsupport.QuoteFirst(r.Prompt())}
	})
	e.ask(t, "how do the paris article and the bring peace article each describe what the us brings to the table")
	reqs := e.fake.Requests()
	if len(reqs) == 0 {
		t.Fatal("the model was not asked")
	}
	p := reqs[len(reqs)-1].Prompt()
	for _, title := range []string{"Western allies look to finalise Ukraine security guarantees", "Can Security Guarantees Bring Peace to Ukraine?"} {
		if !strings.Contains(p, title) {
			t.Errorf("no passage of %q was sent to the model", title)
		}
	}
}
