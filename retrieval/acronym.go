package retrieval

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/docbot/docbot/internal/text"
)

// Acronyms the articles only spell out: a question about the "ICC" should
// find "the International Criminal Court". Acronyms an article defines
// ("the International Criminal Court (ICC)") are found at index time (see
// Vocabulary.Aliases). Any other acronym the index lacks is looked up once
// per index generation: an FTS5 phrase of prefix tokens
// (`"i"* + "c"* + "c"*`) finds passages with consecutive words of those
// initials, and the capitalised run among them ("International Criminal
// Court", small words such as "of" allowed inside) is what it stands for.
// The prefix query is the dearest search docbot makes, and most such words
// (gene names, typos) stand for nothing the articles spell out: an acronym
// not among Vocabulary.Acronyms, the initials of every capitalised run the
// passages hold (collected with the vocabulary, once per generation, for
// indexes of up to 20,000 passages), is answered "" without it.

// acronymBudget bounds one lookup: prefix queries of one letter are slow in
// a large index, and an answer without the alias is better than a late one.
// A small index (one whose Vocabulary.Acronyms is collected) answers in
// milliseconds unless the machine is starved, and there the budget only
// made the answer depend on the load (blind-qa's "which NGOs…" was refused
// once with nine evaluations on two cores): it gets smallIndexBudget.
const (
	acronymBudget    = 300 * time.Millisecond
	smallIndexBudget = 3 * time.Second
)

type acronymCache struct {
	mu  sync.Mutex
	gen int64
	m   map[string]string // acronym → what it stands for, "" when nothing
}

// MaxAcronym is the longest acronym looked up, in letters.
const MaxAcronym = 6

// acronymShape: two to MaxAcronym letters (the index lacks the word itself), and
// (for "ngos") a plural's s is dropped. General English may know it (the
// background collection writes "ICC" too), but then mostly capitalised.
func acronymShape(word string) (string, bool) {
	if len(word) > 3 && strings.HasSuffix(word, "s") {
		word = word[:len(word)-1]
	}
	if len(word) < 2 || len(word) > MaxAcronym || !isLetters(word) {
		return "", false
	}
	// A word general English writes in lower case ("mice", "gene") is a
	// word the index lacks, not an acronym: the lookup (a prefix query, the
	// dearest search docbot makes) would find nothing it stands for.
	if st := text.Stem(word); text.KnownWord(st) && !text.NameLike(st) {
		return "", false
	}
	return word, true
}

// expandAcronym returns what an acronym stands for in the index, or "".
func (s *Service) expandAcronym(ctx context.Context, word string, v Vocabulary) string {
	acr, ok := acronymShape(word)
	if !ok {
		return ""
	}
	if v.Acronyms != nil && !v.Acronyms[acr] && !commonAcronym(acr) {
		return "" // no passage spells it out: the lookup would find nothing
	}
	gen := v.Generation
	c := &s.acronyms
	c.mu.Lock()
	if c.gen != gen || c.m == nil {
		c.gen, c.m = gen, map[string]string{}
	}
	if v, ok := c.m[acr]; ok {
		c.mu.Unlock()
		return v
	}
	c.mu.Unlock()

	parts := make([]string, len(acr))
	for i := range acr {
		parts[i] = `"` + acr[i:i+1] + `"*`
	}
	budget := acronymBudget
	if v.Acronyms != nil {
		budget = smallIndexBudget
	}
	lctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	hits, err := s.search.Search(lctx, strings.Join(parts, " + "), Filter{}, 30)
	if err != nil {
		if ctx.Err() == nil { // out of budget: remember that there is none
			s.log.Debug("acronym lookup gave up", "acronym", acr, "error", err)
		}
		hits = nil
	}
	count := map[string]int{}
	best := ""
	for _, h := range hits {
		for _, name := range text.SpelledOut(h.Text, acr) {
			count[name]++
			if count[name] > count[best] {
				best = name
			}
		}
	}
	if best == "" {
		best = commonSpelledOut(hits, acr)
	}
	if ctx.Err() != nil {
		return best // the caller gave up: don't cache a partial result
	}
	c.mu.Lock()
	if c.gen == gen {
		c.m[acr] = best
	}
	c.mu.Unlock()
	return best
}

// commonAcronym reports whether WordNet spells acr out in several words,
// which text may write in lower case (the capitalised runs of
// Vocabulary.Acronyms miss them).
func commonAcronym(acr string) bool {
	for _, syn := range text.WordNetSynonyms(text.Stem(acr)) {
		if strings.Contains(syn, " ") {
			return true
		}
	}
	return false
}

// commonSpelledOut finds an acronym of a common noun, which text writes in
// lower case ("non-governmental organizations" for "NGOs"): the phrase
// WordNet gives for the acronym, written in one of the hits.
func commonSpelledOut(hits []Hit, acr string) string {
	for _, syn := range text.WordNetSynonyms(text.Stem(acr)) {
		if !strings.Contains(syn, " ") {
			continue
		}
		for _, h := range hits {
			if span := text.WrittenAs(h.Text, syn); span != "" {
				return span
			}
		}
	}
	return ""
}
