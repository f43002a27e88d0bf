package retrieval

import (
	"slices"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/text"
)

func TestSidesOfAComparison(t *testing.T) {
	for _, test := range []struct{ q, a, b string }{
		{"how do trump's and europe's offers of help differ", "trump", "europ"},
		{"what do the minsk accords and the budapest memorandum have in common", "minsk", "budapest"},
		{"russia vs ukraine: what does each want", "russia", "ukrain"},
		{"what did trump and zelensky say", "", ""}, // not a comparison
	} {
		q, err := BuildQuery(test.q)
		if err != nil {
			t.Fatal(err)
		}
		got := sides(test.q, q)
		if test.a == "" {
			if got != nil {
				t.Errorf("sides(%q) = %v, want none", test.q, got)
			}
			continue
		}
		if len(got) != 2 || got[0] != test.a || got[1] != test.b {
			t.Errorf("sides(%q) = %v, want [%s %s]", test.q, got, test.a, test.b)
		}
	}
}

// A comparison whose best sentences all speak of one side gets a sentence
// about the other.
func TestCoverAddsTheMissingSide(t *testing.T) {
	cands := []candidate{
		{hit: 0, sentence: "Europe may send 15,000 troops.", score: 0.9, terms: map[string]bool{"europ": true, "troop": true}},
		{hit: 0, sentence: "European leaders met in Paris on Thursday.", score: 0.8, terms: map[string]bool{"europ": true}},
		{hit: 1, sentence: "Trump offered air support but not ground troops.", score: 0.5, terms: map[string]bool{"trump": true, "troop": true}},
	}
	picked := cover(cands[:2], cands, "trump")
	if len(picked) != 3 || picked[2].sentence != cands[2].sentence {
		t.Errorf("picked = %v, want the Trump sentence added", picked)
	}
	full := []candidate{cands[0], cands[1], {hit: 2, sentence: "Europe wants a deal soon.", terms: map[string]bool{"europ": true}}}
	picked = cover(full, cands, "trump")
	if len(picked) != extractiveMax || picked[len(picked)-1].sentence != cands[2].sentence {
		t.Errorf("a full answer: picked = %v, want the weakest replaced by the Trump sentence", picked)
	}
}

func TestQuestionParts(t *testing.T) {
	for _, test := range []struct {
		q    string
		want []string
	}{
		{"what does russia want? and what does ukraine want?", []string{"what does russia want", "what does ukraine want"}},
		{"how many troops will europe send and how many drones did iran give russia", []string{"how many troops will europe send", "how many drones did iran give russia"}},
		{"what did trump and zelensky say", nil},
		{"why? why not?", nil}, // parts without two search words
	} {
		var got []string
		for _, p := range questionParts(test.q) {
			got = append(got, p.text)
		}
		if strings.Join(got, "|") != strings.Join(test.want, "|") {
			t.Errorf("questionParts(%q) = %q, want %q", test.q, got, test.want)
		}
	}
}

// A best sentence that only restates the question ("a multi-layered
// approach is more probable") is followed by the one that says what it is;
// a sentence that brings its own facts is quoted alone.
func TestElaborationFollowsASentenceThatRestatesTheQuestion(t *testing.T) {
	passage := "Instead, experts suggest a multi-layered approach is more probable. " +
		"It would combine bilateral agreements, intelligence sharing and arms supplies. " +
		"Talks resume in October."
	hits := []Hit{{Passage: Passage{Text: passage}}}
	for _, test := range []struct {
		q, want, not string
	}{
		{"whats the multi layered approach the experts suggest", "bilateral agreements", ""},
		{"when do talks resume", "October", "bilateral"},
	} {
		q, err := BuildQuery(test.q)
		if err != nil {
			t.Fatal(err)
		}
		w := map[string]float64{}
		for _, st := range q.Stems {
			w[st] = 1
		}
		a, err := Extractive{}.Answer(t.Context(), Request{Question: test.q, Query: q, Weights: w, Passages: hits})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, test.want) || test.not != "" && strings.Contains(a.Text, test.not) {
			t.Errorf("%q: answer %q, want %q in it and not %q", test.q, a.Text, test.want, test.not)
		}
	}
}

