package retrieval

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/text"
)

// qaQuestions returns the questions of the QA sets in eval/, but for the
// blind final sets, which no test or tuning reads.
func qaQuestions(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../eval/*.jsonl")
	var questions []string
	for _, name := range files {
		if strings.Contains(filepath.Base(name), "final") {
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var q struct {
				Q string `json:"q"`
			}
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Q != "" {
				questions = append(questions, q.Q)
			}
		}
		f.Close()
	}
	return questions
}

// classify skips its patterns when the question holds none of askCues;
// that must never change its answer. Checked on every question of the
// QA sets and on near misses of each pattern.
func TestAskCueNeverHidesAPattern(t *testing.T) {
	questions := []string{
		"How many troops", "WHAT DATE was it", "when exactly", "exact day of the vote", "Where is it",
		"whose idea", "the names of the ministers", "why", "the reason", "what for", "What's NATO",
		"wat is it", "wht day", "reaſon", "a claim about gene expression in mice", "Aspirin lowers risk",
	}
	questions = append(questions, qaQuestions(t)...)
	if len(questions) < 100 {
		t.Fatalf("only %d questions: the QA sets were not found", len(questions))
	}
	for _, q := range questions {
		u := text.UnchatText(q)
		if got, want := classify(q), classifyPatterns(askingPart(u)); got != want {
			t.Errorf("classify(%q) = %v, its patterns say %v", q, got, want)
		}
	}
}

// The kind of answer is read from what a message asks, not from its story
// nor from a "when" or "who" inside a clause.
func TestClassifyReadsTheAskingClause(t *testing.T) {
	for q, want := range map[string]answerType{
		"Hey folks, quick one. I saw a headline about Trump, who's described as a former president in it. Why would they bother meeting a former president??": reasonAnswer,
		"why didnt the budapest deal actually protect ukraine when crimea happened":                                                                           reasonAnswer,
		"how could allies fix the problem that a voluntary coalition might not show up when ukraine needs help":                                               remedyAnswer, // no date
		"which european leaders were with zelensky when they met trump":                                                                                       personAnswer,
		"ok so when did the minsk deal fail":                          dateAnswer,
		"when was the budapest memorandum signed":                     dateAnswer,
		"my uncle was there in 2014. who promised to protect ukraine": personAnswer,
		"what is the reason russia rejects the guarantees":            reasonAnswer,
		// a purpose asked for
		"what was that big presence supposed to do": reasonAnswer,
		"whats the rationale behind engaging trump": reasonAnswer,
		"what was the coalition meant to achieve":   reasonAnswer,
		// what came of something
		"so how did the nukes for borders deal work out for ukraine": outcomeAnswer,
		"what happened with the minsk accords":                       outcomeAnswer,
		"did the budapest memorandum even work":                      outcomeAnswer,
		"how does the coalition work":                                anyAnswer,
		"did the two leaders work out a deal":                        anyAnswer,
		"how did zelensky go to washington":                          anyAnswer,
		"how do i go about a first backup":                           anyAnswer,
		"how did the paris summit go?":                               outcomeAnswer,
		// how fast: a span of time ("in days")
		"ppl keep saying russia could just roll over the baltics how fast tho": durationAnswer,
		// "when" and "who" after a word that introduces a question, not in
		// a relative clause
		"any idea when the summit is?":                         dateAnswer,
		"not sure when the deal was signed":                    dateAnswer,
		"the general who led the army, when did he die?":       dateAnswer,
		"france has defense pacts like this already, with who": personAnswer,
		"which security groups allow ssh":                      anyAnswer,
	} {
		if got := classify(q); got != want {
			t.Errorf("classify(%q) = %v, want %v", q, got, want)
		}
	}
}

// "Which leaders…" asks for people: a country named beside them is no
// answer, though a country answers "who promised…".
func TestWhichLeadersWantsAPersonsName(t *testing.T) {
	for _, test := range []struct {
		q, s string
		want bool
	}{
		{"which european leaders were with zelensky when they met trump", "President Trump met with both Russia and Ukraine.", false},
		{"which european leaders were with zelensky when they met trump", "He was joined by Emmanuel Macron and Keir Starmer.", true},
		{"who promised to protect ukraine", "In 1994 Russia, the U.S. and the U.K. promised to respect its borders.", true},
		// a title, a place, an acronym or the first name of the question's
		// own person is no name of the people asked for
		{"which european leaders were with zelensky in the trump meeting, names pls", "In Paris, Ukrainian President Volodymyr Zelensky was joined by several European leaders.", false},
		{"which leaders met trump", "It is a call for peace for all of Europe and the EU.", false},
		{"what's the name of the senior diplomat who said it", "One senior diplomat, speaking anonymously to reporters, described it.", false},
		{"what's the name of the senior diplomat who said it", "The senior diplomat, Jean Dupont, described it.", true},
		{"which leader met with both russia and ukraine", "President Trump met with both Russia and Ukraine.", true},
	} {
		if got := holdsAnswer(classify(test.q), test.s, questionWords(test.q)); got != test.want {
			t.Errorf("%q on %q: holdsAnswer = %v, want %v", test.q, test.s, got, test.want)
		}
	}
}

// "which city / town" wants a place of that kind: not a person's name, a
// country, the question's own country (said as "ukrainian") nor a
// continent; a name after "in" will do.
func TestWhichCityWantsAPlace(t *testing.T) {
	for _, test := range []struct {
		q, s string
		want bool
	}{
		{"which ukrainian city got hit in the assault", "A phone call between Ukrainian President Volodymyr Zelenskyy and French President Emmanuel Macron followed.", false},
		{"which ukrainian city got hit in the assault", "The assault hit Ukraine and shook Europe.", false},
		{"which ukrainian city got hit in the assault", "Last night the assault hit Kharkiv.", true},
		{"what town did the leaders meet in", "The leaders met in Kyiv.", true},
		{"which city hosted the summit", "Thirty Western nations convened in Paris today.", true},
		// "where" still takes any new name: chat asks "where" of no place
		{"where could the money come from", "Frozen assets held by Euroclear could pay.", true},
	} {
		if got := holdsAnswer(classify(test.q), test.s, questionWords(test.q)); got != test.want {
			t.Errorf("%q on %q: holdsAnswer = %v, want %v", test.q, test.s, got, test.want)
		}
	}
}

func TestWhatPercentageWantsAShare(t *testing.T) {
	for _, test := range []struct {
		q, s string
		want bool
	}{
		{"What defense spending percentage are EU states supposed to hit?", "On top of that, they want to boost defense spending across EU states.", false},
		{"What defense spending percentage are EU states supposed to hit?", "Thirty Western nations convened in Paris today.", false},
		{"What defense spending percentage are EU states supposed to hit?", "EU states agreed to spend 2% of GDP on defense.", true},
		{"what percent of the budget goes to defence", "Defence takes 3.5 per cent of the budget.", true},
		{"what share of the aid came from europe", "Europe gave more than half of the aid.", true},
		// "how many" still takes any count
		{"how many countries met in paris", "Thirty Western nations convened in Paris today.", true},
	} {
		if got := holdsAnswer(classify(test.q), test.s, questionWords(test.q)); got != test.want {
			t.Errorf("%q on %q: holdsAnswer = %v, want %v", test.q, test.s, got, test.want)
		}
	}
}

// A typo of a common word is told from a name one letter away from one.
func TestTypoOfCommon(t *testing.T) {
	for w, want := range map[string]bool{"statoined": true, "anex": true, "proffessor": true, "starmer": false, "keir": false, "zelensky": false} {
		if got := typoOfCommon(w); got != want {
			t.Errorf("typoOfCommon(%q) = %v, want %v", w, got, want)
		}
	}
}

// Only a word that only describes stands for its quality: "port" is a
// harbour before it is a ship's left side.
func TestQualitiesOfWordsThatDescribe(t *testing.T) {
	if got := qualities("scared"); !slices.Contains(got, "fear") {
		t.Errorf(`qualities("scared") = %v, want "fear" among them`, got)
	}
	if got := qualities("port"); got != nil {
		t.Errorf(`qualities("port") = %v, want none`, got)
	}
}

// Documentation's users, drivers and servers are no people asked for by
// name.
func TestAsksForPeople(t *testing.T) {
	for q, want := range map[string]bool{
		"which european leaders were there":       true,
		"what's the name of the senior diplomat":  true,
		"what do users need to install":           false,
		"which driver should i use for postgres":  false,
		"what server handles auth":                false,
		"who said that, and what do people think": false,
	} {
		if got, _ := asksForPeople(q); got != want {
			t.Errorf("asksForPeople(%q) = %v, want %v", q, got, want)
		}
	}
	// an organisation may be named by its acronym: "NATO" answers
	if _, orgs := asksForPeople("which organization is ukraine's membership path blocked for"); !orgs {
		t.Error("an organisation asked for is not told from a person")
	}
	q := questionWords("which organization is ukraine's membership path blocked for")
	if !holdsAnswer(personAnswer, "Ukraine’s path to NATO membership remains blocked.", q) {
		t.Error("NATO does not name the organisation asked for")
	}
	if holdsAnswer(personAnswer, "Ukraine’s path to membership of the alliance remains blocked.", q) {
		t.Error("a sentence naming no organisation answers which organisation")
	}
	// a slogan or a person is no organisation; a name ending in "House" is
	c := questionWords("which american companies are in ukraine that trump thinks would scare off moscow")
	for _, sent := range []string{"Trump’s “America First” approach led to a re-evaluation of alliances.", "The envoy met Steve Witkoff in Geneva."} {
		if holdsAnswer(personAnswer, sent, c) {
			t.Errorf("%q names a company", sent)
		}
	}
	if !holdsAnswer(personAnswer, "The analysis from Chatham House gives an overview.", questionWords("which think tank wrote the analysis")) {
		t.Error("Chatham House is no organisation")
	}
}

// A question asked after a clause of story inside one chat sentence is
// read on its own: the story's words are context, not what is asked,
// unless the question points back at the clause or names nothing itself.
func TestQuestionAfterAClauseOfStory(t *testing.T) {
	for _, test := range []struct {
		q            string
		context, not []string
	}{
		// the question after the dash names its subject: the clause and
		// the sentence before are the story
		{"my cousin keeps bugging me about this, he reads too much twitter - why does russia reject the guarantees",
			[]string{text.Stem("cousin"), text.Stem("twitter")}, []string{text.Stem("russia"), text.Stem("guarantees")}},
		// "what is it…" points back at the meeting
		{"lost track this summer. theres a big meeting with thirty countries - what is it trying to achieve",
			[]string{text.Stem("summer")}, []string{text.Stem("meeting"), text.Stem("thirty")}},
		// a question of one word asks about the clause
		{"my brother goes on about some summit with thirty countries, what was the goal",
			nil, []string{text.Stem("summit"), text.Stem("thirty")}},
		// a question naming nothing asks about the words quoted
		{"a coworker mentioned some 'three seas' thing at lunch. what is that",
			[]string{text.Stem("coworker"), text.Stem("lunch")}, []string{text.Stem("three"), text.Stem("seas")}},
		// a clause naming the topic is the subject
		{"quick q about the minerals deal - when did trump and zelensky sign it", nil, []string{text.Stem("minerals"), text.Stem("deal")}},
		// "X vs Y - what…" names what is compared: two words of its own
		{"article 5 vs the coalition of the willing - what are the main differences", nil, []string{text.Stem("coalition"), text.Stem("willing")}},
		{"budapest vs minsk - what went wrong in each case", nil, []string{text.Stem("budapest"), text.Stem("minsk")}},
	} {
		ctx := contextStems(test.q)
		for _, st := range test.context {
			if !ctx[st] {
				t.Errorf("%q: %q is not context (context %v)", test.q, st, ctx)
			}
		}
		for _, st := range test.not {
			if ctx[st] {
				t.Errorf("%q: %q is context, but the question asks about it", test.q, st)
			}
		}
	}
}

// "What X means" anywhere in a chat message asks for a definition; "what
// would X mean for…" and "i mean…" do not.
func TestMeansAsksForADefinition(t *testing.T) {
	for q, want := range map[string][]string{
		"ngl i still dont get what 'security guarantees' even means lol": {text.Stem("security"), text.Stem("guarantees")},
		"what would a ceasefire mean for ukraine":                        nil,
		"what did trump say about troops, i mean ground troops":          nil,
		"what did trump mean by that":                                    nil,
		"ok so what does nato stand for":                                 {"nato"},
		"what does go/doc do":                                            {"doc"},
		"what does the article mean by security guarantees":              {text.Stem("security"), text.Stem("guarantees")},
		"what r security guarantees exactly":                             {text.Stem("security"), text.Stem("guarantees")},
		"wdym by security guarantees":                                    {text.Stem("security"), text.Stem("guarantees")},
		"security guarantees, what are they exactly":                     {text.Stem("security"), text.Stem("guarantees")},
		// a verb after the thing: what it does, no definition
		"what do security guarantees without troops risk being":           nil,
		"wdym trump thinks us companies in ukraine will scare off russia": nil,
	} {
		if got := definitionSubject(q); !slices.Equal(got, want) {
			t.Errorf("definitionSubject(%q) = %q, want %q", q, got, want)
		}
	}
}

// Past forms the stemmer leaves apart still count for the verb asked.
func TestIrregularPastCountsForTheVerb(t *testing.T) {
	q, err := BuildQuery("did the us and ukraine meet in jeddah")
	if err != nil {
		t.Fatal(err)
	}
	if !q.present(stemSeq("US and Ukrainian officials met in Jeddah"))[text.Stem("meet")] {
		t.Error(`"met" does not count for "meet"`)
	}
}

// "European leaders said" speaks for Europe; "Russian drones hit…,
// officials said" does not speak for Russia.
func TestDemonymSpeaksOnlyAsSpeaker(t *testing.T) {
	q, err := BuildQuery("what did russia say about odesa")
	if err != nil {
		t.Fatal(err)
	}
	if speaks("Russian drones hit Odesa overnight, local officials said.", []string{text.Stem("russia")}, q, speechCueRe, nil) {
		t.Error("a Russian drone counted as Russia speaking")
	}
	if !speaks("The Russian Foreign Ministry said the plan was unacceptable.", []string{text.Stem("russia")}, q, speechCueRe, nil) {
		t.Error("the Russian Foreign Ministry does not speak for Russia")
	}
	q, _ = BuildQuery("what did europe say about air support")
	if !speaks("European leaders said they would provide air support.", []string{text.Stem("europe")}, q, speechCueRe, nil) {
		t.Error("European leaders do not speak for Europe")
	}
}

// A remedy told after the problem it fixes ("To fix this, …") answers a
// question naming that problem, which its paragraph opens with: the
// passage ranks as holding the answer (typedRank), while one whose remedy
// is of another problem does not.
func TestRemedyIsOfWhatItsParagraphOpensWith(t *testing.T) {
	question := "how could allies make a coalition promise more reliable"
	q, err := BuildQuery(question)
	if err != nil {
		t.Fatal(err)
	}
	if q.kind != remedyAnswer {
		t.Fatalf("kind %d, want remedyAnswer", q.kind)
	}
	w := map[string]float64{}
	for _, st := range q.Stems {
		w[st] = 1
	}
	support := func(passage string) float64 {
		return typedSupport([]Hit{{Passage: Passage{Text: passage}}}, q, w, q.kind, questionWords(question), question)
	}
	remedy := "A coalition promise could mirror NATO's Article 5. However, members would join voluntarily and act as they see fit. This setup may leave Ukraine unsure if help will arrive. To fix this, allies could sign binding treaties with clear rules."
	if got := support(remedy); got < gate.typedCoverage {
		t.Errorf("support %.2f for the remedy after its problem, want at least %.2f", got, gate.typedCoverage)
	}
	other := "Energy prices rose sharply across the continent. Households cut back on heating. Many factories paused their lines. To fix this, allies could sign binding treaties with clear rules."
	if got := support(other); got >= gate.typedCoverage {
		t.Errorf("support %.2f for a remedy of another problem, want under %.2f", got, gate.typedCoverage)
	}
}

// A thing of two words someone has is found in a row, wherever the row
// stands, or written the other way round a few words apart.
func TestThingIn(t *testing.T) {
	for _, test := range []struct {
		seq  string
		want bool
	}{
		{"his approv rate", true},              // in a row, ending the passage
		{"approv rate fell", true},             // in a row
		{"detail for ukrain defens", true},     // the other way round
		{"approv of the plan and rate", false}, // apart, in order
	} {
		if got := thingIn(strings.Fields(test.seq), "approv", "rate") || thingIn(strings.Fields(test.seq), "defens", "detail"); got != test.want {
			t.Errorf("thingIn(%q) = %v, want %v", test.seq, got, test.want)
		}
	}
}

// A clause of the asker's own after the question is story; "i mean…"
// says more of the question.
func TestTellingTailAfterTheQuestion(t *testing.T) {
	for q, parts := range map[string]int{
		"bruh when did the full scale invasion even start, my little bro asked and i blanked hard": 2,
		"when did russia invade crimea, i mean was it 2014 or 2015":                                1,
		"how many troops will europe send, i mean have they agreed on a number":                    1,
	} {
		if got := len(chatParts(q)); got != parts {
			t.Errorf("chatParts(%q): %d parts, want %d", q, got, parts)
		}
	}
}

// "do u think X is doing a good job" asks a judgement the passages must
// make of X in those words, as "is X a good leader" does.
func TestThinkJudgementNeedsTheJudgement(t *testing.T) {
	question := "do u think macron is doing a good job on ukraine tbh"
	q, err := BuildQuery(question)
	if err != nil {
		t.Fatal(err)
	}
	w := map[string]float64{}
	for _, st := range q.Stems {
		w[st] = 1
	}
	doing := [][]string{stemSeq("Macron is doing the job of rallying Europe behind Ukraine.")}
	if predicateFound(question, q, w, doing) {
		t.Error("a passage on Macron's job, judging nothing, answers whether he does it well")
	}
	judged := [][]string{stemSeq("Macron is doing a good job of rallying Europe behind Ukraine.")}
	if !predicateFound(question, q, w, judged) {
		t.Error("the passage judging Macron's job does not answer")
	}
}

// Whether the articles say something is asked of the articles: "did any
// of the articles suggest the nordics should be part of…" is no question
// whether anyone is part of a group, nor of what came of a plan.
func TestAskedOfTheArticlesIsNoMembershipOrOutcome(t *testing.T) {
	top := []Hit{{Passage: Passage{Text: "Russia’s war machine has already seized large parts of Ukraine. Every day of delay lets Russia fortify its gains."}}}
	for _, test := range []struct {
		q        string
		member   bool
		outcomes bool
	}{
		{"did any of the articles suggest the nordics should be part of protecting ukraine", true, true},
		{"my gf says the nordics should help protect ukraine. did any of the articles actually pitch that", true, true},
		{"is the uk part of the coalition of the willing", false, true},
		// "they" is as often the actors as the articles
		{"did they actually seize the frozen russian assets in the end", true, false},
	} {
		q, err := BuildQuery(test.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := memberFound(test.q, q, top); got != test.member {
			t.Errorf("%q: memberFound = %v, want %v", test.q, got, test.member)
		}
		if got := outcomeFound(test.q, q, top); got != test.outcomes {
			t.Errorf("%q: outcomeFound = %v, want %v", test.q, got, test.outcomes)
		}
	}
}

// Chat's "what's" before a deed done is "what has": the deed is asked, no
// definition, and the doer is no thing the articles must name.
func TestWhatsBeforeADeedIsWhatHas(t *testing.T) {
	for _, tt := range []struct {
		q      string
		define bool
	}{
		{"whats the european defence iniative done so far", false},
		{"what's europe actually offered", false},
		{"whats the coalition agreed to", false},
		{"whats the coalition of the willing", true},
		{"what's the european defence initiative", true},
	} {
		q, err := BuildQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.kind == definitionAnswer; got != tt.define {
			t.Errorf("%q: asks a definition %v, want %v", tt.q, got, tt.define)
		}
		if !tt.define && len(q.focus) > 0 {
			t.Errorf("%q: focus %v, want none (a deed is asked)", tt.q, q.focus)
		}
	}
}
