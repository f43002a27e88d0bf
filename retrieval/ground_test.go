package retrieval_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
)

var answerMarkerRe = regexp.MustCompile(`\[(\d+)\]`)

// everySentenceCited fails unless every sentence of a found answer carries
// a marker naming one of its citations.
func everySentenceCited(t *testing.T, a retrieval.Answer) {
	t.Helper()
	if !a.Found {
		return
	}
	for _, sp := range text.Sentences(a.Text) {
		s := a.Text[sp.Start:sp.End]
		ms := answerMarkerRe.FindAllStringSubmatch(s, -1)
		if len(ms) == 0 {
			t.Errorf("sentence without a marker: %q", s)
		}
		for _, m := range ms {
			if n, _ := strconv.Atoi(m[1]); n < 1 || n > len(a.Citations) {
				t.Errorf("sentence %q cites [%d] of %d sources", s, n, len(a.Citations))
			}
		}
	}
}

// noInternals fails when a note shown to users holds a URL, a host or Go's
// error text.
func noInternals(t *testing.T, notes []string, url string) {
	t.Helper()
	host := strings.TrimPrefix(strings.TrimSuffix(url, "/v1"), "http://")
	for _, n := range notes {
		for _, bad := range []string{"http://", "https://", host, "127.0.0.1", "dial tcp", "EOF", "connection refused", "error, status code"} {
			if strings.Contains(n, bad) {
				t.Errorf("note %q shows %q to users", n, bad)
			}
		}
	}
}

// The claims below are true of the seed passages the troops question
// retrieves; the phrases name the passage each comes from.
var (
	airClaim    = testsupport.Claim{Text: "Trump said he would help with air support but not ground troops.", Cite: []string{"President Trump said"}}
	europeClaim = testsupport.Claim{Text: "Some European leaders propose sending 15,000 to 20,000 troops after a peace deal.", Cite: []string{"15,000 to 20,000"}}
)

func TestLLMCitationStyles(t *testing.T) {
	for name, style := range testsupport.Styles {
		t.Run(name, func(t *testing.T) {
			e := newLLMEnv(t, 5*time.Second)
			e.fake.Respond(testsupport.Answer(style, airClaim, europeClaim))
			a, streamed := e.ask(t, troops)
			if !a.Found || a.Mode != retrieval.ModeLLM {
				t.Fatalf("a supported answer in style %s was not shown (streamed %q): %+v", name, streamed, a)
			}
			want := "Trump said he would help with air support but not ground troops [1]. Some European leaders propose sending 15,000 to 20,000 troops after a peace deal [2]."
			if a.Text != want {
				t.Errorf("text = %q\nwant  %q", a.Text, want)
			}
			if len(a.Citations) != 2 || a.Citations[0].PassageID != "can-security-guarantees-bring-peace#8" || a.Citations[1].PassageID != "can-security-guarantees-bring-peace#20" {
				t.Errorf("citations = %+v", a.Citations)
			}
			if style != testsupport.Unmarked && style != testsupport.SourcesList && len(a.Notes) > 0 {
				t.Errorf("notes %q for an answer the check left as it was", a.Notes)
			}
			everySentenceCited(t, a)
		})
	}
}

