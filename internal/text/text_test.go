package text

import (
	"slices"
	"strings"
	"testing"
)

func TestSentencesKeepAbbreviations(t *testing.T) {
	s := "The U.S. has agreed to air support. Mr. Smith said no. It was 3 p.m. on Friday! Why? “Quoted.” Heading\nNext line"
	var got []string
	for _, sp := range Sentences(s) {
		got = append(got, s[sp.Start:sp.End])
	}
	want := []string{"The U.S. has agreed to air support.", "Mr. Smith said no.", "It was 3 p.m. on Friday!", "Why?", "“Quoted.”", "Heading", "Next line"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences = %q\nwant %q", got, want)
	}
}

func TestStem(t *testing.T) {
	// Expected stems from Porter's published vocabulary/output pairs.
	tests := map[string]string{
		"caresses": "caress", "ponies": "poni", "cats": "cat", "feed": "feed", "agreed": "agre",
		"plastered": "plaster", "motoring": "motor", "sing": "sing", "conflated": "conflat",
		"troubled": "troubl", "sized": "size", "hopping": "hop", "falling": "fall", "filing": "file",
		"happy": "happi", "relational": "relat", "conditional": "condit", "rational": "ration",
		"digitizer": "digit", "operator": "oper", "feudalism": "feudal", "hopefulness": "hope",
		"formaliti": "formal", "triplicate": "triplic", "electrical": "electr", "goodness": "good",
		"revival": "reviv", "allowance": "allow", "adjustment": "adjust", "adoption": "adopt",
		"controll": "control", "roll": "roll", "probate": "probat", "troops": "troop",
		"guarantees": "guarante", "ukraine": "ukrain", "generalizations": "gener", "oscillators": "oscil",
		"ab": "ab", "zelénsky": "zelénsky",
	}
	for in, want := range tests {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTokenizeFolds(t *testing.T) {
	var words []string
	for _, tok := range Tokenize("Zélensky's “NEAR” U.S.-led 15,000 troops🙂") {
		words = append(words, tok.Word)
	}
	if got, want := strings.Join(words, " "), "zelensky s near u s led 15 000 troops"; got != want {
		t.Errorf("Tokenize = %q, want %q", got, want)
	}
}

func TestWordCountAgreesWithFields(t *testing.T) {
	for _, s := range []string{"", "  ", "one", " two  words ", "tab\tand\nnewline", "nbsp\u00a0and\u2003em space", "émigré naïve", "\xff bad utf8 \xfe"} {
		if got, want := WordCount(s), len(strings.Fields(s)); got != want {
			t.Errorf("WordCount(%q) = %d, strings.Fields gives %d", s, got, want)
		}
	}
}

// The byte-table fast path must cut exactly where the rune definition does.
func TestTokenizeAgreesWithTheRuneDefinition(t *testing.T) {
	ref := func(s string) []Token {
		var toks []Token
		start := -1
		for i, r := range s {
			if isTokenRune(r) && IsCJK(r) { // a word of its own
				if start >= 0 {
					toks = append(toks, Token{Word: Fold(s[start:i]), Start: start, End: i})
					start = -1
				}
				toks = append(toks, Token{Word: string(r), Start: i, End: i + len(string(r))})
				continue
			}
			if isTokenRune(r) {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				toks = append(toks, Token{Word: Fold(s[start:i]), Start: start, End: i})
				start = -1
			}
		}
		if start >= 0 {
			toks = append(toks, Token{Word: Fold(s[start:]), Start: start, End: len(s)})
		}
		return toks
	}
	for _, s := range []string{"", "a", " a1_b-c ", "Zélensky's “NEAR” U.S.-led 15,000 troops🙂", "e\u0301cole\u00a0x", "\xff\xfeab\xc3", "日本語のテキスト", "Go语言1.2版", "한국어 단어", "x\u200by"} {
		got, want := Tokenize(s), ref(s)
		if len(got) != len(want) {
			t.Errorf("Tokenize(%q) = %v, want %v", s, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Tokenize(%q)[%d] = %v, want %v", s, i, got[i], want[i])
			}
		}
	}
}

// SpaceCJK makes FTS5's unicode61 see the words Tokenize sees: each
// Chinese, Japanese or Korean character apart, everything else as it was.
func TestSpaceCJK(t *testing.T) {
	for in, want := range map[string]string{
		"plain English, unchanged": "plain English, unchanged",
		"温室每天早上浇水。":                "温 室 每 天 早 上 浇 水。",
		"Go语言1.2版":                 "Go 语 言 1.2 版",
		"会議室の予約":                   "会 議 室 の 予 約",
		"「东京」 x":                   "「东 京」 x",
		"한국어 단어":                   "한 국 어 단 어", // Korean glues particles to words: its syllables are the terms
	} {
		if got := SpaceCJK(in); got != want {
			t.Errorf("SpaceCJK(%q) = %q, want %q", in, got, want)
		}
		var a, b []string
		for _, tok := range Tokenize(in) {
			a = append(a, tok.Word)
		}
		for _, w := range strings.Fields(SpaceCJK(in)) {
			for _, tok := range Tokenize(w) {
				b = append(b, tok.Word)
			}
		}
		if strings.Join(a, "|") != strings.Join(b, "|") {
			t.Errorf("Tokenize(%q) = %v, but over SpaceCJK %v", in, a, b)
		}
	}
}

func TestChineseSentencesAndWords(t *testing.T) {
	s := "温室每天早上七点浇水。七月再浇一次！为什么？「好」。"
	var got []string
	for _, sp := range Sentences(s) {
		got = append(got, s[sp.Start:sp.End])
	}
	want := []string{"温室每天早上七点浇水。", "七月再浇一次！", "为什么？", "「好」。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
	if n := WordCount("Go语言 is 好"); n != 5 {
		t.Errorf("WordCount = %d, want 5 (Go, 语, 言, is, 好)", n)
	}
}

func TestLeaders(t *testing.T) {
	if got := Leaders("russian"); !slices.Contains(got, "putin") {
		t.Errorf("Leaders(russian) = %v, want putin among them", got)
	}
	if got := Leaders("french"); slices.Contains(got, "putin") {
		t.Errorf("Leaders(french) = %v has putin", got)
	}
	if got := Leaders("nowhere"); got != nil {
		t.Errorf("Leaders(nowhere) = %v", got)
	}
}

func TestPersonNoun(t *testing.T) {
	for w, want := range map[string]bool{"envoy": true, "voters": true, "chairmen": true, "negotiator": true,
		"negotiate": false, "defense": false, "russia": false, "details": false} {
		if got := PersonNoun(w); got != want {
			t.Errorf("PersonNoun(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestDemonyms(t *testing.T) {
	for word, want := range map[string]string{"russian": "russia", "ukrainian": "ukraine", "european": "europe", "french": "france"} {
		if got := Demonyms(word); !slices.Contains(got, want) {
			t.Errorf("Demonyms(%q) = %v, want %q among them", word, got, want)
		}
	}
	for _, w := range []string{"troop", "ukraine"} {
		if got := Demonyms(w); got != nil {
			t.Errorf("Demonyms(%s) = %v, want none", w, got)
		}
	}
}

func TestProperAdjectives(t *testing.T) {
	for noun, want := range map[string]string{"africa": "african", "europe": "european", "russia": "russian",
		"china": "chinese", "japan": "japanese", "spain": "spanish", "canada": "canadian", "scotland": "scottish"} {
		if got := ProperAdjectives(noun); !slices.Contains(got, want) {
			t.Errorf("ProperAdjectives(%q) = %v, want %q among them", noun, got, want)
		}
	}
	// a person's and a creed's adjectives are no place's
	for _, w := range []string{"george", "judaism", "troop"} {
		if got := ProperAdjectives(w); len(got) > 0 {
			t.Errorf("ProperAdjectives(%s) = %v, want none", w, got)
		}
	}
}

func TestDerivations(t *testing.T) {
	for word, want := range map[string]string{"convert": "conversion", "invasion": "invade", "decide": "decision"} {
		if got := Derivations(word); !slices.Contains(got, want) {
			t.Errorf("Derivations(%q) = %v, want %q among them", word, got, want)
		}
	}
	for _, agent := range []string{"invader", "converter", "negotiator"} {
		if got := Derivations(agent); got != nil {
			t.Errorf("Derivations(%q) = %v: an agent noun is no action", agent, got)
		}
	}
	if got := ActionNouns("convert"); !slices.Contains(got, "conversion") {
		t.Errorf(`ActionNouns("convert") = %v, want "conversion" among them`, got)
	}
	if got := ActionNouns("conversion"); got != nil {
		t.Errorf(`ActionNouns("conversion") = %v: a noun has no action noun`, got)
	}
}

func TestEnglishWord(t *testing.T) {
	for w, want := range map[string]bool{"upbeat": true, "shaky": true, "roommate": true, "clueless": true, "taurus": false, "zelensky": false} {
		if got := EnglishWord(Stem(w)); got != want {
			t.Errorf("EnglishWord(Stem(%q)) = %v, want %v", w, got, want)
		}
	}
}

func TestWordClasses(t *testing.T) {
	for w, want := range map[string]string{"scared": "a", "biggest": "a", "prices": "nv", "along": "r", "zelensky": ""} {
		if got := WordClasses(w); got != want {
			t.Errorf("WordClasses(%q) = %q, want %q", w, got, want)
		}
	}
	for w, want := range map[string]bool{"scared": true, "along": true, "capital": false, "write": false, "zelensky": false} {
		if got := Describes(w); got != want {
			t.Errorf("Describes(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestCountries(t *testing.T) {
	got := Countries("bilateral agreements with key partner nations – like France, Germany, and the United States; the U.S. and Türkiye")
	want := []string{"France", "Germany", "United States", "U.S.", "Türkiye"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Countries = %q, want %q", got, want)
	}
	if got := Countries("Thirty Western nations convened in Paris"); len(got) != 0 {
		t.Errorf("Countries found %q in a sentence naming none", got)
	}
}

func TestNamesWordNetDefines(t *testing.T) {
	got := map[string]Name{}
	EachName(func(name string, n Name) { got[name] = n })
	if c := got["crimea"]; c.Head != "peninsula" || !slices.Contains(c.Gloss, "black sea") {
		t.Errorf("crimea = %+v, want a peninsula by the black sea", c)
	}
	if p := got["paris"]; !slices.Contains(p.Also, "french capital") {
		t.Errorf("paris = %+v, want it called the french capital", p)
	}
	if _, ok := got["ms"]; ok {
		t.Error("an acronym is in the name table")
	}
}

// An adjective's quality is the noun an article uses for it; a word of
// scale ("big" → "size") names none worth searching.
func TestQualities(t *testing.T) {
	for adj, want := range map[string]string{"scared": "fear", "afraid": "fear", "urgent": "urgency", "stable": "stability"} {
		if got := Qualities(adj); !slices.Contains(got, want) {
			t.Errorf("Qualities(%q) = %v, want %q among them", adj, got, want)
		}
	}
	for _, adj := range []string{"big", "large", "fear"} {
		if got := Qualities(adj); got != nil {
			t.Errorf("Qualities(%q) = %v, want none", adj, got)
		}
	}
}

// British and American spellings find each other; short words and words
// without such an ending have no variant.
func TestSpellingVariant(t *testing.T) {
	for w, want := range map[string]string{
		"defence": "defense", "defense": "defence", "organisation": "organization", "colour": "color",
		"centre": "center", "analyse": "analyze", "travelled": "traveled", "tumour": "tumor",
		"four": "", "rise": "", "sense": "", "size": "", "water": "", "filled": "",
		"error": "", "letter": "", "promise": "", "author": "",
	} {
		if got := SpellingVariant(w); got != want {
			t.Errorf("SpellingVariant(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestPlace(t *testing.T) {
	for w, want := range map[string]bool{"paris": true, "europe": true, "crimea": true, "russia": true, "macron": false, "trump": false, "president": false} {
		if got := Place(w); got != want {
			t.Errorf("Place(%q) = %v, want %v", w, got, want)
		}
	}
}

// An adjective's comparative and superlative, as WordNet lists them.
func TestComparatives(t *testing.T) {
	for w, want := range map[string][]string{"few": {"fewer", "fewest"}, "big": {"bigger", "biggest"}, "late": {"later", "latest"}, "safe": nil, "troops": nil} {
		if got := Comparatives(w); !slices.Equal(got, want) {
			t.Errorf("Comparatives(%q) = %v, want %v", w, got, want)
		}
	}
}

// An irregular past form counts for its verb, and no form whose stem is
// another word's does.
func TestIrregularBase(t *testing.T) {
	for form, want := range map[string]string{"met": "meet", "fought": "fight", "withdrew": "withdraw", "gave": "give"} {
		if got := IrregularBase(Stem(form)); got != Stem(want) {
			t.Errorf("IrregularBase(%q) = %q, want %q", form, got, Stem(want))
		}
	}
	for _, w := range []string{"at", "left", "found", "bound", "shot", "range", "born", "thoughtful", "was"} {
		if got := IrregularBase(Stem(w)); got != "" {
			t.Errorf("IrregularBase(%q) = %q: another word's stem", w, got)
		}
	}
}

// A verb's irregular past forms are found from its stem, to be searched
// ("did they meet" finds "they met").
func TestIrregularForms(t *testing.T) {
	for verb, want := range map[string][]string{"meet": {"met"}, "give": {"gave", "given"}, "say": {"said"}, "table": nil} {
		if got := IrregularForms(Stem(verb)); !slices.Equal(got, want) {
			t.Errorf("IrregularForms(%q) = %q, want %q", verb, got, want)
		}
	}
}

// A month typed short is read as the month ("sept 2025").
func TestUnchatMonths(t *testing.T) {
	for short, want := range map[string]string{"sept": "september", "oct": "october", "ppl": "people", "troops": "troops"} {
		if got := Unchat(short); got != want {
			t.Errorf("Unchat(%q) = %q, want %q", short, got, want)
		}
	}
}

func TestTrimChat(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"wait whats the plan for the kremlins cash parked overseas ??", "whats the plan for the kremlins cash parked overseas ??"},
		{"idk but did merz agree to send german troops fr", "did merz agree to send german troops"},
		{"ngl who chaired the paris summit ngl", "who chaired the paris summit"},
		{"so like has the icc issued any arrest warrants pls?", "has the icc issued any arrest warrants?"},
		{"merz agreed to it fr?", "merz agreed to it?"},        // still a question
		{"what is paris like", "what is paris like"},           // "like" belongs to it
		{"“what did macron say” lol", "“what did macron say”"}, // its closing quote stays
		{"how many troops are in europe rn", "how many troops are in europe rn"},
		{"lol", "lol"}, // nothing would be left
		{"what did trump offer?", "what did trump offer?"},
		{"quick q - whats the article count", "whats the article count"}, // "quick q" opens it
		{"quick reaction forces, who has them", "quick reaction forces, who has them"},
	} {
		if got := TrimChat(tt.in); got != tt.want {
			t.Errorf("TrimChat(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPhraseSynonyms(t *testing.T) {
	for _, c := range []struct{ stems, want string }{
		{"beef up", "strengthen"},   // "beefing up"
		{"drawn out", "protracted"}, // "drawn-out"
		{"chip in", "contribute"},
	} {
		if got := PhraseSynonyms(c.stems); !slices.Contains(got, c.want) {
			t.Errorf("PhraseSynonyms(%q) = %q, want it to hold %q", c.stems, got, c.want)
		}
	}
	if got := PhraseSynonyms("beef"); got != nil {
		t.Errorf("a single word is no phrase: PhraseSynonyms(\"beef\") = %q", got)
	}
}

func TestNamedBy(t *testing.T) {
	got := NamedBy(Stem("russia"))
	for _, want := range []string{"kremlin", "moscow"} {
		if !slices.Contains(got, want) {
			t.Errorf("NamedBy(russia) = %v, want %q among them", got, want)
		}
	}
	if got := NamedBy(Stem("zzzz")); got != nil {
		t.Errorf("NamedBy(zzzz) = %v, want none", got)
	}
}

func TestSynonymsOfAPluralTypedYs(t *testing.T) {
	if got := Synonyms("countrys"); !slices.Contains(got, "nations") {
		t.Errorf(`Synonyms("countrys") = %v, want "countries"'s (nations)`, got)
	}
	if got := Synonyms("days"); got != nil {
		t.Errorf(`Synonyms("days") = %v, want none (a vowel before "ys")`, got)
	}
}

func TestUnstretch(t *testing.T) {
	for in, want := range map[string]string{
		"lmaooo did trump rly say that": "lmao did trump rly say that",
		"sooo whyyy did they meet???":   "so why did they meet???",
		"thats a gooood question":       "thats a good question",
		"LOLLL what":                    "lol what",
		// nothing but the run, or no word either way: as typed
		"AAA rating, www and brrr": "AAA rating, www and brrr",
		"no stretch here":          "no stretch here",
	} {
		if got := Unstretch(in); got != want {
			t.Errorf("Unstretch(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAntonymsOfVerbs(t *testing.T) {
	for _, w := range []string{"hurry", "rush"} {
		if !slices.Contains(Antonyms(w), "delay") {
			t.Errorf("Antonyms(%q) = %q, want delay among them", w, Antonyms(w))
		}
	}
	// a noun's or an adjective's opposite names another thing
	for _, w := range []string{"bottom", "little", "old"} {
		if a := Antonyms(w); a != nil {
			t.Errorf("Antonyms(%q) = %q, want none", w, a)
		}
	}
}
