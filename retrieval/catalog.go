package retrieval

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// Catalog lists the indexed articles and their passages. A Searcher that
// is also a Catalog (the store is) answers questions about the collection
// itself — how many articles, which ones, the newest, which one covers a
// topic — from the catalog rather than from passage text, where
// "article" would match "Article 5".
type Catalog interface {
	Docs(ctx context.Context) ([]Document, error)
	Passages(ctx context.Context, docID string) ([]Passage, error)
}

const docNouns = `(articles?|documents?|docs?|sources?|stories|story|pieces?|texts?|files?|reports?)`

var (
	countDocsRe  = regexp.MustCompile(`(?i)\bhow many ` + docNouns + `\b`)
	listDocsRe   = regexp.MustCompile(`(?i)\b(list|show|name|titles?)\b.*\b` + docNouns + `\b|\bwhat ` + docNouns + `\b(do you|are there|are in|have you|can you)|\bwhich ` + docNouns + ` (do you have|are there|are in)\b`)
	newestDocRe  = regexp.MustCompile(`(?i)\b(newest|latest|most recent|oldest|earliest)\b`)
	aboutDocsRe  = regexp.MustCompile(`(?i)\bwhat (are|r|is) (these|the|all the|all these|your|this) ` + docNouns + `( all| mostly| generally)? about\b|\bwhat('s| is) (the|this) collection about\b`)
	whichDocRe   = regexp.MustCompile(`(?i)^\W*(which|what) (one|` + docNouns + `)\b(.*)$`)
	docNounRe    = regexp.MustCompile(`(?i)\b(one|` + docNouns + `)\b`)
	topicVerbsRe = regexp.MustCompile(`(?i)^\W*(is|are|was)?\s*(about|on|covers?|covering|talks? about|discuss(es)?|mentions?|has|have|contains?|suggests?|describes?|explains?|deals? with|says?|goes? into)\b`)
)

// collectionWordsRe are the words of a question about the collection.
var collectionWordsRe = regexp.MustCompile(`(?i)\b(` + docNouns[1:len(docNouns)-1] + `|list|show|name|names|titles?|newest|latest|most recent|recent|oldest|earliest|first|last|published|many|collection|corpus|library|general|overall|mostly|generally|all|available|indexed|total|one|ones|count|number|have|got|there)\b`)

// onlyAboutCollection: once the collection's own words are gone, nothing
// searchable is left ("list the articles pls"), unlike "list everything
// the articles say guarantees could include", a question about content.
func onlyAboutCollection(q string) bool {
	_, err := BuildQuery(collectionWordsRe.ReplaceAllString(q, " "))
	return err != nil
}

// maxListed bounds how many articles a catalog answer lists and cites.
const maxListed = 10

// askCatalog answers a question about the collection itself; ok is false
// when the question is not one, or the Searcher has no catalog.
func (s *Service) askCatalog(ctx context.Context, q string) (Answer, bool, error) {
	c, isCatalog := s.search.(Catalog)
	if !isCatalog {
		return Answer{}, false, nil
	}
	collection := (countDocsRe.MatchString(q) || listDocsRe.MatchString(q) || aboutDocsRe.MatchString(q) ||
		newestDocRe.MatchString(q) && docNounRe.MatchString(q)) && onlyAboutCollection(q)
	var topic string
	if m := whichDocRe.FindStringSubmatch(q); m != nil && !collection {
		topic = strings.TrimSpace(topicVerbsRe.ReplaceAllString(m[len(m)-1], ""))
		if _, err := BuildQuery(topic); err != nil {
			return Answer{}, false, nil // "which one?" alone: not about the catalog
		}
	} else if !collection {
		return Answer{}, false, nil
	}
	docs, err := c.Docs(ctx)
	if err != nil {
		return Answer{}, true, fmt.Errorf("catalog: %w", err)
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	if len(docs) == 0 {
		a.Found, a.Text = false, "No articles are indexed yet: a moderator can add some and reload."
		return a, true, nil
	}
	switch {
	case topic != "":
		return s.whichArticle(ctx, q, topic)
	case newestDocRe.MatchString(q):
		err = answerByDate(ctx, c, &a, docs, strings.Contains(strings.ToLower(q), "old") || strings.Contains(strings.ToLower(q), "earliest"))
	default:
		err = answerList(ctx, c, &a, docs, countDocsRe.MatchString(q))
	}
	return a, true, err
}

// answerList names the articles (at most maxListed), each cited with its
// opening passage.
func answerList(ctx context.Context, c Catalog, a *Answer, docs []Document, count bool) error {
	var b strings.Builder
	if count || len(docs) > 1 {
		fmt.Fprintf(&b, "There are %d articles", len(docs))
	} else {
		b.WriteString("There is 1 article")
	}
	b.WriteString(": ")
	var names []string
	for _, d := range docs[:min(maxListed, len(docs))] {
		n, err := citeOpening(ctx, c, a, d)
		if err != nil {
			return err
		}
		names = append(names, fmt.Sprintf("“%s” [%d]", d.Title, n))
	}
	b.WriteString(strings.Join(names, "; "))
	if len(docs) > maxListed {
		fmt.Fprintf(&b, "; and %d more (see /docs)", len(docs)-maxListed)
	}
	b.WriteString(".")
	a.Text = b.String()
	return nil
}

// answerByDate names the newest (or oldest) dated article, saying plainly
// how many articles carry no date.
func answerByDate(ctx context.Context, c Catalog, a *Answer, docs []Document, oldest bool) error {
	var dated []Document
	for _, d := range docs {
		if d.Date != "" {
			dated = append(dated, d)
		}
	}
	if len(dated) == 0 {
		a.Found = false
		a.Text = fmt.Sprintf("None of the %d articles carries a date, so I can't tell which is the newest or oldest.", len(docs))
		return nil
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].Date > dated[j].Date })
	d, word := dated[0], "newest"
	if oldest {
		d, word = dated[len(dated)-1], "oldest"
	}
	n, err := citeOpening(ctx, c, a, d)
	if err != nil {
		return err
	}
	a.Text = fmt.Sprintf("The %s dated article is “%s”, dated %s [%d].", word, d.Title, d.Date, n)
	if undated := len(docs) - len(dated); undated > 0 {
		a.Text += fmt.Sprintf(" %d of the %d articles carry no date and could be newer or older.", undated, len(docs))
	}
	return nil
}