func TestLLMCitationShapes(t *testing.T) {
	tests := []struct{ name, reply, want string }{
		{"adjacent", "Trump said he would help with air support but not ground troops [%[1]d][%[2]d].", "Trump said he would help with air support but not ground troops [1][2]."},
		{"marker after the full stop", "Trump said he would help with air support but not ground troops. [%[1]d] European leaders propose sending 15,000 to 20,000 troops. [%[2]d]",
			"Trump said he would help with air support but not ground troops [1]. European leaders propose sending 15,000 to 20,000 troops [2]."},
		{"sources list with titles", "Trump said he would help with air support but not ground troops.\n\n**References:**\n[%[1]d] Can Security Guarantees Bring Peace to Ukraine?",
			"Trump said he would help with air support but not ground troops [1]."},
		{"lenticular with source tag", "Trump said he would help with air support but not ground troops 【%[1]d†source】.", "Trump said he would help with air support but not ground troops [1]."},
		{"a year in brackets stays", "In (2025) Trump said he would help with air support but not ground troops (%[1]d).", "In (2025) Trump said he would help with air support but not ground troops [1]."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLLMEnv(t, 5*time.Second)
			e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
				p := r.Prompt()
				return testsupport.Reply{Text: fmt.Sprintf(tt.reply, testsupport.PassageNumber(p, "President Trump said"), testsupport.PassageNumber(p, "15,000 to 20,000"))}
			})
			a, _ := e.ask(t, troops)
			if !a.Found || a.Text != tt.want {
				t.Errorf("text = %q (found %v)\nwant  %q", a.Text, a.Found, tt.want)
			}
			everySentenceCited(t, a)
		})
	}
}

func TestLLMUnsupportedSentences(t *testing.T) {
	invented := testsupport.Claim{Text: "Trump also promised a million soldiers by Friday.", N: []int{9}}
	misCited := testsupport.Claim{Text: europeClaim.Text, Cite: airClaim.Cite} // true, but cited to the wrong passage
	unsupported := testsupport.Claim{Text: "Macron promised fifty fighter jets to Kyiv by Christmas.", Cite: airClaim.Cite}
	tests := []struct {
		name   string
		style  testsupport.CiteStyle
		claims []testsupport.Claim
		want   string
		note   string
	}{
		{"invented with an invalid marker", testsupport.Brackets, []testsupport.Claim{airClaim, invented},
			"Trump said he would help with air support but not ground troops [1].", "1 sentence no passage supports was removed"},
		{"cited to the wrong passage", testsupport.Brackets, []testsupport.Claim{airClaim, misCited},
			"Trump said he would help with air support but not ground troops [1]. Some European leaders propose sending 15,000 to 20,000 troops after a peace deal [2].",
			"1 sentence cited to the wrong passage was corrected"},
		{"cited to a passage that does not say it", testsupport.Grouped, []testsupport.Claim{unsupported, airClaim},
			"Trump said he would help with air support but not ground troops [1].", "removed"},
		{"unmarked, partly invented", testsupport.Unmarked, []testsupport.Claim{airClaim, unsupported},
			"Trump said he would help with air support but not ground troops [1].", "removed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLLMEnv(t, 5*time.Second)
			e.fake.Respond(testsupport.Answer(tt.style, tt.claims...))
			a, _ := e.ask(t, troops)
			if !a.Found || a.Text != tt.want {
				t.Errorf("text = %q (found %v)\nwant  %q", a.Text, a.Found, tt.want)
			}
			if a.Citations[0].PassageID != "can-security-guarantees-bring-peace#8" {
				t.Errorf("[1] is %s, want the passage that says it", a.Citations[0].PassageID)
			}
			if notes := strings.Join(a.Notes, " "); !strings.Contains(notes, tt.note) || !strings.Contains(notes, "Checked against the sources") {
				t.Errorf("notes %q do not say the answer differs from the draft (%q)", a.Notes, tt.note)
			}
			everySentenceCited(t, a)
		})
	}
}

func TestLLMRefusalIsNotFound(t *testing.T) {
	for _, reply := range []string{
		"I don't know what Trump offered; passage [1] only says allies must decide if they will send forces [1].",
		"The passages do not say what Trump offered.",
		"Unfortunately, the articles don't mention this.",
	} {
		e := newLLMEnv(t, 5*time.Second)
		e.fake.Script(testsupport.Reply{Text: reply})
		a, _ := e.ask(t, troops)
		if a.Found || !a.Refused || len(a.Closest) == 0 {
			t.Errorf("refusal %q: found %v refused %v closest %d", reply, a.Found, a.Refused, len(a.Closest))
		}
	}
}

