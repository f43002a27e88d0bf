package retrieval_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

func firstTurn(t *testing.T, svc *retrieval.Service) retrieval.Turn {
	t.Helper()
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "How many troops did European leaders propose sending to Ukraine?"})
	if err != nil || !a.Found {
		t.Fatalf("first question: %+v %v", a, err)
	}
	return retrieval.TurnFrom(a)
}

func TestOfflineFollowUpCarriesTheTopic(t *testing.T) {
	svc := newService(t)
	turn := firstTurn(t, svc)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "and what about air support?", History: []retrieval.Turn{turn}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Standalone, "European") || !strings.Contains(a.Standalone, "air support") {
		t.Errorf("standalone query = %q, want the earlier topic carried", a.Standalone)
	}
	if !a.Found || !strings.Contains(strings.ToLower(a.Text), "air support") {
		t.Errorf("follow-up answer = %q", a.Text)
	}
	// A question that stands alone is not rewritten.
	a, _ = svc.Ask(context.Background(), retrieval.Question{Text: "Which court is investigating war crimes in Ukraine?", History: []retrieval.Turn{turn}})
	if a.Standalone != "" {
		t.Errorf("standalone question rewritten to %q", a.Standalone)
	}
}

func TestFollowUpResolvesSourcesAndArticles(t *testing.T) {
	svc := newService(t)
	ctx := context.Background()
	turn := firstTurn(t, svc)

	a, err := svc.Ask(ctx, retrieval.Question{Text: "what does source 1 say about that?", History: []retrieval.Turn{turn}})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Citations[0].PassageID != turn.Sources[0].ID {
		t.Errorf("source 1 resolved to %+v, want passage %s", a.Citations, turn.Sources[0].ID)
	}

	a, err = svc.Ask(ctx, retrieval.Question{Text: "tell me more about the first article", History: []retrieval.Turn{turn}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range a.Passages {
		if h.DocID != turn.Sources[0].DocID {
			t.Errorf("passage %s is not from the first article %s", h.ID, turn.Sources[0].DocID)
		}
	}
	if len(a.Passages) == 0 {
		t.Errorf("no passages from the first article")
	}
}

func TestLLMRewritesFollowUps(t *testing.T) {
	fake := testsupport.NewFakeLLM(t)
	fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		if strings.Contains(r.Messages[0].Content, "standalone search query") {
			return testsupport.Reply{Text: `"Trump air support Ukraine"`}
		}
		return testsupport.Reply{Text: "He offered air support [" + passageNumber(r.Prompt(), "air support") + "]."}
	})
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model"})
	db := testsupport.SeedDB(t)
	svc := retrieval.NewService(db, retrieval.NewLLMAnswerer(llm, 3000, 5*time.Second, nil), nil, retrieval.WithRewriter(llm))
	history := []retrieval.Turn{{Question: "what did Trump offer on ground troops?", Answer: "Air support but not ground troops [1]."}}
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "and what about the other thing?", History: history})
	if err != nil {
		t.Fatal(err)
	}
	if a.Standalone != "Trump air support Ukraine" || !a.Found {
		t.Errorf("answer = %+v", a)
	}
	rw := fake.Requests()[0]
	if len(rw.Messages) != 4 || rw.Messages[1].Content != history[0].Question || rw.Messages[2].Role != "assistant" || rw.Messages[3].Content != "and what about the other thing?" {
		t.Errorf("rewrite request messages = %+v", rw.Messages)
	}
}
