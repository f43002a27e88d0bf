package retrieval

import (
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/text"
)

func TestOSADistance(t *testing.T) {
	for _, test := range []struct {
		a, b string
		max  int
		want int
	}{
		{"macorn", "macron", 1, 1},
		{"zelenksi", "zelenski", 2, 1},
		{"suport", "support", 1, 1},
		{"exchag", "exchang", 1, 1},
		{"starmer", "secur", 2, 3},
		{"troop", "troop", 1, 0},
		{"abcdef", "badcfe", 2, 3},
	} {
		if got := osaDistance(test.a, test.b, test.max); got != test.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", test.a, test.b, test.max, got, test.want)
		}
	}
}

func TestSpellerCorrectsOnlyUnknownWords(t *testing.T) {
	sp := newSpeller(Vocabulary{Generation: 1, DF: map[string]int{"macron": 9, "zelenski": 12, "ukrain": 80, "ukrainian": 5, "treati": 3, "secur": 50, "presid": 30, "investig": 4, "tank": 2, "america": 10, "intellig": 3, "inter": 2,
		"crimea": 4, "state": 20, "reiter": 2, "putin": 1, "minsk": 2, "trump": 15, "nato": 12,
		"past": 5, "pact": 3, "pari": 7, "pro": 13, "prison": 3, "prosper": 2, "anoth": 9, "such": 40, "success": 3,
		"bind": 2, "biden": 5, "deploi": 3, "deploy": 4, "initi": 2, "in": 99, "support": 6, "sport": 1, "court": 4, "forgo": 1, "block": 3, "plan": 20, "kei": 6, "sensit": 1, "abil": 3, "commit": 4, "cyber": 3, "instead": 5, "could": 9, "shape": 2}})
	for _, test := range []struct {
		word, stem, want string
	}{
		{"macorn", "macorn", "macron"},
		{"zelenksy", "zelenksi", "zelenski"},
		{"ukr", "ukr", "ukrain"},
		{"presidnet", "presidnet", "presid"},           // a misspelt ending the stemmer cannot strip
		{"investigatign", "investigatign", "investig"}, // two edits from the stem, one from the word
		{"intel", "intel", "intellig"},                 // a clipped word, not a typo of "inter"
		{"securty", "securti", "secur"},                // a dropped letter, two edits from the stem
		{"americ", "americ", "america"},                // six letters: one edit from few words
		{"yanks", "yank", ""},                          // one edit from "tanks", but too short to guess
		{"treaty", "treati", ""},                       // in the index: nothing to correct
		{"starmer", "starmer", ""},                     // nothing close
		{"secure", "secur", ""},                        // a common English word is never corrected
		{"crinia", "crinia", "crimea"},                 // six letters no dictionary knows: two edits
		{"sattse", "satts", "state"},                   // two letters swapped twice
		{"router", "router", ""},                       // two edits from "reiter", but a word WordNet knows
		{"ptin", "ptin", "putin"},                      // the one term a dropped letter gives, though rare
		{"mnsk", "mnsk", "minsk"},
		{"trup", "trup", "trump"},
		{"nado", "nado", ""},          // "nato" is a substitution away: short words are too close to others
		{"pavts", "pavt", "pact"},     // a neighbouring key (v for c) before a term more passages use
		{"paros", "paro", "pari"},     // o for i, before a dropped letter of "pros"
		{"succes", "succ", "success"}, // one letter from the word "success", not from "such", the typo's stem's neighbour
		{"bidning", "bidn", "bind"},   // two letters swapped in "binding", not a letter added to "Biden"
		{"iniative", "ini", "initi"},
		{"suprt", "suprt", "support"},     // two letters left out, vowels most often
		{"ukrne", "ukrn", "ukrain"},       // "initiative", two edits away, not "inative", read "in"
		{"prisners", "prisner", "prison"}, // one letter dropped from "prisoners", not two changed in "prosper"
		{"anyrhing", "anyrh", ""},         // "anything", a neighbouring key, which the index lacks; not "anoth" two edits away
		{"cort", "cort", "court"},         // a rare word WordNet lacks (a surname in the background): a slip
		{"forgot", "forgot", ""},          // an irregular verb's past, not a slip of "forgo"
		{"brock", "brock", ""},            // a rare name: a letter changed ("block") is no slip of it
		{"ploand", "ploand", ""},          // two letters swapped in "Poland", a name the index lacks, not two edits from "plan"
		{"senaet", "senaet", ""},          // "Senate", not "sensit" two edits away
		{"keir", "keir", ""},              // a letter from the stem "kei" but two from "key", the word
		{"ablity", "ablit", "abil"},       // not "abelity", a made-up word whose stem is a name's
		{"committde", "committd", "commit"},
		{"insted", "inst", "instead"},
		{"cybr", "cybr", "cyber"}, // a stem that is a word as it stands
		{"coud", "coud", "could"},
		{"swaped", "swape", ""}, // "swapped" with a letter of its double typed once, not "shape" with w for h
	} {
		if test.want == "" && test.word == "treaty" {
			continue // correct is only asked about words the index lacks
		}
		got, word, ok := sp.correct(test.word, test.stem)
		if got != test.want || ok != (test.want != "") {
			t.Errorf("correct(%q) = %q, %v; want %q", test.word, got, ok, test.want)
		}
		if ok && word == "" {
			t.Errorf("correct(%q): no surface word for %q", test.word, got)
		}
	}
}