func TestLLMUnmarkedQuotesNeedNoSecondRequest(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Script(testsupport.Reply{Text: "Trump said he would “help with air power, never ground troops”."})
	a, _ := e.ask(t, troops)
	if n := len(e.fake.Requests()); n != 1 {
		t.Errorf("%d requests for an unmarked answer with quotes, want 1", n)
	}
	if !a.Found || strings.ContainsAny(a.Text, "“”") {
		t.Errorf("answer = %q (found %v)", a.Text, a.Found)
	}
	everySentenceCited(t, a)
}

func TestLLMCutOffAtMaxTokens(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		text := testsupport.Write(testsupport.Brackets, r.Prompt(), airClaim) + " Some European leaders propose sending"
		return testsupport.Reply{Text: text, FinishReason: "length"}
	})
	a, _ := e.ask(t, troops)
	if !a.Found || a.Text != "Trump said he would help with air support but not ground troops [1]." {
		t.Errorf("text = %q", a.Text)
	}
	if !strings.Contains(strings.Join(a.Notes, " "), "cut off") {
		t.Errorf("notes %q do not say the answer was cut off", a.Notes)
	}
	if !strings.Contains(e.logs.String(), "kind=cut_off") {
		t.Errorf("the cut-off was not logged:\n%s", e.logs)
	}
}

func TestLLMErrorsAreClassifiedInTheLogOnly(t *testing.T) {
	tests := []struct {
		name  string
		reply testsupport.Reply
		kind  string
		log   string // the server's own words, in the log
	}{
		{"in-stream error frame", testsupport.Reply{Text: "Trump", StreamedError: "the request exceeds the available context size"}, "stream_broken", "exceeds the available context size"},
		{"llama.cpp error line", testsupport.Reply{Text: "Trump", RawErrorLine: `error: {"code":500,"message":"slot unavailable"}`}, "stream_broken", "slot unavailable"},
		{"stream ended early", testsupport.Reply{Text: "Trump offered", CutBeforeDone: true}, "stream_broken", ""},
		{"connection lost", testsupport.Reply{Text: "Trump offered", DropConnection: true}, "stream_broken", "unexpected EOF"},
		{"rate limited", testsupport.Reply{Status: 429, RetryAfter: "0"}, "rate_limited", "fake error 429"},
		{"bad key", testsupport.Reply{Status: 401}, "rejected_key", ""},
		{"unknown model", testsupport.Reply{Status: 404}, "unknown_model", ""},
		{"overloaded", testsupport.Reply{Status: 503}, "overloaded", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newLLMEnv(t, 5*time.Second)
			e.fake.Script(tt.reply)
			a, _ := e.ask(t, troops)
			if a.Mode != retrieval.ModeFallback {
				t.Fatalf("mode %q, want %q", a.Mode, retrieval.ModeFallback)
			}
			noInternals(t, a.Notes, e.fake.URL)
			logs := e.logs.String()
			if !strings.Contains(logs, "kind="+tt.kind) || !strings.Contains(logs, tt.log) {
				t.Errorf("log lacks kind=%s and %q:\n%s", tt.kind, tt.log, logs)
			}
			for _, n := range a.Notes {
				if tt.log != "" && strings.Contains(n, tt.log) {
					t.Errorf("the server's message reached users: %q", n)
				}
			}
		})
	}
}

func TestLLMUnreachableServerNote(t *testing.T) {
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: "http://127.0.0.1:1/v1", Model: "m", MaxRetries: 1})
	svc := retrieval.NewService(testsupport.SeedDB(t), retrieval.NewLLMAnswerer(llm, 3000, 5*time.Second, nil), nil)
	a, err := svc.Ask(t.Context(), retrieval.Question{Text: troops})
	if err != nil {
		t.Fatal(err)
	}
	if a.Mode != retrieval.ModeFallback || !strings.Contains(strings.Join(a.Notes, " "), "could not be reached") {
		t.Errorf("answer = %+v", a)
	}
	noInternals(t, a.Notes, "http://127.0.0.1:1/v1")
}

