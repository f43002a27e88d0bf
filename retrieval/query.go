package retrieval

import (
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// MaxQueryTerms bounds the size of a MATCH expression whatever the input
// (long enough for argument-length queries such as ArguAna's).
const MaxQueryTerms = 128

// Query is a question made safe for FTS5.
type Query struct {
	Words []string // folded search words in question order, without stop words or repeats
	Stems []string // Stem(Words[i]), as the FTS5 porter tokenizer indexes them
	Match string   // FTS5 expression: every word (and synonym) quoted, joined with OR
	// Alt maps a stem to the stems of its synonyms, also searched: a
	// question word the articles never use counts as present when one of
	// its synonyms is.
	Alt map[string][]string

	terms []matchTerm // Match's terms, for matchWithout

}

// BuildQuery turns user text into an FTS5 query. Every word is a quoted
// string, so operators (AND, OR, NOT, NEAR), quotes, parentheses, colons,
// asterisks, carets and any Unicode in the text are plain words to FTS5 and
// can never cause a syntax error. Stop words and one-letter words are
// dropped; at most MaxQueryTerms words are kept. It returns ErrNoTerms when nothing
// searchable is left.
func BuildQuery(s string) (Query, error) {
	var q Query
	seen := map[string]bool{}
	for _, t := range text.Tokenize(s) {
		w := t.Word
		if len([]rune(w)) < 2 && !isDigit(w) || text.IsStopWord(w) || len(w) > 64 {
			continue
		}
		st := text.Stem(w)
		if seen[st] {
			continue
		}
		seen[st] = true
		q.Words = append(q.Words, w)
		q.Stems = append(q.Stems, st)
		if len(q.Words) == MaxQueryTerms {
			break
		}
	}
	if len(q.Words) == 0 {
		return Query{}, ErrNoTerms
	}
	for i, w := range q.Words {
		q.terms = append(q.terms, matchTerm{q.Stems[i], w})
		for _, syn := range text.Synonyms(w) {
			st := text.Stem(text.Fold(syn))
			if seen[st] {
				continue
			}
			if q.Alt == nil {
				q.Alt = map[string][]string{}
			}
			q.Alt[q.Stems[i]] = append(q.Alt[q.Stems[i]], st)
			q.terms = append(q.terms, matchTerm{q.Stems[i], syn})
		}
	}
	q.Match = q.matchWithout(nil)
	return q, nil
}

// matchTerm is one quoted word of the MATCH expression and the query stem
// it stands for (a synonym stands for its word's stem).
type matchTerm struct{ stem, word string }

// matchWithout is the MATCH expression without the words (and synonyms)
// of the given stems.
func (q Query) matchWithout(drop map[string]bool) string {
	var parts []string
	for _, t := range q.terms {
		if !drop[t.stem] {
			parts = append(parts, `"`+strings.ReplaceAll(t.word, `"`, `""`)+`"`)
		}
	}
	return strings.Join(parts, " OR ")
}

func isDigit(w string) bool { return len(w) == 1 && w[0] >= '0' && w[0] <= '9' }

// canonical maps the stems of synonyms to the question stems they stand for.
func (q Query) canonical() map[string]string {
	m := make(map[string]string, len(q.Stems))
	for _, s := range q.Stems {
		m[s] = s
	}
	for s, alts := range q.Alt {
		for _, a := range alts {
			if _, own := m[a]; !own {
				m[a] = s
			}
		}
	}
	return m
}

// allStems returns the question's stems and their synonyms' stems.
func (q Query) allStems() []string {
	out := append([]string(nil), q.Stems...)
	for _, alts := range q.Alt {
		out = append(out, alts...)
	}
	return out
}