// "who" is answered by a kind of person as well as by a name; "the name
// of" only by a name.
func TestAPersonNounAnswersWho(t *testing.T) {
	const s = "He tasked his envoy to negotiate details for the defense."
	for _, test := range []struct {
		q    string
		want bool
	}{
		{"who did trump task with negotiating the details", true},
		{"whats the name of the man trump tasked with the details", false},
		{"who negotiates for the envoy", false}, // the question's own person is no answer
	} {
		if got := holdsAnswer(classify(test.q), s, questionWords(test.q)); got != test.want {
			t.Errorf("%q: holdsAnswer = %v, want %v", test.q, got, test.want)
		}
	}
}

// The sentence after a restatement joins the answer only when it states
// something: not a lead-in to a list, a question or a line of code.
func TestProse(t *testing.T) {
	for s, want := range map[string]bool{
		"It would combine bilateral agreements and arms supplies.": true,
		"In particular:":             false,
		"func setup() {":             false,
		"What would they entail?":    false,
		"He said “it will be hard.”": true,
	} {
		if got := prose(s); got != want {
			t.Errorf("prose(%q) = %v, want %v", s, got, want)
		}
	}
}

// A model designation is found with or without its hyphen, and only as a
// whole: its letter and its number alone are no match.
func TestDesignationsFound(t *testing.T) {
	hits := func(s string) []Hit { return []Hit{{Passage: Passage{Text: s}}} }
	for _, test := range []struct {
		q, passage string
		want       bool
	}{
		{"are f-16s coming", "Kyiv asked for F-16 jets.", true},
		{"are f-16s coming", "Kyiv asked for F16 jets.", true},
		{"are f-16s coming", "The F-35 is faster; 16 countries agreed.", false},
		{"what does article 5 say", "Article 5 says…", true},
		{"is there a top-10 list", "no list here", false},
		{"are f-16s coming", "Kyiv got its first F-16s.", true},
		// a time, not a designation
		{"what sanctions were imposed post-2014", "Western powers imposed sanctions.", true},
	} {
		if got := designationsFound(test.q, hits(test.passage)); got != test.want {
			t.Errorf("designationsFound(%q, %q) = %v, want %v", test.q, test.passage, got, test.want)
		}
	}
}

