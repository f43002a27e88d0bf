package text

import (
	"strings"
	"sync"
)

// stemCache memoises stems: retrieval stems the same words over and over
// (re-ranking stems every candidate passage). A map under a RWMutex reads
// several times faster than sync.Map here. It stops growing at
// stemCacheMax entries so hostile input cannot bloat it.
var (
	stemMu    sync.RWMutex
	stemCache = map[string]string{}
)

const stemCacheMax = 1 << 18

// Stem reduces a folded word to its Porter stem exactly as SQLite FTS5's
// "porter" tokenizer does (the algorithm with Porter's published
// departures: "bli"→"ble", "logi"→"log"). Words shorter than three bytes,
// longer than 64, or containing bytes outside ASCII are returned unchanged,
// as FTS5 does.
func Stem(w string) string {
	if len(w) < 3 || len(w) > 64 {
		return w
	}
	stemMu.RLock()
	st, ok := stemCache[w]
	stemMu.RUnlock()
	if ok {
		return st
	}
	st = stem(w)
	stemMu.Lock()
	if len(stemCache) < stemCacheMax {
		stemCache[strings.Clone(w)] = st // w may be a slice of a large passage
	}
	stemMu.Unlock()
	return st
}

func stem(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			return w
		}
	}
	s := &stemmer{b: []byte(w)}
	s.step1ab()
	s.step1c()
	s.step2()
	s.step3()
	s.step4()
	s.step5()
	return string(s.b)
}

type stemmer struct{ b []byte }

func (s *stemmer) isCons(i int) bool {
	switch s.b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		if i == 0 {
			return true
		}
		return !s.isCons(i - 1)
	}
	return true
}

// measure counts the VC sequences in b[:n].
func (s *stemmer) measure(n int) int {
	m, i := 0, 0
	for i < n && s.isCons(i) {
		i++
	}
	for i < n {
		for i < n && !s.isCons(i) {
			i++
		}
		if i >= n {
			break
		}
		m++
		for i < n && s.isCons(i) {
			i++
		}
	}
	return m
}

func (s *stemmer) hasVowel(n int) bool {
	for i := 0; i < n; i++ {
		if !s.isCons(i) {
			return true
		}
	}
	return false
}

func (s *stemmer) doubleCons(n int) bool {
	return n >= 2 && s.b[n-1] == s.b[n-2] && s.isCons(n-1)
}

// cvc: b[:n] ends consonant-vowel-consonant, the last not w, x or y.
func (s *stemmer) cvc(n int) bool {
	if n < 3 || !s.isCons(n-1) || s.isCons(n-2) || !s.isCons(n-3) {
		return false
	}
	c := s.b[n-1]
	return c != 'w' && c != 'x' && c != 'y'
}

func (s *stemmer) ends(suf string) bool {
	return len(s.b) >= len(suf) && string(s.b[len(s.b)-len(suf):]) == suf
}

// replace swaps suffix suf for rep when the stem before it has measure > min.
func (s *stemmer) replace(suf, rep string, min int) bool {
	if !s.ends(suf) {
		return false
	}
	n := len(s.b) - len(suf)
	if s.measure(n) > min {
		s.b = append(s.b[:n], rep...)
	}
	return true
}

func (s *stemmer) step1ab() {
	switch {
	case s.ends("sses"):
		s.b = s.b[:len(s.b)-2]
	case s.ends("ies"):
		s.b = s.b[:len(s.b)-2]
	case s.ends("ss"):
	case s.ends("s"):
		s.b = s.b[:len(s.b)-1]
	}
	if s.ends("eed") {
		if s.measure(len(s.b)-3) > 0 {
			s.b = s.b[:len(s.b)-1]
		}
		return
	}
	var n int
	switch {
	case s.ends("ed"):
		n = len(s.b) - 2
	case s.ends("ing"):
		n = len(s.b) - 3
	default:
		return
	}
	if !s.hasVowel(n) {
		return
	}
	s.b = s.b[:n]
	switch {
	case s.ends("at"), s.ends("bl"), s.ends("iz"):
		s.b = append(s.b, 'e')
	case s.doubleCons(len(s.b)):
		if c := s.b[len(s.b)-1]; c != 'l' && c != 's' && c != 'z' {
			s.b = s.b[:len(s.b)-1]
		}
	case s.measure(len(s.b)) == 1 && s.cvc(len(s.b)):
		s.b = append(s.b, 'e')
	}
}

func (s *stemmer) step1c() {
	if s.ends("y") && s.hasVowel(len(s.b)-1) {
		s.b[len(s.b)-1] = 'i'
	}
}

var step2Rules = [][2]string{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
	{"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"},
	{"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"},
	{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"},
	{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {"logi", "log"},
}

var step3Rules = [][2]string{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"},
	{"ful", ""}, {"ness", ""},
}

// applyFirst applies the rule with the longest matching suffix, as Porter's
// switch on the penultimate letter does.
func (s *stemmer) applyFirst(rules [][2]string, min int) {
	best := -1
	for i, r := range rules {
		if s.ends(r[0]) && (best < 0 || len(r[0]) > len(rules[best][0])) {
			best = i
		}
	}
	if best >= 0 {
		s.replace(rules[best][0], rules[best][1], min)
	}
}

func (s *stemmer) step2() { s.applyFirst(step2Rules, 0) }
func (s *stemmer) step3() { s.applyFirst(step3Rules, 0) }

var step4Suffixes = []string{"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
	"ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize"}

func (s *stemmer) step4() {
	best := ""
	for _, suf := range step4Suffixes {
		if s.ends(suf) && len(suf) > len(best) {
			best = suf
		}
	}
	if best == "" {
		return
	}
	n := len(s.b) - len(best)
	if best == "ion" && (n == 0 || (s.b[n-1] != 's' && s.b[n-1] != 't')) {
		return
	}
	if s.measure(n) > 1 {
		s.b = s.b[:n]
	}
}

func (s *stemmer) step5() {
	if s.ends("e") {
		n := len(s.b) - 1
		if m := s.measure(n); m > 1 || (m == 1 && !s.cvc(n)) {
			s.b = s.b[:n]
		}
	}
	if n := len(s.b); s.ends("ll") && s.measure(n) > 1 {
		s.b = s.b[:n-1]
	}
}
