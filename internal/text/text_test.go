package text

import (
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
	for _, s := range []string{"", "a", " a1_b-c ", "Zélensky's “NEAR” U.S.-led 15,000 troops🙂", "e\u0301cole\u00a0x", "\xff\xfeab\xc3", "日本語のテキスト", "x\u200by"} {
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
