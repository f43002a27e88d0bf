package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/retrieval"
)

// noteExtractive says once, on stderr, that no model writes the answers.
func noteExtractive(e env, cfg config.Config) {
	if !cfg.LLM.Enabled() {
		fmt.Fprintln(e.stderr, "note: no LLM configured (OPENAI_API_KEY or OPENAI_BASE_URL): answers are extractive")
	}
}

func cmdAsk(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "ask", "QUESTION", "index", "llm").withJSON()
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
	noteExtractive(e, cfg)
	ask := newPipeline(db, cfg, logger(e), observers{}).asker.Ask
	q := retrieval.Question{Text: question, Filter: *flt, K: *k}
	var streamed strings.Builder
	if !f.json && cfg.LLM.Enabled() {
		q.OnDelta = func(s string) { // print tokens as they come
			streamed.WriteString(s)
			io.WriteString(e.stdout, s)
		}
	}
	ans, err := ask(ctx, q)
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
	if streamed.Len() > 0 {
		if strings.TrimSpace(streamed.String()) == ans.Text {
			fmt.Fprintln(e.stdout)
			ans.Text = "" // already on screen
		} else {
			fmt.Fprint(e.stdout, "\n\nChecked against the sources:\n")
		}
	}
	printAnswer(e.stdout, ans)
	return nil
}

// askOutput is the JSON contract of docbot ask --json.
type askOutput struct {
	Question  string                `json:"question"`
	Answer    string                `json:"answer"`
	Found     bool                  `json:"found"`
	Mode      string                `json:"mode"`            // llm, extractive or extractive-fallback
	Model     string                `json:"model,omitempty"` // when mode is llm
	Note      string                `json:"note,omitempty"`  // what the reader should know, e.g. why the model was not used
	Citations []retrieval.Citation  `json:"citations"`
	Closest   *[]retrieval.Citation `json:"closest,omitempty"` // when not found: the nearest passages (maybe none)
	Cached    bool                  `json:"cached,omitempty"`
}

func askJSON(a retrieval.Answer) askOutput {
	out := askOutput{Question: a.Question, Answer: a.Text, Found: a.Found, Mode: a.Mode, Model: a.Model,
		Note: strings.Join(a.Notes, " "), Citations: a.Citations, Cached: a.Cached}
	if out.Citations == nil {
		out.Citations = []retrieval.Citation{}
	}
	if !a.Found {
		closest := a.Closest
		if closest == nil {
			closest = []retrieval.Citation{}
		}
		out.Closest = &closest
	}
	return out
}

func printAnswer(w io.Writer, a retrieval.Answer) {
	if a.Text != "" {
		fmt.Fprintln(w, wrap(termSafe(a.Text), 100, ""))
	}
	printSources(w, a.Citations)
	if len(a.Closest) > 0 {
		fmt.Fprint(w, "\nClosest passages:")
		printSources(w, a.Closest)
	}
	if a.Mode != "" {
		fmt.Fprintf(w, "\n(%s)\n", modeLabel(a))
	}
}

func modeLabel(a retrieval.Answer) string {
	if a.Mode != retrieval.ModeLLM {
		return "extractive answer: quoted from the articles"
	}
	label := "written by " + a.Model + ", every sentence checked against its source"
	if a.Cached {
		label += ", from cache"
	}
	return label
}

func printSources(w io.Writer, cs []retrieval.Citation) {
	if len(cs) > 0 {
		fmt.Fprintln(w)
	}
	for _, c := range cs {
		head := fmt.Sprintf("[%d] %s", c.N, c.Title)
		if c.Date != "" {
			head += " (" + c.Date + ")"
		}
		if c.URL != "" {
			head += " <" + c.URL + ">"
		}
		fmt.Fprintln(w, termSafe(head+" — "+c.PassageID))
		fmt.Fprintln(w, wrap(termSafe("“"+strings.Join(strings.Fields(c.Quote), " ")+"”"), 100, "    "))
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
	f := newFlags(e, "search", "QUERY", "index").withJSON()
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
		fmt.Fprintf(e.stdout, "%d. %s — %s (score %.2f)\n%s\n\n", h.Rank, termSafe(h.Title), termSafe(h.PassageID), h.Score,
			wrap(termSafe(strings.Join(strings.Fields(h.Text), " ")), 100, "   "))
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
	f := newFlags(e, "docs", "", "index").withJSON()
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
		fmt.Fprintf(e.stdout, "%s  %s (%s, %d passages)\n", termSafe(d.ID), termSafe(d.Title), termSafe(date), d.Passages)
	}
	return nil
}

func cmdIndex(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "index", "", "index").withJSON()
	check := f.fs.Bool("check", false, "verify the existing index (SQLite and FTS5 integrity checks) instead of indexing")
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("index takes no arguments, got %q: pass the folder with --corpus", pos[0])
	}
	if *check {
		return checkIndex(ctx, e, cfg, f.json)
	}
	src, err := openCorpus(cfg)
	if err != nil {
		return err
	}
	src.out = e.stderr
	defer src.close()
	db, err := openStore(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := src.sync(ctx, db, cfg, newProgress(e.stderr))
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, rep)
	}
	printReport(e.stdout, src.name, rep)
	return nil
}

// checkIndex verifies the database without touching the corpus: after a
// crash or a disk fault, it says whether the index can be trusted.
func checkIndex(ctx context.Context, e env, cfg config.Config, asJSON bool) error {
	path := dbPath(cfg)
	db, err := openStore(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Check(ctx); err != nil {
		return fmt.Errorf("%w: restore a backup or delete the file and run docbot index", err)
	}
	docs, err := db.Docs(ctx)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	out := struct {
		Path      string `json:"path"`
		OK        bool   `json:"ok"`
		Documents int    `json:"documents"`
		Passages  int    `json:"passages"`
	}{Path: path, OK: true, Documents: len(docs)}
	for _, d := range docs {
		out.Passages += d.Passages
	}
	if asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "index %s ok: %d documents, %d passages\n", out.Path, out.Documents, out.Passages)
	return nil
}

func cmdSummarize(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "summarize", "[DOC_ID]", "index", "llm").withJSON()
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("summarize takes one document id (see docbot docs), got %d arguments", len(pos))
	}
	db, err := openIndex(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	docID := strings.Join(pos, "")
	sum, err := newPipeline(db, cfg, logger(e), observers{}).summarizer.Summarize(ctx, docID)
	if errors.Is(err, retrieval.ErrUnknownDoc) {
		return usagef("%v: list the document ids with docbot docs", err)
	}
	if err != nil {
		return err
	}
	if sum.Note != "" {
		fmt.Fprintln(e.stderr, "note:", sum.Note)
	}
	if f.json {
		if sum.Citations == nil {
			sum.Citations = []retrieval.Citation{}
		}
		return writeJSON(e.stdout, sum)
	}
	fmt.Fprintf(e.stdout, "%s\n\n%s\n", termSafe(sum.Title), termSafe(sum.Text))
	printSources(e.stdout, sum.Citations)
	partial := ""
	if sum.Partial {
		partial = ", partial"
	}
	fmt.Fprintf(e.stdout, "\n(%s summary, %s%s)\n", sum.Label(), sum.Coverage, partial)
	return nil
}

// termSafe shows control characters (escape sequences could recolour,
// retitle or rewrite the terminal) and bidirectional overrides (which
// reorder what is shown) as escapes such as \x1b, keeping newlines and
// tabs. File names and article text reach the terminal through it.
func termSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029'
}
