package text

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./genbackground
//go:generate go run ./genwordnet

// background.tsv.gz is a model of general English word use: for each stem,
// the number of documents of a 13,857-document collection (BEIR ArguAna
// and SciFact) it occurs in, and the share of its mid-sentence occurrences
// written with a capital letter. See genbackground.
//
//go:embed background.tsv.gz
var backgroundGz []byte

type bgEntry struct {
	df     int32
	capPct int8
}

var background = sync.OnceValues(loadBackground)

func loadBackground() (map[string]bgEntry, int) {
	zr, err := gzip.NewReader(bytes.NewReader(backgroundGz))
	if err != nil {
		panic("text: embedded background model: " + err.Error())
	}
	m := make(map[string]bgEntry, 22000)
	docs := 0
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if f[0] == "docs" && len(f) == 2 {
			docs, _ = strconv.Atoi(f[1])
			continue
		}
		if len(f) != 3 {
			continue
		}
		df, _ := strconv.Atoi(f[1])
		c, _ := strconv.Atoi(f[2])
		m[f[0]] = bgEntry{df: int32(df), capPct: int8(c)}
	}
	if err := sc.Err(); err != nil || docs == 0 {
		panic("text: embedded background model is damaged")
	}
	return m, docs
}

// Specificity is how specific a stem is in general English, from 0 (a
// word in every document) to 1 (a word general English never uses: a
// rare name, a technical term or a typo). It is the stem's inverse
// document frequency in the background model, scaled by its maximum.
func Specificity(stem string) float64 {
	m, docs := background()
	n := float64(docs)
	df := float64(m[stem].df)
	return math.Log(1+(n-df+0.5)/(df+0.5)) / math.Log(1+(n+0.5)/0.5)
}

// CommonWord reports whether general English uses the stem in at least
// one document in minCommonShare: such a word is never a typo and, when
// an article phrases the idea differently, not a subject of its own.
func CommonWord(stem string) bool {
	m, docs := background()
	return float64(m[stem].df) >= minCommonShare*float64(docs)
}

// minCommonShare: one document in 2,000 (7 of the 13,857).
const minCommonShare = 1.0 / 2000

// KnownWord reports whether the background model has seen the stem at all
// (in at least two documents).
func KnownWord(stem string) bool {
	m, _ := background()
	_, ok := m[stem]
	return ok
}

// EnglishWord reports whether the stem is a word of general English: the
// background model has seen it, or WordNet lists it, not mostly as a name
// ("upbeat", "shaky", "roommate", "clueless", which the background model's
// scientific and argument texts lack; not "Taurus").
func EnglishWord(stem string) bool {
	if KnownWord(stem) {
		return true
	}
	_, syn := wordnet()[stem]
	return (syn || lemmaStems()[stem]) && !proper()[stem]
}

// lemmas.tsv.gz: every one-word lemma of WordNet and the inflected forms
// its exception lists give, with the parts of speech each has (n, v, a,
// r: noun, verb, adjective, adverb). See genwordnet.
//
//go:embed lemmas.tsv.gz
var lemmasGz []byte

var lemmas = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 83000)
	embeddedLines(lemmasGz, "lemma table", func(line string) {
		if w, c, ok := strings.Cut(line, "\t"); ok {
			m[w] = c
		}
	})
	return m
})

// lemmaStems are the stems of the lemmas that are not only nouns: a noun
// WordNet alone knows, without a synonym, is as often a name or a term of
// art ("python", "taurus") as a word of general English.
var lemmaStems = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 30000)
	for w, c := range lemmas() {
		if c != "n" {
			m[Stem(w)] = true
		}
	}
	return m
})

// inflections are the regular endings and what the bare word may be.
var inflections = []struct{ suffix, repl, classes string }{
	{"ies", "y", "nv"}, {"es", "", "nv"}, {"s", "", "nv"},
	{"ied", "y", "va"}, {"ed", "", "va"}, {"ed", "e", "va"},
	{"ing", "", "vn"}, {"ing", "e", "vn"},
	{"ier", "y", "a"}, {"er", "", "a"}, {"er", "e", "a"},
	{"iest", "y", "a"}, {"est", "", "a"}, {"est", "e", "a"},
}

