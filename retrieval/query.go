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
	Match string   // FTS5 expression: every word quoted, joined with OR
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
	quoted := make([]string, len(q.Words))
	for i, w := range q.Words {
		quoted[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	q.Match = strings.Join(quoted, " OR ")
	return q, nil
}

func isDigit(w string) bool { return len(w) == 1 && w[0] >= '0' && w[0] <= '9' }