// A slip of an everyday word the articles don't use is read as that word
// (searched with its synonyms, weighed as the everyday word it is): no
// name the articles never mention, which would refuse the question.
func TestEnglishFix(t *testing.T) {
	for _, test := range []struct{ word, want string }{
		{"sldiers", "soldiers"},  // a dropped letter
		{"soldoers", "soldiers"}, // a neighbour's key
		{"frce", "force"},        // four letters: only a dropped letter
		{"vage", "vague"},
		{"soldiers", ""}, // a word is no slip
		{"orbn", ""},     // nothing common one dropped letter away
		{"xqzvw", ""},
		{"forgot", ""},        // an irregular past ("i forgot"), not "forgo"
		{"swaped", "swapped"}, // a letter of a double typed once: a word WordNet knows, though rare in the background
	} {
		if got, ok := englishFix(test.word); got != test.want || ok != (test.want != "") {
			t.Errorf("englishFix(%q) = %q, %v; want %q", test.word, got, ok, test.want)
		}
	}
}

func TestEnglishReadingIsNoMadeUpStopWord(t *testing.T) {
	for w, want := range map[string]bool{"itely": false, "kinds": true, "charge": true, "anything": true} {
		if got := englishReading(w); got != want {
			t.Errorf("englishReading(%q) = %v, want %v", w, got, want)
		}
	}
	if w, ok := englishFix("itsly"); ok && englishReading(w) {
		t.Errorf("a slip of a name ('itsly') read as %q", w)
	}
}

// Prepositions of place say nothing in a question ("push toward peace",
// "include across the articles"): they weighed in the gate as much as a
// subject and refused "which ngos does the first article think could
// help push toward peace".
func TestPrepositionsAreNotSearched(t *testing.T) {
	q, err := BuildQuery("which ngos does the first article think could help push toward peace across the articles")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range q.Words {
		if w == "toward" || w == "across" {
			t.Errorf("%q searched: %v", w, q.Words)
		}
	}
}