// A sentence announcing a count of things brings the one that starts to
// list them, in place of the weakest other sentence when the answer is
// full; a sentence announcing nothing brings nothing.
func TestAnnouncedListIsQuoted(t *testing.T) {
	hits := []Hit{
		{Passage: Passage{Text: "The U.S. could help. U.S. weapons could strengthen Ukraine."}},
		{Passage: Passage{Text: "Europe's push for security guarantees aims at two goals. First, it hopes to save Ukraine from future attacks. Second, it wants to strengthen its own defense."}},
	}
	sentence := func(h int, s string) candidate {
		i := strings.Index(hits[h].Passage.Text, s)
		return candidate{hit: h, span: text.Span{Start: i, End: i + len(s)}, sentence: s}
	}
	a, b := sentence(0, "The U.S. could help."), sentence(0, "U.S. weapons could strengthen Ukraine.")
	a.score, b.score = 0.9, 0.5
	announce := sentence(1, "Europe's push for security guarantees aims at two goals.")
	announce.score = 0.6
	got := withAnnounced(hits, []candidate{a, b, announce}, false)
	var quoted []string
	for _, c := range got {
		quoted = append(quoted, c.sentence)
	}
	want := []string{a.sentence, announce.sentence, "First, it hopes to save Ukraine from future attacks."}
	if !slices.Equal(quoted, want) {
		t.Errorf("quoted %q, want %q", quoted, want)
	}
	// two things announced: the second too, where the answer has room
	// ("…two things, one is saving ukraine obviously, whats the other")
	announce.score = 0.9
	got = withAnnounced(hits, []candidate{announce, b}, false)
	quoted = quoted[:0]
	for _, c := range got {
		quoted = append(quoted, c.sentence)
	}
	want = []string{announce.sentence, "First, it hopes to save Ukraine from future attacks.", "Second, it wants to strengthen its own defense."}
	if !slices.Equal(quoted, want) {
		t.Errorf("quoted %q, want %q", quoted, want)
	}
	// the first quoted for itself brings the second too
	first := sentence(1, "First, it hopes to save Ukraine from future attacks.")
	first.score = 0.6
	got = withAnnounced(hits, []candidate{first}, false)
	if len(got) != 2 || got[1].sentence != "Second, it wants to strengthen its own defense." {
		t.Errorf("the second of two is missing: %v", got)
	}
	if got := withAnnounced(hits, []candidate{a, b}, false); len(got) != 2 {
		t.Errorf("nothing announced, yet %d sentences", len(got))
	}
	// things announced without a count bring what they are, except to a
	// question asking how many
	vague := []Hit{{Passage: Passage{Text: "Nations are exploring various models for these guarantees. These could range from bilateral deals to a coalition."}}}
	models := candidate{hit: 0, span: text.Span{Start: 0, End: 58}, sentence: vague[0].Passage.Text[:58], score: 0.6}
	if got := withAnnounced(vague, []candidate{models}, false); len(got) != 2 || !strings.HasPrefix(got[1].sentence, "These could range") {
		t.Errorf("what the models are is missing: %v", got)
	}
	if got := withAnnounced(vague, []candidate{models}, true); len(got) != 1 {
		t.Errorf("a count question got what the models are: %v", got)
	}
	for s, want := range map[string]bool{"First, it hopes to save Ukraine.": true, "Firstly, they want peace.": true,
		"First Lady Olena Zelenska spoke.": false, "The first round of talks began.": false} {
		if firstRe.MatchString(s) != want {
			t.Errorf("firstRe on %q: %v, want %v", s, !want, want)
		}
	}
}

// A question how to make something better gets the remedy the article
// gives after the problem; one about a lesson, the conclusion it draws.
func TestRemedyAndLessonFollowTheBestSentence(t *testing.T) {
	passage := "A coalition promise could mirror NATO's Article 5. However, members would join voluntarily. This setup may leave Ukraine unsure if help will come. To fix this, allies could sign binding treaties with clear rules. Thus, promises need rules."
	hits := []Hit{{Passage: Passage{Text: passage}}}
	best := "However, members would join voluntarily."
	i := strings.Index(passage, best)
	picked := []candidate{{hit: 0, span: text.Span{Start: i, End: i + len(best)}, sentence: best, score: 1}}
	for _, test := range []struct {
		q    string
		kind answerType
		want string
	}{
		{"how could allies make a coalition promise more reliable", remedyAnswer, "To fix this, allies could sign binding treaties with clear rules."},
		{"whats the lesson from the coalition idea", lessonAnswer, "Thus, promises need rules."},
	} {
		if got := classify(test.q); got != test.kind {
			t.Errorf("classify(%q) = %d, want %d", test.q, got, test.kind)
		}
		opener := conclusionRe
		if test.kind == remedyAnswer {
			opener = remedyOpenRe
		}
		got := withConclusion(hits, picked, opener)
		if len(got) != 2 || got[1].sentence != test.want {
			t.Errorf("%q: quoted %v, want the best sentence and %q", test.q, got, test.want)
		}
	}
}

