package retrieval_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/benchdata"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// Suggested follow-ups come from what members already had answered from
// the cited passages' neighbours, then the neighbours' headings; each is
// answerable now, none repeats the question, at most three.
func TestSuggestedFollowUpsAreAnswerable(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	svc := retrieval.NewService(db, nil, nil)
	asked := "What innovative approach for safety guarantees does the article propose?"
	a, err := svc.Ask(ctx, retrieval.Question{Text: asked})
	if err != nil || !a.Found {
		t.Fatalf("the question is not answered: %v %+v", err, a)
	}
	ps, _ := db.Passages(ctx, a.Citations[0].DocID)
	var neighbour retrieval.Passage
	for k, p := range ps {
		if p.ID == a.Citations[0].PassageID && k+1 < len(ps) {
			neighbour = ps[k+1]
		}
	}
	if neighbour.ID == "" {
		t.Fatal("the cited passage has no next passage")
	}
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, q := range []retrieval.QuestionLog{
		{Guild: "g", Question: "What role do companies play in the economic dynamics?", Outcome: retrieval.OutcomeAnswered, PassageIDs: []string{neighbour.ID}, At: t0},
		{Guild: "g", Question: "How do I bake sourdough bread?", Outcome: retrieval.OutcomeAnswered, PassageIDs: []string{neighbour.ID}, At: t0},
		{Guild: "other", Question: "What did Macron say in Paris?", Outcome: retrieval.OutcomeAnswered, PassageIDs: []string{neighbour.ID}, At: t0},
		{Guild: "g", Question: asked, Outcome: retrieval.OutcomeAnswered, PassageIDs: []string{a.Citations[0].PassageID}, At: t0},
	} {
		if _, err := db.RecordQuestion(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	got, err := retrieval.NewSuggester(db, svc).Suggest(ctx, "g", asked, a)
	if err != nil || len(got) == 0 || len(got) > 3 {
		t.Fatalf("suggestions = %q, %v; want one to three", got, err)
	}
	if got[0] != "What role do companies play in the economic dynamics?" {
		t.Errorf("first suggestion = %q; want the server's question answered from the next passage", got[0])
	}
	for _, s := range got {
		if strings.Contains(s, "sourdough") || strings.Contains(s, "Macron") || s == asked {
			t.Errorf("suggested %q: unanswerable, another server's, or the question itself", s)
		}
		if r, err := svc.Retrieve(ctx, s, retrieval.Filter{}, 3); err != nil || !r.Found {
			t.Errorf("suggested %q, which the gate does not answer", s)
		}
	}
	if got, _ := retrieval.NewSuggester(db, svc).Suggest(ctx, "g", asked, retrieval.Answer{}); len(got) != 0 {
		t.Errorf("suggestions for an answer not found: %q", got)
	}
}

// Without questions asked before, the neighbours' section headings become
// questions, when the gate answers them; the cited section's own heading
// is not suggested.
func TestSuggestedFollowUpsFromHeadings(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	svc := retrieval.NewService(db, nil, nil)
	const doc = "ukraine-quest-for-security-guarantees"
	a := retrieval.Answer{Found: true, Citations: []retrieval.Citation{{N: 1, DocID: doc, PassageID: doc + "#5"}}}
	got, err := retrieval.NewSuggester(db, svc).Suggest(ctx, "", "What role do companies play?", a)
	if err != nil || len(got) != 1 || !strings.Contains(got[0], "say about the role of the standards of civil society and public opinion?") {
		t.Fatalf("suggestions = %q, %v; want the next section's heading as a question", got, err)
	}
	if r, err := svc.Retrieve(ctx, got[0], retrieval.Filter{}, 3); err != nil || !r.Found {
		t.Errorf("suggested %q, which the gate does not answer", got[0])
	}
}

// BenchmarkSuggest measures what suggested follow-ups add to an answer
// (after its slot is given back, before its final message): the
// neighbours, the server's questions, and up to eight gate checks. Each
// question in the journal was answered citing the passages the asked
// question cites, so every candidate is checked.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Suggest -count 5 ./retrieval
func BenchmarkSuggest(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{0, 10000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			db := testsupport.SeedDB(b)
			questions := []string{"What did Trump offer on ground troops?"}
			if n > 0 {
				db = testsupport.BenchDB(b, n)
				claims, err := benchdata.Queries()
				if err != nil {
					b.Fatal(err)
				}
				questions = claims[:20]
			}
			svc := retrieval.NewService(db, nil, nil)
			var answers []retrieval.Answer
			for _, q := range questions {
				a, err := svc.Ask(ctx, retrieval.Question{Text: q})
				if err != nil {
					b.Fatal(err)
				}
				if !a.Found {
					continue
				}
				answers = append(answers, a)
				for k, other := range questions { // the server asked the others citing these passages
					db.RecordQuestion(ctx, retrieval.QuestionLog{Guild: "g", Question: fmt.Sprint(other, " ", k), Outcome: retrieval.OutcomeAnswered,
						PassageIDs: []string{a.Citations[0].PassageID}, At: time.Now()})
				}
			}
			if len(answers) == 0 {
				b.Skip("no question answered")
			}
			s := retrieval.NewSuggester(db, svc)
			b.ResetTimer()
			for k := range b.N {
				a := answers[k%len(answers)]
				if _, err := s.Suggest(ctx, "g", a.Question, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// With a model, the questions it proposes from the cited passages come
// before the headings; each is checked answerable first, and a model that
// fails leaves the offline suggestions.
func TestSuggestedFollowUpsFromTheModel(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	svc := retrieval.NewService(db, nil, nil)
	const asked = "what did Trump offer on ground troops?"
	a, err := svc.Ask(ctx, retrieval.Question{Text: asked})
	if err != nil || !a.Found {
		t.Fatalf("the question is not answered: %v %+v", err, a)
	}
	fake := testsupport.NewFakeLLM(t)
	var prompt string
	fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		prompt = r.Prompt()
		return testsupport.Reply{Text: "1. How many troops might European leaders send after a peace deal?\n" +
			"- What did Keir Starmer say about the troops?\n" + // the articles never mention him
			"What did Trump offer on ground troops?\n" + // the question itself
			"Here are some questions:"}
	})
	model := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model"})
	got, err := retrieval.NewSuggester(db, svc).WithModel(model).Suggest(ctx, "", asked, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0] != "How many troops might European leaders send after a peace deal?" {
		t.Errorf("suggestions = %q; want the model's answerable question first", got)
	}
	for _, s := range got {
		if strings.Contains(s, "Starmer") || strings.EqualFold(s, asked) || !strings.HasSuffix(s, "?") {
			t.Errorf("suggested %q: unanswerable, the question itself, or not a question", s)
		}
	}
	if !strings.Contains(prompt, a.Citations[0].Quote[:20]) {
		t.Errorf("the model was not shown the cited passage:\n%s", prompt)
	}

	fake.Respond(func(testsupport.ChatRequest) testsupport.Reply { return testsupport.Reply{Status: 500} })
	offline, _ := retrieval.NewSuggester(db, svc).Suggest(ctx, "", asked, a)
	failed, err := retrieval.NewSuggester(db, svc).WithModel(model).Suggest(ctx, "", asked, a)
	if err != nil || strings.Join(failed, "|") != strings.Join(offline, "|") {
		t.Errorf("with a failing model: %q, %v; want the offline suggestions %q", failed, err, offline)
	}
}
