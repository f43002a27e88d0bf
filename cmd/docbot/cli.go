package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/docbot/docbot/retrieval"
)

func cmdAsk(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "ask", "QUESTION").withJSON()
	k := f.fs.Int("k", retrieval.DefaultK, "passages to answer from")
	flt := dateFlags(f)
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	question := strings.TrimSpace(strings.Join(pos, " "))
	if question == "" {
		return usagef("no question: docbot ask \"what did Trump offer on ground troops?\"")
	}
	if *k < 1 || *k > 50 {
		return usagef("--k %d: pick a number of passages from 1 to 50", *k)
	}
	db, err := openIndex(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := retrieval.NewService(db, nil, logger(e))
	ans, err := svc.Ask(ctx, retrieval.Question{Text: question, Filter: *flt, K: *k})
	if errors.Is(err, retrieval.ErrNoTerms) {
		return usagef("%v: ask with some words, e.g. \"what did Trump offer on ground troops?\"", err)
	}
	if err != nil {
		return err
	}
	for _, n := range ans.Notes {
		fmt.Fprintln(e.stderr, "note:", n)
	}
	if f.json {
		return writeJSON(e.stdout, askJSON(ans))
	}
	printAnswer(e.stdout, ans)
	return nil
}

// askOutput is the JSON contract of docbot ask --json.
type askOutput struct {
	Question  string               `json:"question"`
	Answer    string               `json:"answer"`
	Found     bool                 `json:"found"`
	Citations []retrieval.Citation `json:"citations"`
}

func askJSON(a retrieval.Answer) askOutput {
	out := askOutput{Question: a.Question, Answer: a.Text, Found: a.Found, Citations: a.Citations}
	if out.Citations == nil {
		out.Citations = []retrieval.Citation{}
	}
	return out
}

func printAnswer(w io.Writer, a retrieval.Answer) {
	fmt.Fprintln(w, wrap(a.Text, 100, ""))
	if len(a.Citations) > 0 {
		fmt.Fprintln(w)
	}
	for _, c := range a.Citations {
		head := fmt.Sprintf("[%d] %s", c.N, c.Title)
		if c.Date != "" {
			head += " (" + c.Date + ")"
		}
		if c.URL != "" {
			head += " <" + c.URL + ">"
		}
		fmt.Fprintln(w, head+" — "+c.PassageID)
		fmt.Fprintln(w, wrap("“"+strings.Join(strings.Fields(c.Quote), " ")+"”", 100, "    "))
	}
}

// wrap folds text at width columns, indenting every line.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	for pi, para := range strings.Split(text, "\n") {
		if pi > 0 {
			b.WriteByte('\n')
		}
		col := 0
		for i, word := range strings.Fields(para) {
			n := len([]rune(word))
			switch {
			case i == 0:
				b.WriteString(indent)
				col = len(indent)
			case col+1+n > width:
				b.WriteString("\n" + indent)
				col = len(indent)
			default:
				b.WriteByte(' ')
				col++
			}
			b.WriteString(word)
			col += n
		}
	}
	return b.String()
}

// searchOutput is the JSON contract of docbot search --json.
type searchOutput struct {
	Query string      `json:"query"`
	Hits  []searchHit `json:"hits"`
}

type searchHit struct {
	Rank      int     `json:"rank"`
	DocID     string  `json:"doc_id"`
	Title     string  `json:"title"`
	PassageID string  `json:"passage_id"`
	Score     float64 `json:"score"`
	Text      string  `json:"text"`
}

func cmdSearch(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "search", "QUERY").withJSON()
	k := f.fs.Int("k", 10, "passages to show")
	flt := dateFlags(f)
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		return usagef("no query: docbot search ground troops")
	}
	if *k < 1 || *k > 100 {
		return usagef("--k %d: pick a number of passages from 1 to 100", *k)
	}
	db, err := openIndex(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := retrieval.NewService(db, nil, logger(e)).Retrieve(ctx, query, *flt, *k)
	if errors.Is(err, retrieval.ErrNoTerms) {
		return usagef("%v: search for some words, e.g. ground troops", err)
	}
	if err != nil {
		return err
	}
	for _, n := range r.Notes {
		fmt.Fprintln(e.stderr, "note:", n)
	}
	out := searchOutput{Query: query, Hits: []searchHit{}}
	for i, h := range r.Hits {
		out.Hits = append(out.Hits, searchHit{Rank: i + 1, DocID: h.DocID, Title: h.Title, PassageID: h.ID, Score: round(h.Score), Text: h.Text})
	}
	if f.json {
		return writeJSON(e.stdout, out)
	}
	if len(out.Hits) == 0 {
		fmt.Fprintln(e.stdout, "No passage matches. Try other words, or list the articles with docbot docs.")
	}
	for _, h := range out.Hits {
		fmt.Fprintf(e.stdout, "%d. %s — %s (score %.2f)\n%s\n\n", h.Rank, h.Title, h.PassageID, h.Score, wrap(strings.Join(strings.Fields(h.Text), " "), 100, "   "))
	}
	return nil
}

func round(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }

type docsOutput struct {
	Docs []docJSON `json:"docs"`
}

type docJSON struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	URL      string `json:"url"`
	Date     string `json:"date"`
	Passages int    `json:"passages"`
}

func cmdDocs(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "docs", "").withJSON()
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("docs takes no arguments, got %q", pos[0])
	}
	db, err := openIndex(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	docs, err := db.Docs(ctx)
	if err != nil {
		return err
	}
	out := docsOutput{Docs: []docJSON{}}
	for _, d := range docs {
		out.Docs = append(out.Docs, docJSON{ID: d.ID, Title: d.Title, URL: d.URL, Date: d.Date, Passages: d.Passages})
	}
	if f.json {
		return writeJSON(e.stdout, out)
	}
	for _, d := range out.Docs {
		date := d.Date
		if date == "" {
			date = "undated"
		}
		fmt.Fprintf(e.stdout, "%s  %s (%s, %d passages)\n", d.ID, d.Title, date, d.Passages)
	}
	return nil
}

func cmdIndex(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "index", "").withJSON()
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("index takes no arguments, got %q: pass the folder with --corpus", pos[0])
	}
	fsys, name, err := openCorpus(cfg)
	if err != nil {
		return err
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgress(e.stderr)
	rep, err := db.Sync(ctx, fsys, syncOptions(cfg, bar))
	bar.done()
	if err != nil {
		return indexError(name, rep, err)
	}
	if f.json {
		return writeJSON(e.stdout, rep)
	}
	printReport(e.stdout, name, rep)
	return nil
}