// An answer of one sentence goes on with the next sentence of its
// paragraph, which says what it means; never into a new paragraph or a
// question.
func TestLoneSentenceGoesOn(t *testing.T) {
	passage := "Civil society could play a fundamental role. Through information campaigns, it can raise awareness. Is that enough?\n\nA new paragraph starts here with more."
	hits := []Hit{{Passage: Passage{Text: passage}}}
	one := func(s string) []candidate {
		i := strings.Index(passage, s)
		return []candidate{{hit: 0, span: text.Span{Start: i, End: i + len(s)}, sentence: s, score: 1}}
	}
	if got := withNext(hits, one("Civil society could play a fundamental role.")); len(got) != 2 || got[1].sentence != "Through information campaigns, it can raise awareness." {
		t.Errorf("quoted %v, want the sentence after", got)
	}
	if got := withNext(hits, one("Through information campaigns, it can raise awareness.")); len(got) != 1 {
		t.Errorf("quoted %v, want no question after", got)
	}
	if got := withNext(hits, one("Is that enough?")); len(got) != 1 {
		t.Errorf("quoted %v, want nothing from the next paragraph", got)
	}
}

// Making room never drops the best sentence, nor one kept for the
// question's shape, even when its score ties.
func TestInsertAfterKeepsTheBest(t *testing.T) {
	picked := []candidate{{sentence: "best", score: 0.4}, {sentence: "elaboration", score: 0.4}, {sentence: "announce", score: 0.6}, {sentence: "side", score: 0.1, keep: true}}[:3]
	got, ok := insertAfter(picked, 2, candidate{sentence: "first"})
	var quoted []string
	for _, c := range got {
		quoted = append(quoted, c.sentence)
	}
	if !ok || !slices.Equal(quoted, []string{"best", "announce", "first"}) {
		t.Errorf("quoted %q (%v), want best, announce, first", quoted, ok)
	}
	kept := []candidate{{sentence: "best", score: 0.4}, {sentence: "side", score: 0.1, keep: true}, {sentence: "announce", score: 0.6}}
	if got, ok := insertAfter(kept, 2, candidate{sentence: "first"}); ok {
		t.Errorf("made room by dropping the best or a kept sentence: %v", got)
	}
}

// A heading line of the text is no answer sentence: it names what
// follows. A line that ends as a sentence does, capitalised or not.
func TestHeadingLine(t *testing.T) {
	for s, want := range map[string]bool{
		"Call to Action": true,
		"Western Allies Converge in Paris to Forge Ukraine's Long-Term Security Guarantees, Eyeing Crucial US Backing": true,
		"Lessons from the 2014 Minsk Accords": true,
		"Pros:":                               false,
		"The U.S. has agreed to air support but not ground forces.":                           false,
		"European leaders join Ukrainian President in seeking long-term security commitments": false,
		"Share your thoughts in the comments below!":                                          false,
	} {
		if got := headingLine(s); got != want {
			t.Errorf("headingLine(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNoveltyIsWhatTheQuestionDoesNotSay(t *testing.T) {
	q, err := BuildQuery("why does the prisoner exchange matter")
	if err != nil {
		t.Fatal(err)
	}
	searched := map[string]bool{}
	for _, st := range q.allStems() {
		searched[st] = true
	}
	echo := stemSeq("The prisoner exchange matters.")
	told := stemSeq("Prisoner exchanges are confidence-building measures.")
	if a, b := novelty(echo, searched), novelty(told, searched); a != 0 || b <= a {
		t.Errorf("novelty(echo) = %.2f, novelty(told) = %.2f: want 0 and more", a, b)
	}
	if got := novelty(nil, searched); got != 0 {
		t.Errorf("novelty of nothing = %.2f", got)
	}
}

func TestAskedTeller(t *testing.T) {
	for q, want := range map[string][]string{
		"what does nato's article 5 actually say": {"nato", "5"},
		"wats article 5 of nato actualy say":      {"5", "nato"}, // "article" is a stop word
		// "guarantee" is no verb of telling here, nor is "depend"
		"what does the success of the whole security guarantee effort depend on": nil,
		"what did trump offer": nil,
	} {
		got := askedTeller(q)
		if len(got) != len(want) {
			t.Errorf("askedTeller(%q) = %v, want %v", q, got, want)
			continue
		}
		for _, w := range want {
			if !got[w] {
				t.Errorf("askedTeller(%q) = %v, want %v", q, got, want)
			}
		}
	}
}
