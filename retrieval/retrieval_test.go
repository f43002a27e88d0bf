package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// seedQuestions are answered by the seed articles; want is the article that answers.
var seedQuestions = []struct{ q, want string }{
	{"what did Trump offer on ground troops?", "can-security-guarantees-bring-peace"},
	{"How many troops did European leaders propose sending to Ukraine?", "can-security-guarantees-bring-peace"},
	{"How many NATO troops protect the Baltic states?", "can-security-guarantees-bring-peace"},
	{"How many US troops were in Europe during the Cold War?", "can-security-guarantees-bring-peace"},
	{"What did the Minsk agreements fail to do?", "can-security-guarantees-bring-peace"},
	{"Does Russia accept foreign forces on Ukrainian soil?", "can-security-guarantees-bring-peace"},
	{"What did Trump say about American companies in Ukraine?", "ukraine-quest-for-security-guarantees"},
	{"What is the initiative of the three seas?", "ukraine-quest-for-security-guarantees"},
	{"What role could Amnesty International play?", "ukraine-quest-for-security-guarantees"},
	{"Why does Zelensky want a full prisoner exchange?", "zelensky-european-allies-urge-trump"},
	{"What is Trump's America First approach?", "zelensky-european-allies-urge-trump"},
	{"What does the Chatham House analysis cover?", "zelensky-european-allies-urge-trump"},
	{"How many nations gathered in Paris?", "western-allies-paris-summit"},
	{"What did the senior diplomat say about NATO membership?", "western-allies-paris-summit"},
	{"Which American administration reiterated its support for Ukraine?", "western-allies-paris-summit"},
	{"Who did Zelenskyy speak with by phone after the assault?", "macron-zelenskyy-diplomatic-shift"},
	{"Which court is investigating war crimes in Ukraine?", "macron-zelenskyy-diplomatic-shift"},
	{"What defense pacts does France have with African nations?", "macron-zelenskyy-diplomatic-shift"},
}

var outOfCorpus = []string{
	"What is the capital of Australia?",
	"How do I bake sourdough bread?",
	"Who won the 2022 World Cup?",
	"What is the best programming language for beginners?",
	"What is the weather in Los Angeles?",
	"What is the capital of Ukraine?",
	"How do I reset my password?",
}

func newService(t *testing.T) *retrieval.Service {
	return retrieval.NewService(testsupport.SeedDB(t), nil, nil)
}

func TestSeedQuestionsFindTheirArticle(t *testing.T) {
	svc := newService(t)
	for _, tt := range seedQuestions {
		t.Run(tt.q, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found {
				t.Fatalf("not found: %s", a.Text)
			}
			if len(a.Citations) == 0 || a.Citations[0].DocID != tt.want {
				t.Errorf("first citation %+v, want article %s\nanswer: %s", a.Citations, tt.want, a.Text)
			}
			checkCitations(t, a)
		})
	}
}

// checkCitations: markers and sources agree, numbered 1..n in order of first
// use, and every quote is verbatim from its passage.
func checkCitations(t *testing.T, a retrieval.Answer) {
	t.Helper()
	passages := map[string]string{}
	for _, h := range a.Passages {
		passages[h.ID] = h.Text
	}
	next := 1
	for i := 0; i < len(a.Text); i++ {
		if a.Text[i] != '[' {
			continue
		}
		j := strings.IndexByte(a.Text[i:], ']')
		if j < 0 {
			break
		}
		var n int
		for _, c := range a.Text[i+1 : i+j] {
			n = n*10 + int(c-'0')
		}
		if n > len(a.Citations) || n < 1 {
			t.Errorf("marker [%d] names no source", n)
		}
		if n == next {
			next++
		} else if n > next {
			t.Errorf("marker [%d] used before [%d]", n, next)
		}
	}
	if next-1 != len(a.Citations) {
		t.Errorf("%d sources listed, %d cited", len(a.Citations), next-1)
	}
	for i, c := range a.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d numbered %d", i, c.N)
		}
		if !strings.Contains(passages[c.PassageID], c.Quote) || c.Quote == "" {
			t.Errorf("quote of [%d] is not verbatim from %s: %q", c.N, c.PassageID, c.Quote)
		}
	}
}

