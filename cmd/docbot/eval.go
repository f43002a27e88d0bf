package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/docbot/docbot/internal/eval"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

func cmdEval(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(e.stderr, "Usage: docbot eval beir DIR [--split test] [--json]   retrieval figures on a BEIR dataset\n       docbot eval qa FILE.jsonl [--json]             answer figures on a QA file\n\ndocbot eval beir -h and docbot eval qa -h list their flags.")
		return flag.ErrHelp
	}
	if len(args) == 0 || (args[0] != "beir" && args[0] != "qa") {
		return usagef("eval needs a kind: docbot eval beir DIR [--split test] or docbot eval qa FILE.jsonl")
	}
	if args[0] == "qa" {
		return cmdEvalQA(ctx, e, args[1:])
	}
	f := newFlags(e, "eval beir", "DIR", "max-file-bytes").withJSON()
	split := f.fs.String("split", "test", "qrels split to evaluate (qrels/SPLIT.tsv)")
	cfg, pos, err := f.parse(e, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("eval beir takes one folder (with corpus.jsonl[.gz], queries.jsonl[.gz], qrels/), got %d arguments", len(pos))
	}
	b, err := eval.LoadBEIR(pos[0], *split)
	if err != nil {
		return usageError{err.Error()}
	}
	tmp, err := os.MkdirTemp("", "docbot-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db, err := store.Open(ctx, filepath.Join(tmp, "eval.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	rep, err := db.Sync(ctx, b.FS(), store.SyncOptions{MaxFileBytes: cfg.MaxFileBytes})
	if err != nil {
		return fmt.Errorf("index %s: %w", pos[0], err)
	}
	indexSeconds := time.Since(start).Seconds()
	res, err := eval.Run(ctx, b, retrieval.NewService(db, nil, logger(e)))
	if err != nil {
		return err
	}
	res.Dataset, res.Split, res.IndexSeconds = filepath.Base(filepath.Clean(pos[0])), *split, indexSeconds
	if f.json {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "%s (%s split): %d queries over %d documents, %d passages\n", res.Dataset, res.Split, res.Queries, rep.Documents, rep.Passages)
	fmt.Fprintf(e.stdout, "nDCG@10    %.4f\nRecall@10  %.4f\nRecall@100 %.4f\nMRR@10     %.4f\n", res.NDCG10, res.Recall10, res.Recall100, res.MRR10)
	fmt.Fprintf(e.stdout, "relevance gate: %.1f%% of queries judged answerable (not applied to the ranking)\n", 100*res.GateFound)
	fmt.Fprintf(e.stdout, "index %.1fs; query latency p50 %.2f ms, p99 %.2f ms\n", res.IndexSeconds, res.P50ms, res.P99ms)
	return nil
}

func cmdEvalQA(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "eval qa", "FILE.jsonl", "index", "llm").withJSON()
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("eval qa takes one file, e.g. eval/seeds-qa.jsonl")
	}
	items, err := eval.LoadQA(pos[0])
	if err != nil {
		return usageError{err.Error()}
	}
	db, err := openIndex(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	noteExtractive(e, cfg)
	res, err := eval.RunQA(ctx, items, newPipeline(db, cfg, logger(e), observers{}).service)
	if err != nil {
		return err
	}
	if f.json {
		return writeJSON(e.stdout, res)
	}
	fmt.Fprintf(e.stdout, "%d answerable, %d unanswerable questions\n", res.Answerable, res.Unanswerable)
	fmt.Fprintf(e.stdout, "retrieval hit@3     %5.1f%%\nanswer accuracy     %5.1f%%\nrefusal accuracy    %5.1f%%\n", 100*res.HitAt3, 100*res.AnswerAccuracy, 100*res.RefusalAcc)
	fmt.Fprintf(e.stdout, "answered (not refused) %5.1f%% of answerable\n", 100*res.Answered)
	fmt.Fprintf(e.stdout, "dangling markers    %d\nquotes not verbatim %d\n", res.Dangling, res.BadQuotes)
	if len(res.Categories) > 1 {
		printCategories(e.stdout, res.Categories)
	}
	for _, f := range res.Failures {
		fmt.Fprintln(e.stdout, "  -", f)
	}
	return nil
}

// cmdFeedback exports the 👎-rated questions, and the answers marked
// solved in Discord, as a QA file: moderators add "expect_any" (or mark
// them unanswerable) and they become regression tests.
func cmdFeedback(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		fmt.Fprintln(e.stderr, "Usage: docbot feedback export [--since YYYY-MM-DD] > complaints.jsonl\n\ndocbot feedback export -h lists its flags.")
		return flag.ErrHelp
	}
	if len(args) == 0 || args[0] != "export" {
		return usagef("feedback needs a verb: docbot feedback export [--since 2025-09-01] > complaints.jsonl")
	}
	f := newFlags(e, "feedback export", "", "db")
	var since string
	f.fs.Func("since", "only feedback on questions asked on or after `YYYY-MM-DD`", func(v string) error { return parseDay(v, &since) })
	cfg, pos, err := f.parse(e, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("feedback export takes no arguments, got %q", pos[0])
	}
	db, err := openStore(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer db.Close()
	from := time.Time{}
	if since != "" {
		from, _ = time.Parse("2006-01-02", since)
	}
	rows, err := db.Disliked(ctx, from)
	if err != nil {
		return err
	}
	solved, err := db.SolvedAnswers(ctx, from)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		if err := enc.Encode(map[string]any{"q": r[0], "expect_any": []string{}, "unanswerable": false, "disliked_answer": r[1]}); err != nil {
			return err
		}
	}
	for _, s := range solved { // marked solved in Discord: keep answering them
		if err := enc.Encode(map[string]any{"q": s.Question, "expect_any": []string{}, "unanswerable": false, "solved_answer": s.Answer}); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "%d disliked and %d solved question(s); add \"expect_any\" phrases (or \"unanswerable\": true) to each, then run docbot eval qa FILE\n",
		len(rows), len(solved))
	return nil
}

// printCategories writes the QA figures by category, answerable first,
// with the unanswerable questions' refusals on the last line.
func printCategories(w io.Writer, cats map[string]*eval.CategoryResult) {
	names := make([]string, 0, len(cats))
	for c := range cats {
		if c != "unanswerable" {
			names = append(names, c)
		}
	}
	sort.Strings(names)
	fmt.Fprintf(w, "%-14s %4s %7s %9s %8s\n", "category", "n", "hit@3", "answered", "correct")
	pct := func(a, n int) string { return fmt.Sprintf("%5.1f%%", 100*float64(a)/float64(max(n, 1))) }
	for _, c := range names {
		r := cats[c]
		fmt.Fprintf(w, "%-14s %4d %7s %9s %8s\n", c, r.N, pct(r.Hits, r.N), pct(r.Answered, r.N), pct(r.Correct, r.N))
	}
	if r, ok := cats["unanswerable"]; ok {
		fmt.Fprintf(w, "%-14s %4d %7s %9s %8s   (refused %s)\n", "unanswerable", r.N, "", pct(r.N-r.Refused, r.N), "", pct(r.Refused, r.N))
	}
}

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }
