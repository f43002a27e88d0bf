package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/docbot/docbot/retrieval"
)

// QAItem is one line of a QA file.
type QAItem struct {
	Q            string   `json:"q"`
	ExpectAny    []string `json:"expect_any"`
	Unanswerable bool     `json:"unanswerable"`
	// Category groups questions in the report ("typo", "why-how", …);
	// unanswerable questions are reported as "unanswerable".
	Category string `json:"category,omitempty"`
	// Doc, when set, is the document that holds the answer: a right
	// answer must cite it, and a top-3 hit must come from it.
	Doc string `json:"doc,omitempty"`
}

// LoadQA reads a QA file, one JSON object a line; errors name the line.
func LoadQA(path string) ([]QAItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("qa file: %w", err)
	}
	defer f.Close()
	var items []QAItem
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var it QAItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if strings.TrimSpace(it.Q) == "" || (!it.Unanswerable && len(it.ExpectAny) == 0) {
			return nil, fmt.Errorf(`%s line %d: needs "q", and "expect_any" (phrases a right answer contains) unless "unanswerable": true`, path, line)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no questions", path)
	}
	return items, nil
}

// Asker answers questions (retrieval.Service).
type Asker interface {
	Ask(ctx context.Context, q retrieval.Question) (retrieval.Answer, error)
}

// QAResult are a QA run's figures.
type QAResult struct {
	Answerable     int     `json:"answerable"`
	Unanswerable   int     `json:"unanswerable"`
	HitAt3         float64 `json:"hit@3"`           // an expected phrase in a top-3 passage
	AnswerAccuracy float64 `json:"answer_accuracy"` // found, cited, expected phrase in the answer
	RefusalAcc     float64 `json:"refusal_accuracy"`
	Dangling       int     `json:"dangling_markers"`    // must be 0
	BadQuotes      int     `json:"quotes_not_verbatim"` // must be 0
	// Answered is the share of answerable questions that were not refused
	// (right or wrong): the complement of the refusal rate on them.
	Answered   float64                    `json:"answered"`
	Categories map[string]*CategoryResult `json:"categories,omitempty"`
	Failures   []string                   `json:"failures,omitempty"`
}

// CategoryResult counts one category's questions. For answerable ones,
// Hits, Answered and Correct count top-3 hits, answers given (not refused)
// and right answers; for unanswerable ones Refused counts refusals.
type CategoryResult struct {
	N        int `json:"n"`
	Hits     int `json:"hit@3,omitempty"`
	Answered int `json:"answered,omitempty"`
	Correct  int `json:"correct,omitempty"`
	Refused  int `json:"refused,omitempty"`
}

var markerRe = regexp.MustCompile(`\[(\d+)\]`)

// RunQA asks every question and scores the answers.
func RunQA(ctx context.Context, items []QAItem, a Asker) (QAResult, error) {
	var r QAResult
	var hits, correct, refused, answered int
	r.Categories = map[string]*CategoryResult{}
	for _, it := range items {
		cat := it.Category
		if it.Unanswerable {
			cat = "unanswerable"
		} else if cat == "" {
			cat = "other"
		}
		cr := r.Categories[cat]
		if cr == nil {
			cr = &CategoryResult{}
			r.Categories[cat] = cr
		}
		cr.N++
		ans, err := a.Ask(ctx, retrieval.Question{Text: it.Q})
		if err != nil && !errors.Is(err, retrieval.ErrNoTerms) {
			return r, fmt.Errorf("ask %q: %w", it.Q, err)
		}
		r.Dangling += dangling(ans)
		r.BadQuotes += badQuotes(ans)
		if it.Unanswerable {
			r.Unanswerable++
			if !ans.Found {
				refused++
				cr.Refused++
			} else {
				r.Failures = append(r.Failures, "answered the unanswerable: "+it.Q)
			}
			continue
		}
		r.Answerable++
		var top strings.Builder
		for _, h := range ans.Passages[:min(3, len(ans.Passages))] {
			if it.Doc == "" || h.DocID == it.Doc {
				// the section heading is the passage's too: an answer
				// quotes it ("Lessons from the 2014 Minsk Accords")
				top.WriteString(h.Title + " " + h.Heading + " " + h.Text + "\n")
			}
		}
		if ans.Found {
			answered++
			cr.Answered++
		}
		if containsAny(top.String(), it.ExpectAny) {
			hits++
			cr.Hits++
		} else {
			r.Failures = append(r.Failures, "not in the top 3 passages: "+it.Q)
		}
		if ans.Found && len(ans.Citations) > 0 && containsAny(ans.Text, it.ExpectAny) && cites(ans, it.Doc) {
			correct++
			cr.Correct++
		} else {
			r.Failures = append(r.Failures, fmt.Sprintf("wrong answer to %q: %.150s", it.Q, ans.Text))
		}
	}
	if r.Answerable > 0 {
		r.HitAt3 = float64(hits) / float64(r.Answerable)
		r.AnswerAccuracy = float64(correct) / float64(r.Answerable)
		r.Answered = float64(answered) / float64(r.Answerable)
	}
	if r.Unanswerable > 0 {
		r.RefusalAcc = float64(refused) / float64(r.Unanswerable)
	}
	return r, nil
}

// cites reports whether the answer cites doc ("" : any document).
func cites(a retrieval.Answer, doc string) bool {
	if doc == "" {
		return true
	}
	for _, c := range a.Citations {
		if c.DocID == doc {
			return true
		}
	}
	return false
}

// containsAny reports whether s holds one of the phrases, compared as
// readers read them: in any case, with typographic and straight quotes
// alike, any run of spaces as one, and an answer's citation markers left
// out ("…in Ukraine [2]." holds the phrase "in Ukraine.").
func containsAny(s string, phrases []string) bool {
	s = comparable(s)
	for _, p := range phrases {
		if strings.Contains(s, comparable(p)) {
			return true
		}
	}
	return false
}

// comparable is s as containsAny compares it.
func comparable(s string) string {
	s = markerSpanRe.ReplaceAllString(s, "")
	s = quoteFolder.Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// markerSpanRe finds citation markers with the spaces before them.
var markerSpanRe = regexp.MustCompile(`\s*\[\d+\]`)

var quoteFolder = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`)

// dangling counts markers naming no listed source: the citations, or the
// closest passages an answer not found lists instead ("They say
// otherwise: “…” [1]"), as the bot shows them.
func dangling(a retrieval.Answer) int {
	listed := len(a.Citations)
	if !a.Found && len(a.Closest) > 0 {
		listed = len(a.Closest)
	}
	n := 0
	for _, m := range markerRe.FindAllStringSubmatch(a.Text, -1) {
		if k, _ := strconv.Atoi(m[1]); k < 1 || k > listed {
			n++
		}
	}
	return n
}

// badQuotes counts citation quotes that are not verbatim in their passage.
func headings(h string) []string {
	parts := strings.Split(h, " · ")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func badQuotes(a retrieval.Answer) int {
	text := map[string]string{}
	heading := map[string]string{}
	for _, h := range a.Passages {
		text[h.ID], heading[h.ID] = h.Text, h.Heading
	}
	n := 0
	for _, c := range append(append([]retrieval.Citation(nil), a.Citations...), a.Closest...) {
		// a heading quoted is one of those the passage spans ("A · B")
		if t, ok := text[c.PassageID]; ok && !strings.Contains(t, c.Quote) && !slices.Contains(headings(heading[c.PassageID]), c.Quote) {
			n++
		}
	}
	return n
}