func TestOutOfCorpusQuestionsAreNotFound(t *testing.T) {
	svc := newService(t)
	for _, q := range outOfCorpus {
		t.Run(q, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || len(a.Citations) != 0 {
				t.Errorf("answered from weak matches: %s %+v", a.Text, a.Citations)
			}
			if !strings.Contains(a.Text, "don't") {
				t.Errorf("answer does not say the articles don't cover it: %q", a.Text)
			}
		})
	}
}

func TestExampleQuestion(t *testing.T) {
	svc := newService(t)
	q := retrieval.Question{Text: "what did Trump offer on ground troops?"}
	a, err := svc.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "President Trump said he would help with air support but not ground troops [1].") {
		t.Errorf("answer = %q", a.Text)
	}
	c := a.Citations[0]
	if c.Title != "Can Security Guarantees Bring Peace to Ukraine?" || c.Date != "2025-09-27" || !strings.Contains(c.Quote, "not ground troops") {
		t.Errorf("citation = %+v", c)
	}
	again, _ := svc.Ask(context.Background(), q)
	if !reflect.DeepEqual(a, again) {
		t.Errorf("same question, different answers:\n%+v\n%+v", a, again)
	}
}

func TestDateFilterSaysWhatItLeftOut(t *testing.T) {
	svc := newService(t)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "What did Trump offer on ground troops?", Filter: retrieval.Filter{Since: "2025-09-01"}})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Citations[0].Date < "2025-09-01" {
		t.Errorf("filtered answer = %+v", a)
	}
	if len(a.Notes) != 1 || !strings.Contains(a.Notes[0], "4 undated article(s)") {
		t.Errorf("notes = %q, want the 4 undated seeds mentioned", a.Notes)
	}
	a, err = svc.Ask(context.Background(), retrieval.Question{Text: "ground troops", Filter: retrieval.Filter{Until: "2020-01-01"}})
	if err != nil || a.Found {
		t.Errorf("nothing is dated before 2020: %+v, %v", a, err)
	}
}

var hostile = []string{
	`"unbalanced quote`, `ground AND troops OR NOT NEAR(air support, 2)`, `title:trump`, `troop*`, `^start`,
	`(((`, `)))`, `- -- ---`, `'; DROP TABLE passages; --`, `NEAR`, `AND`, `"" "" ""`, `🙂🚀 troops 🇺🇦`,
	`Zelénsky’s «guarantees»`, `\x00\x01`, strings.Repeat("troops ", 500), strings.Repeat("a b c d e f g h i j ", 50), manyWords(400),
	`{col1 col2}: x`, `x + y`, `ground:troops*`, "\u202eRTL override", `Трамп наземные войска`, `特朗普 地面部队`,
}

// manyWords returns n distinct words.
func manyWords(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "word%dx ", i)
	}
	return b.String()
}

func TestHostileQueriesNeverBreakSearch(t *testing.T) {
	svc := newService(t)
	for _, in := range hostile {
		r, err := svc.Retrieve(context.Background(), in, retrieval.Filter{}, 5)
		if errors.Is(err, retrieval.ErrNoTerms) {
			continue
		}
		if err != nil {
			t.Errorf("Retrieve(%.40q): %v", in, err)
			continue
		}
		if n := len(r.Query.Words); n > retrieval.MaxQueryTerms {
			t.Errorf("Retrieve(%.40q): %d terms, want at most %d", in, n, retrieval.MaxQueryTerms)
		}
	}
}

func TestNoSearchableWords(t *testing.T) {
	svc := newService(t)
	for _, in := range []string{"", "   ", "?!", "what is the", "🙂🙂", `"" ** ()`} {
		if _, err := svc.Ask(context.Background(), retrieval.Question{Text: in}); !errors.Is(err, retrieval.ErrNoTerms) {
			t.Errorf("Ask(%q) err = %v, want ErrNoTerms", in, err)
		}
	}
}