func TestLLMSilentPromptTruncationIsLoggedAndKeepsTheRules(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	e.fake.SetContext(300) // far less than the prompt: the front is dropped silently
	e.fake.Respond(testsupport.Answer(testsupport.Brackets, airClaim))
	a, _ := e.ask(t, troops)
	req := e.fake.Requests()[0]
	if !req.Truncated {
		t.Fatalf("the fake did not truncate a %d-token prompt", req.SentTokens)
	}
	if seen := req.Prompt(); !strings.Contains(seen, "cite every sentence") || !strings.Contains(seen, "Question: "+troops) {
		t.Errorf("after truncation the model no longer sees the rules and question:\n%s", seen)
	}
	if !strings.Contains(e.logs.String(), "saw less of the prompt") {
		t.Errorf("truncation not logged:\n%s", e.logs)
	}
	everySentenceCited(t, a)

	e = newLLMEnv(t, 5*time.Second) // a server that sees it all: no warning
	e.fake.Respond(testsupport.Answer(testsupport.Brackets, airClaim))
	e.ask(t, troops)
	if strings.Contains(e.logs.String(), "saw less of the prompt") {
		t.Errorf("warning without truncation:\n%s", e.logs)
	}
}

func TestLLMAnswersInTheAskersLanguageWithCheckedCitations(t *testing.T) {
	e := newLLMEnv(t, 5*time.Second)
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: e.fake.URL, Model: "fake-model"})
	e.svc = retrieval.NewService(testsupport.SeedDB(t), retrieval.NewLLMAnswerer(llm, 3000, 5*time.Second, nil), nil, retrieval.WithRewriter(llm))
	question := "Qu'a dit Trump sur le soutien aérien et les troupes au sol ?"
	answer := testsupport.Answer(testsupport.Brackets,
		testsupport.Claim{Text: "Trump a dit qu'il aiderait avec un soutien aérien mais pas avec des troupes au sol.", Cite: []string{"President Trump said"}},
		testsupport.Claim{Text: "Des dirigeants européens proposent d'envoyer 15 000 à 20 000 soldats.", Cite: []string{"15,000 to 20,000"}},
		testsupport.Claim{Text: "Macron a promis cinquante avions à Kyiv pour Noël.", Cite: []string{"President Trump said"}})
	e.fake.Respond(func(r testsupport.ChatRequest) testsupport.Reply {
		if strings.HasPrefix(r.Messages[0].Content, "Translate") {
			return testsupport.Reply{Text: "what did Trump say about air support and ground troops"}
		}
		return answer(r)
	})
	a, _ := e.ask(t, question)
	if req := e.fake.Requests()[1]; !strings.Contains(req.Prompt(), "Question: "+question) {
		t.Errorf("the model was not asked the question as the user wrote it")
	}
	if !a.Found || a.Mode != retrieval.ModeLLM {
		t.Fatalf("answer = %+v", a)
	}
	if !strings.HasPrefix(a.Text, "Trump a dit qu'il aiderait") || !strings.Contains(a.Text, "15 000 à 20 000 soldats [2]") || strings.Contains(a.Text, "Macron") {
		t.Errorf("text = %q: want the supported French sentences, not the invented one", a.Text)
	}
	if a.Citations[0].PassageID != "can-security-guarantees-bring-peace#8" {
		t.Errorf("citations = %+v", a.Citations)
	}
	everySentenceCited(t, a)
}

func TestOfflineForeignQuestionSaysAnswersAreInTheArticlesLanguage(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, q := range []string{"Qu'a dit Trump sur le soutien aérien et les troupes au sol ?", "Was hat Trump über die Truppen gesagt und was ist mit der NATO?"} {
		a, err := svc.Ask(t.Context(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(a.Notes, " "), "in their language") {
			t.Errorf("%q: notes %q", q, a.Notes)
		}
	}
	a, _ := svc.Ask(t.Context(), retrieval.Question{Text: troops})
	if strings.Contains(strings.Join(a.Notes, " "), "language") {
		t.Errorf("English question: notes %q", a.Notes)
	}
}