// WordClasses returns the parts of speech WordNet gives a folded word, as
// letters (n, v, a, r), looking through regular inflections ("costs" is a
// noun or a verb, "scared" an adjective): "" for a word WordNet lacks.
func WordClasses(w string) string {
	if c, ok := lemmas()[w]; ok {
		return c
	}
	var out []byte
	for _, in := range inflections {
		base, ok := strings.CutSuffix(w, in.suffix)
		if !ok || len(base) < 2 {
			continue
		}
		for _, c := range []byte(lemmas()[base+in.repl]) {
			if strings.IndexByte(in.classes, c) >= 0 && bytes.IndexByte(out, c) < 0 {
				out = append(out, c)
			}
		}
	}
	return string(out)
}

// Describes reports whether WordNet knows w only as an adjective or adverb
// ("scared", "biggest", "along"), never as a noun or verb: a word that
// describes what a question asks about rather than naming it.
func Describes(w string) bool {
	c := WordClasses(w)
	return c != "" && strings.Trim(c, "ar") == ""
}

// proper.txt.gz: the stems of the one-word lemmas WordNet writes mostly
// capitalised ("Taurus", "Paris"): names, not words. See genwordnet.
//
//go:embed proper.txt.gz
var properGz []byte

var proper = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 14000)
	embeddedLines(properGz, "proper-noun table", func(line string) { m[line] = true })
	return m
})

// NameLike reports whether general English writes the stem mostly with a
// capital letter inside sentences: a name (Japan, Erdogan, Pope).
func NameLike(stem string) bool {
	m, _ := background()
	e, ok := m[stem]
	return ok && e.capPct >= 60
}

// wordnet.tsv.gz: for each word stem, the words WordNet 3.0 puts in the
// same synsets as the word's first senses. See genwordnet.
//
//go:embed wordnet.tsv.gz
var wordnetGz []byte

var wordnet = sync.OnceValue(loadWordNet)

func loadWordNet() map[string][]string {
	m := make(map[string][]string, 45000)
	embeddedLines(wordnetGz, "WordNet table", func(line string) {
		if stem, syns, ok := strings.Cut(line, "\t"); ok {
			m[stem] = strings.Split(syns, "|")
		}
	})
	return m
}

// embeddedLines calls fn with each line of an embedded gzipped table, and
// panics when the table is damaged or empty (the build is broken).
func embeddedLines(gz []byte, what string, fn func(line string)) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic("text: embedded " + what + ": " + err.Error())
	}
	sc := bufio.NewScanner(zr)
	n := 0
	for sc.Scan() {
		fn(sc.Text())
		n++
	}
	if sc.Err() != nil || n == 0 {
		panic("text: embedded " + what + " is damaged")
	}
}

// WordNetSynonyms returns the words WordNet gives for a stem's first
// senses, most frequent sense first (several-word synonyms included), or nil.
func WordNetSynonyms(stem string) []string { return wordnet()[stem] }

// phrases.tsv.gz: WordNet 3.0's verbs, adjectives and adverbs of two or
// three words ("beef up", "drawn-out") and the other words of their first
// senses' synsets. See genwordnet.
//
//go:embed phrases.tsv.gz
var phrasesGz []byte

var phrases = sync.OnceValue(func() map[string][]string {
	m := make(map[string][]string, 5000)
	embeddedLines(phrasesGz, "WordNet phrase table", func(line string) {
		if key, syns, ok := strings.Cut(line, "\t"); ok {
			m[key] = strings.Split(syns, "|")
		}
	})
	return m
})

// PhraseSynonyms returns WordNet's synonyms of a phrase of two or three
// words given as its words' stems joined by spaces, stop words kept
// ("beef up" for "beefing up"), or nil.
func PhraseSynonyms(stems string) []string { return phrases()[stems] }

// antonyms.tsv.gz: WordNet 3.0's antonyms of one-word verbs, a verb's
// synset-mates sharing its antonyms ("hurry", "rush" → "delay"). See
// genwordnet.
//
//go:embed antonyms.tsv.gz
var antonymsGz []byte

var antonyms = sync.OnceValue(func() map[string][]string {
	m := make(map[string][]string, 8000)
	embeddedLines(antonymsGz, "WordNet antonym table", func(line string) {
		if w, ant, ok := strings.Cut(line, "\t"); ok {
			m[w] = append(m[w], ant)
		}
	})
	return m
})