func FuzzBuildQuery(f *testing.F) {
	for _, s := range hostile {
		if len(s) <= 512 { // long inputs are covered by the table test; they slow minimization
			f.Add(s)
		}
	}
	f.Add("what did Trump offer on ground troops?")
	db := testsupport.SeedDB(f)
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 2048 {
			t.Skip("the term bound makes longer inputs equivalent; see TestHostileQueriesNeverBreakSearch")
		}
		q, err := retrieval.BuildQuery(in)
		if errors.Is(err, retrieval.ErrNoTerms) {
			return
		}
		if err != nil {
			t.Fatalf("BuildQuery(%q): %v", in, err)
		}
		if len(q.Words) == 0 || len(q.Words) > retrieval.MaxQueryTerms || len(q.Words) != len(q.Stems) {
			t.Fatalf("BuildQuery(%q): %d words, %d stems", in, len(q.Words), len(q.Stems))
		}
		if _, err := db.Search(context.Background(), q.Match, retrieval.Filter{}, 5); err != nil {
			t.Fatalf("BuildQuery(%q) = %q: search failed: %v", in, q.Match, err)
		}
	})
}

// Chat around a question and the forms of "get" say nothing of what is
// asked: "wait" is no delay, "getting" no "let" or "go" (WordNet's senses
// of "get", which found "every day of delay lets Russia…" and "to go
// beyond the usual speeches"). The passage on NATO membership answers.
func TestChatAndGetSayNothing(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, q := range []string{"wait so is ukraine getting into nato or nah", "is ukraine getting into nato"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		var top []string
		for _, h := range a.Passages[:min(3, len(a.Passages))] {
			top = append(top, h.Text)
		}
		if !a.Found || !strings.Contains(strings.Join(top, "\n"), "NATO membership remains blocked") {
			t.Errorf("%q: found %v, top passages %.300q; want the one on NATO membership", q, a.Found, top)
		}
	}
}

// An answer is the same every time the question is asked: two sentences
// of this answer score alike but for the order their words' weights are
// summed in (a map's), and the sentence quoted second swapped from run
// to run.
func TestAnswerIsTheSameEveryTime(t *testing.T) {
	svc := newService(t)
	q := retrieval.Question{Text: "why do ppl think guarantees without soldiers wont work"}
	first, err := svc.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		a, err := svc.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != first.Text {
			t.Fatalf("asked again (%d), answered %q; first %q", i+1, a.Text, first.Text)
		}
	}
}

// What a question sets aside ("besides sending troops") is what the asker
// knows: the passages telling only of it rank below those telling what
// else, unless they tell what goes beyond it ("more than ceasefires").
func TestSetAsideRanksBelowWhatElse(t *testing.T) {
	svc := newService(t)
	for _, tt := range []struct{ q, want string }{
		{"what ways to deter russia do the articles suggest besides sending troops", "intelligence sharing"},
		{"besides a ceasefire what else do they say real peace needs", "True peace requires more than ceasefires"},
		{"besides nato and the eu, which other neighbours could join that wider defence club", "Turkey"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		var top []string
		found := false
		for _, h := range a.Passages[:min(3, len(a.Passages))] {
			top = append(top, h.ID)
			found = found || strings.Contains(h.Text, tt.want)
		}
		if !found {
			t.Errorf("%q: top 3 %v, none says %q", tt.q, top, tt.want)
		}
	}
}

// An answer to what else there is quotes what else, not the thing set
// aside: "besides troops", the weapons and training the U.S. brings.
func TestSetAsideIsNotTheAnswer(t *testing.T) {
	a, err := newService(t).Ask(context.Background(), retrieval.Question{Text: "yo what does the us actually bring to the table besides troops"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "weapons and training") {
		t.Errorf("answered %q, want the U.S. weapons and training", a.Text)
	}
}