// whichArticle answers "which article covers X" by article-level
// retrieval: the article whose passages score best for X, cited with the
// passage that covers it.
func (s *Service) whichArticle(ctx context.Context, q, topic string) (Answer, bool, error) {
	r, err := s.Retrieve(ctx, topic, Filter{}, DefaultK)
	if err != nil || !r.Found || len(r.Hits) == 0 {
		if err != nil && !isNoTerms(err) {
			return Answer{}, true, err
		}
		return notFound(q, r), true, nil
	}
	score := map[string]float64{}
	for _, h := range r.Hits {
		score[h.DocID] += h.Score
	}
	best := r.Hits[0]
	for _, h := range r.Hits {
		if score[h.DocID] > score[best.DocID] {
			best = h
		}
	}
	ex, err := Extractive{}.Answer(ctx, Request{Question: topic, Query: r.Query, Weights: r.Weights, Passages: onlyDoc(r.Hits, best.DocID)})
	if err != nil {
		return Answer{}, true, err
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true, Passages: r.Hits, Notes: r.Notes, Citations: ex.Citations}
	a.Text = fmt.Sprintf("“%s” covers it: %s", best.Title, ex.Text)
	if len(ex.Citations) == 0 {
		a.Text = fmt.Sprintf("“%s” covers it [1].", best.Title)
		a.Citations = []Citation{citation(1, best.Passage, best.Text)}
	}
	return a, true, nil
}

func onlyDoc(hits []Hit, docID string) []Hit {
	var out []Hit
	for _, h := range hits {
		if h.DocID == docID {
			out = append(out, h)
		}
	}
	return out
}

// citeOpening cites an article's opening passage (its first sentences)
// and returns the citation's number.
func citeOpening(ctx context.Context, c Catalog, a *Answer, d Document) (int, error) {
	ps, err := c.Passages(ctx, d.ID)
	if err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	n := len(a.Citations) + 1
	if len(ps) == 0 {
		a.Citations = append(a.Citations, Citation{N: n, DocID: d.ID, Title: d.Title, URL: d.URL, Date: d.Date})
		return n, nil
	}
	p := ps[0]
	quote := p.Text
	if spans := text.Sentences(p.Text); len(spans) > 2 {
		quote = p.Text[spans[0].Start:spans[1].End]
	}
	a.Citations = append(a.Citations, citation(n, p, quote))
	a.Passages = append(a.Passages, Hit{Passage: p})
	return n, nil
}

func citation(n int, p Passage, quote string) Citation {
	return Citation{N: n, DocID: p.DocID, Title: p.Title, URL: p.URL, PassageID: p.ID, Date: p.Date, Quote: quote}
}

func isNoTerms(err error) bool { return errors.Is(err, ErrNoTerms) }

// namedArticleRe finds "the X article" / "the X piece" in a question: up
// to four words naming an article by its title, or by being the longest
// or shortest one ("artcle" as typed too).
var namedArticleRe = regexp.MustCompile(`(?i)\b((?:[\p{L}\d'’-]+\s+){1,4}?)(?:article|artcle|articel|aritcle|artical|piece|story)\b`)

// namedArticle returns the article a question names ("according to the
// paris article", "in the seeking a shield piece", "the long article"), or
// "" when it names none or several match.
func (s *Service) namedArticle(ctx context.Context, q string) (string, error) {
	c, ok := s.search.(Catalog)
	if !ok {
		return "", nil
	}
	m := namedArticleRe.FindStringSubmatch(q)
	if m == nil {
		return "", nil
	}
	// the words right before "article", back to the first stop word:
	// "approach in the macron article" names the article by "macron"
	var words []string
	toks := text.Tokenize(m[1])
	for i := len(toks) - 1; i >= 0; i-- {
		w := toks[i].Word
		if text.IsStopWord(w) && w != "long" && w != "short" {
			break
		}
		words = append([]string{w}, words...)
	}
	if len(words) == 0 {
		return "", nil
	}
	docs, err := c.Docs(ctx)
	if err != nil || len(docs) < 2 {
		return "", err
	}
	if len(words) == 1 && (words[0] == "long" || words[0] == "longest" || words[0] == "short" || words[0] == "shortest") {
		sort.SliceStable(docs, func(i, j int) bool { return docs[i].Passages > docs[j].Passages })
		if strings.HasPrefix(words[0], "short") {
			return docs[len(docs)-1].ID, nil
		}
		return docs[0].ID, nil
	}
	match := ""
	for _, d := range docs {
		title := map[string]bool{}
		for _, t := range text.Tokenize(d.Title) {
			title[text.Stem(t.Word)] = true
		}
		all := true
		for _, w := range words {
			if !title[text.Stem(w)] {
				all = false
				break
			}
		}
		if all {
			if match != "" {
				return "", nil // several articles fit: search them all
			}
			match = d.ID
		}
	}
	return match, nil
}