// Antonyms returns the verbs WordNet gives as opposite in meaning to a
// lower-case verb ("hurry" → "delay"), or nil.
func Antonyms(word string) []string { return antonyms()[word] }

// persons.txt.gz: the nouns whose most frequent WordNet sense denotes a
// person ("envoy", "voter"), singular. See genwordnet.
//
//go:embed persons.txt.gz
var personsGz []byte

var persons = sync.OnceValue(func() map[string]bool {
	zr, err := gzip.NewReader(bytes.NewReader(personsGz))
	if err != nil {
		panic("text: embedded person table: " + err.Error())
	}
	m := make(map[string]bool, 10000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		m[sc.Text()] = true
	}
	if sc.Err() != nil || len(m) == 0 {
		panic("text: embedded person table is damaged")
	}
	return m
})

// PersonNoun reports whether a lower-case word names a kind of person
// ("envoy", "voters", "chairmen"), by its most frequent WordNet sense.
func PersonNoun(word string) bool {
	p := persons()
	if p[word] {
		return true
	}
	switch {
	case strings.HasSuffix(word, "men"):
		return p[strings.TrimSuffix(word, "men")+"man"]
	case strings.HasSuffix(word, "ies"):
		return p[strings.TrimSuffix(word, "ies")+"y"]
	case strings.HasSuffix(word, "es") && p[strings.TrimSuffix(word, "es")]:
		return true
	case strings.HasSuffix(word, "s"):
		return p[strings.TrimSuffix(word, "s")]
	}
	return false
}

// demonyms.tsv.gz: proper adjectives and the proper nouns WordNet says they
// pertain to ("russian" → "russia"). See genwordnet.
//
//go:embed demonyms.tsv.gz
var demonymsGz []byte

var demonyms = sync.OnceValue(func() map[string][]string {
	m := make(map[string][]string, 1200)
	embeddedLines(demonymsGz, "demonym table", func(line string) {
		if adj, noun, ok := strings.Cut(line, "\t"); ok {
			m[adj] = slices.Clip(append(m[adj], noun)) // callers may append to what they get
		}
	})
	return m
})

// Demonyms returns, for a folded proper adjective, the proper nouns it
// pertains to: "russian" → "russia"; the stemmer keeps them apart. The
// other way ("ukraine" → "ukrainian") found more passages the question was
// not about: in news on Ukraine, most passages say "Ukrainian" (dev set:
// one top-3 hit and one right answer fewer, one near-miss answered).
func Demonyms(word string) []string { return demonyms()[word] }

var places = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for adj, nouns := range demonyms() {
		for _, n := range nouns {
			// not a person's ("george": Georgian) nor a creed's
			// ("judaism": Orthodox), by what WordNet calls it; a
			// country's whatever its head ("monarchy", "nation")
			if h := names()[n].Head; h != "" && !placeKinds[h] && (PersonNoun(h) || creedHeads[h] || strings.HasSuffix(n, "ism")) {
				continue
			}
			m[n] = append(m[n], adj)
		}
	}
	for _, adjs := range m {
		slices.Sort(adjs)
	}
	return m
})

// creedHeads are what WordNet calls a creed or a practice ("judaism": a
// practice), whose adjectives name no place.
var creedHeads = map[string]bool{"religion": true, "faith": true, "doctrine": true, "practice": true, "sect": true,
	"church": true, "theology": true, "belief": true, "movement": true, "ideology": true}

// ProperAdjectives returns Demonyms the other way: for a folded place's
// name, the proper adjectives that pertain to it ("africa" → "african");
// none for a person or a creed WordNet names ("george", "judaism").
func ProperAdjectives(noun string) []string { return places()[noun] }

// derivations.tsv.gz: verbs and the nouns naming their action whose stems
// differ ("convert" → "conversion"). See genwordnet.
//
//go:embed derivations.tsv.gz
var derivationsGz []byte

// derivationTable holds both directions of derivations.tsv.gz.
type derivationTable struct {
	both  map[string][]string // verb → nouns and noun → verbs
	nouns map[string][]string // verb → the nouns naming its action
}

var derivations = sync.OnceValue(func() derivationTable {
	t := derivationTable{both: make(map[string][]string, 2200), nouns: make(map[string][]string, 1100)}
	embeddedLines(derivationsGz, "derivation table", func(line string) {
		if verb, noun, ok := strings.Cut(line, "\t"); ok {
			// callers may append to what they get
			t.both[verb] = slices.Clip(append(t.both[verb], noun))
			t.both[noun] = slices.Clip(append(t.both[noun], verb))
			t.nouns[verb] = slices.Clip(append(t.nouns[verb], noun))
		}
	})
	return t
})