func TestTyposOfStopWordsAreDropped(t *testing.T) {
	for w, want := range map[string]bool{
		"acording": true, "questin": true, "actualy": true, "wiht": true, "taht": true, "wich": true, "whoo": true,
		"weather": false, "trumps": false, "ukr": false, "icc": false, "nato": false, "bout": false,
		"acutally": true,  // its stem "acut" is general English's ("acute"); the word is no word
		"foward":   false, // "forward" with a letter dropped, not "toward" with one changed
		"realise":  false, "aboard": false, "whence": false,
	} {
		if _, got := nearStopWord(w); got != want {
			t.Errorf("nearStopWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// A proper adjective searches its noun and counts for it: "russian" finds
// "Russia", which the stemmer keeps apart.
func TestDemonymsAreSearchedAndCount(t *testing.T) {
	q, err := BuildQuery("what do russian officials want")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.Match, `"russia"`) {
		t.Errorf("MATCH %s does not search russia", q.Match)
	}
	if !q.present(stemSeq("Russia wants a buffer zone"))["russian"] {
		t.Error(`"Russia" does not count for "russian"`)
	}
}

// A chat message is split into sentences at ". ", "! " and "? " only:
// "go.mod" is a word, not the end of a story.
func TestChatSentences(t *testing.T) {
	got := chatSentences("my cousin edits go.sum files! can I put godebug settings in go.mod")
	want := []string{"my cousin edits go.sum files!", "can I put godebug settings in go.mod"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("chatSentences = %q, want %q", got, want)
	}
	if ctx := contextStems("how many troops did the U.S. place in europe during the cold war"); len(ctx) != 0 {
		t.Errorf("an abbreviation ended a sentence: story %v", ctx)
	}
	if ctx := contextStems("can I put godebug settings in go.mod"); len(ctx) != 0 {
		t.Errorf("one question has no story around it: %v", ctx)
	}
	// a story, then what is asked without a question word: the last
	// sentence; chat filler before a question word still asks
	for _, tt := range []struct{ q, story, asked string }{
		{"been seeing a lot of stuff about this on twitter and honestly its confusing. three seas initiative", "twitter", "sea"},
		{"my uncle keeps saying the west has no plan. ngl whats the deal w the budapest memo", "uncl", "budapest"},
		// a question checking the story asks its claim, not who told it
		{"my friend from lviv said the phone call with macron happened right after a huge attack. is that right? what was the context of that call", "lviv", "macron"},
		{"my friend from lviv said the phone call with macron happened right after a huge attack. is that right? what was the context of that call", "friend", "attack"},
		// "does it back that up", "is she exaggerating" check the claim
		// too; their own words are not asked
		{"my gf is from poland and she says the baltics would get steamrolled in like a week if russia went in. do any of these articles actually back that up or is she exaggerating", "poland", "baltic"},
		{"my gf is from poland and she says the baltics would get steamrolled in like a week if russia went in. do any of these articles actually back that up or is she exaggerating", "exagger", "russia"},
		{"my friend says peace comes from regular people not governments. does it actually say that or is she reaching?", "reach", "peac"},
	} {
		ctx := contextStems(tt.q)
		if !ctx[tt.story] || ctx[tt.asked] {
			t.Errorf("%q: story %v, want %q in it and %q not", tt.q, ctx, tt.story, tt.asked)
		}
	}
}

// A verb's action noun counts for it ("invaded" is answered by "the
// invasion"), without being searched.
func TestDerivationsCountButAreNotSearched(t *testing.T) {
	q, err := BuildQuery("when did russia invade crimea")
	if err != nil {
		t.Fatal(err)
	}
	if !q.present(stemSeq("the invasion of Crimea"))[text.Stem("invade")] {
		t.Error(`"invasion" does not count for "invade"`)
	}
	if strings.Contains(q.Match, "invasion") {
		t.Errorf("MATCH %s searches the derivation", q.Match)
	}
}

// The task of a how-to question is also searched by its action noun:
// documentation says "Numeric Conversions" where the asker says "convert".
func TestHowToSearchesTheTasksActionNoun(t *testing.T) {
	for question, want := range map[string]bool{
		"how do i convert a string to an int": true,
		"how to convert a string to an int":   true,
		"can I convert a string to an int":    true,
		"cells convert glucose to lactate":    false, // a statement, no task
		"how did russia invade crimea":        false, // asks about a deed, not how to do it
	} {
		q, err := BuildQuery(question)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(q.Match, `"conversion"`) || strings.Contains(q.Match, `"invasion"`); got != want {
			t.Errorf("%q: MATCH %s, action noun searched %v, want %v", question, q.Match, got, want)
		}
	}
}

// "how many russian troops" is counted only where "Russian" stands
// between the number and "troops", not anywhere in the sentence.
func TestCountNamesWhatItCounts(t *testing.T) {
	question := "hw many russian troops are near ukraine"
	q, err := BuildQuery(question)
	if err != nil {
		t.Fatal(err)
	}
	words := countedWords(question)
	if len(words) != 2 {
		t.Fatalf("countedWords(%q) = %v, want russian and troops", question, words)
	}
	for text, want := range map[string]bool{
		"Europe will send 15,000 troops to deter Russian attacks.":  false,
		"Russia has massed 100,000 Russian troops near the border.": true,
	} {
		hits := []Hit{{Passage: Passage{Text: text}}}
		if got := counted(hits, q, words, questionWords(question), nil); got != want {
			t.Errorf("counted in %q = %v, want %v", text, got, want)
		}
	}
}

// A name the index spells two ways is present in either spelling; a word
// English knows has no variants, nor a short name.
func TestSpellerFindsTheOtherSpellingsOfAName(t *testing.T) {
	sp := newSpeller(Vocabulary{Generation: 1, DF: map[string]int{"zelenski": 12, "zelenskyi": 5, "troop": 9, "troopi": 1, "putin": 4, "puten": 1}})
	// "Zelenskyy" is indexed as "zelenskyi"
	if got := sp.variants("zelensky", "zelenski"); len(got) != 1 || text.Stem(got[0]) != "zelenskyi" {
		t.Errorf("variants(zelensky) = %q, want a word stemming to zelenskyi", got)
	}
	// one edit is no transliteration: another name, another function
	sp2 := newSpeller(Vocabulary{Generation: 1, DF: map[string]int{"peterson": 3, "petersen": 2, "printf": 5, "sprintf": 4}})
	for _, w := range []string{"peterson", "sprintf"} {
		if got := sp2.variants(w, w); got != nil {
			t.Errorf("variants(%s) = %q, want none", w, got)
		}
	}
	if got := sp.variants("troops", "troop"); got != nil {
		t.Errorf("variants(troops) = %q, want none: English knows the word", got)
	}
	if got := sp.variants("putin", "putin"); got != nil {
		t.Errorf("variants(putin) = %q, want none: too short to tell", got)
	}
}

// A tie between index terms as close to a misspelt word and as frequent
// goes the same way whatever order the vocabulary's map gives them in:
// the same question gets the same answer on every run.
func TestSpellerTiesAreStable(t *testing.T) {
	df := map[string]int{"tasker": 3, "talker": 3, "tacker": 3, "tapker": 3, "tavker": 3, "tarker": 3}
	first := ""
	for i := 0; i < 30; i++ {
		sp := newSpeller(Vocabulary{Generation: 1, DF: df})
		got, _, ok := sp.correct("tajker", "tajker")
		if !ok {
			t.Fatalf("correct(tajker) found nothing")
		}
		if first == "" {
			first = got
		} else if got != first {
			t.Fatalf("correct(tajker) = %q, then %q", first, got)
		}
	}
}

// A misspelt question word two stop words fit is read the same way on
// every run.
func TestNearStopWordIsStable(t *testing.T) {
	if got, ok := nearStopWord("hwo"); !ok || got != "how" {
		t.Errorf("nearStopWord(hwo) = %q, %v; want how every time", got, ok)
	}
}
