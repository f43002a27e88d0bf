package text

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestSpelledOut(t *testing.T) {
	for _, test := range []struct{ s, acr, want string }{
		{"The International Criminal Court’s investigation", "icc", "International Criminal Court"},
		{"the North Atlantic Treaty Organization said", "nato", "North Atlantic Treaty Organization"},
		{"the Organization for Security and Co-operation in Europe", "osce", ""}, // "Co-operation" is two words
		{"the European Court of Human Rights ruled", "echr", "European Court of Human Rights"},
		{"it is currently constructing", "icc", ""}, // not capitalised
	} {
		got := strings.Join(SpelledOut(test.s, test.acr), "|")
		if got != test.want {
			t.Errorf("SpelledOut(%q, %q) = %q, want %q", test.s, test.acr, got, test.want)
		}
	}
}

func TestWrittenAs(t *testing.T) {
	for _, test := range []struct{ s, phrase, want string }{
		{"Civil society, through non -governmental organizations such as", "nongovernmental organization", "non -governmental organizations"},
		{"the gross domestic product fell", "gross domestic product", "gross domestic product"},
		{"weapons of mass destruction", "weapon of mass destruction", ""}, // "weapons": not a plural at the end
		{"a governmental organization", "nongovernmental organization", ""},
	} {
		if got := WrittenAs(test.s, test.phrase); got != test.want {
			t.Errorf("WrittenAs(%q, %q) = %q, want %q", test.s, test.phrase, got, test.want)
		}
	}
}

func TestAbbreviations(t *testing.T) {
	for _, test := range []struct{ s, want string }{
		{"a warrant from the International Criminal Court (ICC) last year", "icc=International Criminal Court"},
		{"the ICC (International Criminal Court) and the OSCE (Organization for Security and Cooperation in Europe)",
			"icc=International Criminal Court osce=Organization for Security and Cooperation in Europe"},
		{"a North Atlantic Treaty Organization (NATO) summit", "nato=North Atlantic Treaty Organization"},
		{"the Three Seas Initiative (3SI)", ""},             // not letters
		{"talks in Paris (France) went on", ""},             // not an acronym
		{"the International Criminal Court said (ICC)", ""}, // not right before it
		{"the ICC (a court in The Hague)", ""},              // not what it spells
	} {
		var got []string
		for _, a := range Abbreviations(test.s) {
			got = append(got, a.Acronym+"="+a.Name)
		}
		if g := strings.Join(got, " "); g != test.want {
			t.Errorf("Abbreviations(%q) = %q, want %q", test.s, g, test.want)
		}
	}
}

// SpelledOutAcronyms must find every acronym SpelledOut spells out in a
// text (an index skips looking up the others), and no more than the
// initials of its capitalised runs.
func TestSpelledOutAcronyms(t *testing.T) {
	texts := []string{
		"The International Criminal Court’s investigation",
		"the Organization for Security and Co-operation in Europe met the European Court of Human Rights",
		"Of the North Atlantic Treaty Organization, the Über Élite Group said",
		"it is currently constructing a TNF-alpha Receptor in NF-κB Signalling of the Cell",
		"in The Hague and the Netherlands",
	}
	letters := "abcdefghijklmnopqrstuvwxyzéü"
	for _, s := range texts {
		set := map[string]bool{}
		SpelledOutAcronyms(s, 6, set)
		for acr := range set {
			if len(SpelledOut(s, acr)) == 0 && isASCIILetters(acr) {
				t.Errorf("SpelledOutAcronyms(%q) has %q, which SpelledOut does not spell out", s, acr)
			}
		}
		// every acronym of two or three of these letters SpelledOut finds
		var all []string
		for _, a := range letters {
			for _, b := range letters {
				all = append(all, string(a)+string(b))
				for _, c := range "abcdefghijklmnopqrstuvwxyz" {
					all = append(all, string(a)+string(b)+string(c))
				}
			}
		}
		all = append(all, "nato", "echr", "osce", "ueeg", "ntfrs")
		for _, acr := range all {
			if len(SpelledOut(s, acr)) > 0 && !set[acr] {
				t.Errorf("SpelledOutAcronyms(%q) lacks %q (SpelledOut gives %q)", s, acr, SpelledOut(s, acr))
			}
		}
	}
}

func isASCIILetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// acronymBeforeParen only skips the regexp where it cannot match.
func TestAcronymBeforeParenNecessary(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"A", "B", "AB", "s", "x", " ", "\t", "\n", "\v", "(", ")", "Name ", "é"}
	matched := 0
	for range 200000 {
		var sb strings.Builder
		for range rng.IntN(16) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := sb.String()
		if !acronymThenNameRe.MatchString(s) {
			continue
		}
		matched++
		if !acronymBeforeParen(s) {
			t.Fatalf("%q: the regexp matches but the scan says no", s)
		}
	}
	if matched < 100 {
		t.Fatalf("only %d random strings matched: the test checks too little", matched)
	}
}