// Derivations returns, for a folded verb, the nouns naming its action, and
// for such a noun, its verb: "convert" ↔ "conversion", "invade" ↔
// "invasion"; the stemmer keeps them apart.
func Derivations(word string) []string { return derivations().both[word] }

// qualities.tsv.gz: everyday adjectives and the nouns naming the quality
// they describe ("scared" → "fear", "urgent" → "urgency"). See genwordnet.
//
//go:embed qualities.tsv.gz
var qualitiesGz []byte

var qualities = sync.OnceValue(func() map[string][]string {
	m := make(map[string][]string, 8000)
	embeddedLines(qualitiesGz, "quality table", func(line string) {
		if adj, noun, ok := strings.Cut(line, "\t"); ok {
			m[adj] = slices.Clip(append(m[adj], noun))
		}
	})
	return m
})

// Qualities returns, for a folded adjective, the nouns naming the quality
// it describes: a question says "scared", an article "fears".
func Qualities(adjective string) []string { return qualities()[adjective] }

// ActionNouns returns, for a folded verb, only the nouns naming its action
// ("convert" → "conversion"); nil for a noun or another word.
func ActionNouns(verb string) []string { return derivations().nouns[verb] }

// names.tsv.gz: the one-word names WordNet defines and what else names
// them. See genwordnet.
//
//go:embed names.tsv.gz
var namesGz []byte

// Name is how WordNet defines a name ("Crimea"): its other names
// ("french capital" for Paris), the kind of thing it is ("peninsula") and
// the names its definition gives ("black sea", "ukrainian"), in lower case.
type Name struct {
	Also  []string
	Head  string
	Gloss []string
}

var names = sync.OnceValue(func() map[string]Name {
	m := make(map[string]Name, 13500)
	embeddedLines(namesGz, "name table", func(line string) {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return
		}
		split := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, "|")
		}
		m[f[0]] = Name{Also: split(f[1]), Head: f[2], Gloss: split(f[3])}
	})
	return m
})

// leaderHeads are the kinds of names that name someone who leads a
// country or a people.
var leaderHeads = map[string]bool{"statesman": true, "stateswoman": true, "leader": true, "politician": true,
	"president": true, "dictator": true, "minister": true, "king": true, "queen": true}

// leaders maps a country's name or proper adjective to the one-word names
// WordNet defines as its leaders.
var leaders = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for w, n := range names() {
		if !leaderHeads[n.Head] {
			continue
		}
		for _, g := range n.Gloss {
			m[g] = append(m[g], w)
		}
	}
	for _, ws := range m {
		slices.Sort(ws)
	}
	return m
})

// Leaders returns the one-word names WordNet defines as a statesman,
// politician, king… of the country named by place, a folded name or
// proper adjective ("russian": "putin", "stalin", "yeltsin"…).
func Leaders(place string) []string {
	return leaders()[place]
}

// placeKinds are the kinds of names that name places.
var placeKinds = map[string]bool{"city": true, "town": true, "republic": true, "river": true, "region": true,
	"state": true, "island": true, "mountain": true, "country": true, "continent": true, "capital": true,
	"peninsula": true, "sea": true, "port": true, "province": true, "kingdom": true, "village": true}

// demonymNouns holds the proper nouns a proper adjective pertains to
// ("europe" for "european").
var demonymNouns = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, nouns := range demonyms() {
		for _, n := range nouns {
			m[n] = true
		}
	}
	return m
})

// Place reports whether WordNet knows a folded one-word name as a place
// ("paris", "europe", "crimea"), not a person.
func Place(name string) bool {
	return placeKinds[names()[name].Head] || demonymNouns()[name]
}

// PlaceKind returns the kind of place WordNet says a folded one-word name
// is ("city" for "paris", "country" for "france"), or "" when it knows
// no place by that name.
func PlaceKind(name string) string {
	if h := names()[name].Head; placeKinds[h] {
		return h
	}
	return ""
}

// EachName calls fn with every name WordNet defines.
func EachName(fn func(name string, n Name)) {
	for w, n := range names() {
		fn(w, n)
	}
}
