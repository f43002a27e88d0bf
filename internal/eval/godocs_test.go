package eval

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// goDocs builds the Go distribution's documentation corpus (GoDocsCorpus)
// in a temporary folder and indexes it; it skips when GOROOT has no doc/.
func goDocs(t *testing.T) (dir string, lib retrieval.Catalog, svc *retrieval.Service, docs []retrieval.Document) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	goroot := strings.TrimSpace(string(out))
	dir = t.TempDir()
	n, err := GoDocsCorpus(goroot, dir)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s has no doc/ folder", goroot)
	}
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d documentation files found in %s", n, goroot)
	}
	db := testsupport.IndexedDB(t, os.DirFS(dir))
	docs, err = db.Docs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != n {
		t.Errorf("%d files written, %d documents indexed", n, len(docs))
	}
	return dir, db, retrieval.NewService(db, nil, nil), docs
}

// The acceptance test of issue 16 on a real documentation corpus that
// every machine with Go has: the distribution's doc/ pages and the
// standard library's package documentation and READMEs, with the
// questions of eval/godocs-qa.jsonl, written as users write them and each
// checked by hand against the document that answers it.
//
// Target: offline answers right ≥ 80 %. Measured: 80.6 % (hit@3 80.6 %),
// up from 55.6 % once code blocks were marked at index time, definitions,
// operators and advice preferred, a how-to question's task searched by its
// action noun and a glossary table's row read as a definition; the floors
// below hold what is reached, and docs/BENCHMARKS.md says what still fails
// and why (lexical ranking and sentence choice, not ingestion).
func TestGoDocsQA(t *testing.T) {
	_, _, svc, _ := goDocs(t)
	items, err := LoadQA("../../eval/godocs-qa.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(items); n < 30 {
		t.Fatalf("%d questions, want at least 30", n)
	}
	res, err := RunQA(context.Background(), items, svc)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("godocs: %d answerable + %d unanswerable; hit@3 %.1f %%, answered %.1f %%, correct %.1f %%, unanswerable refused %.1f %%",
		res.Answerable, res.Unanswerable, 100*res.HitAt3, 100*res.Answered, 100*res.AnswerAccuracy, 100*res.RefusalAcc)
	const hit, correct, refused = 0.80, 0.80, 1.0
	if res.HitAt3 < hit || res.AnswerAccuracy < correct || res.RefusalAcc < refused || res.Dangling != 0 || res.BadQuotes != 0 {
		t.Errorf("hit@3 %.3f (floor %.2f), correct %.3f (floor %.2f), refused %.3f (floor %.2f), dangling %d, bad quotes %d\n%s",
			res.HitAt3, hit, res.AnswerAccuracy, correct, res.RefusalAcc, refused, res.Dangling, res.BadQuotes, strings.Join(res.Failures, "\n"))
	}
}

// Every page of the Go docs corpus has a title of its own, and the right
// one, as the page states it: the "Title" of a doc/ page's metadata
// comment, the front matter's or first heading of a Markdown page, the
// package's import path for package documentation, and the folder for a
// README without a heading.
func TestGoDocsTitles(t *testing.T) {
	dir, _, _, docs := goDocs(t)
	metaTitle := regexp.MustCompile(`"Title":\s*"([^"]+)"`)
	frontTitle := regexp.MustCompile(`(?m)^title:\s*"?([^"\n]+)"?\s*$`)
	heading := regexp.MustCompile(`(?m)^# (.+)$`)
	seen := map[string]string{}
	for _, d := range docs {
		matches, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(d.ID)) + ".*")
		if len(matches) != 1 {
			t.Fatalf("%s: files %v", d.ID, matches)
		}
		b, err := os.ReadFile(matches[0])
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.ToSlash(strings.TrimPrefix(matches[0], dir+string(filepath.Separator)))
		var want string
		switch {
		case strings.HasSuffix(path, ".html"):
			if m := metaTitle.FindSubmatch(b); m != nil {
				want = string(m[1])
			}
		case strings.HasPrefix(path, "pkg/"):
			want = "Package " + strings.TrimSuffix(strings.TrimPrefix(path, "pkg/"), ".md")
		default:
			if m := frontTitle.FindSubmatch(b); m != nil {
				want = string(m[1])
			} else if m := heading.FindSubmatch(b); m != nil {
				want = strings.TrimSpace(string(m[1]))
			} else {
				want = filepath.Base(filepath.Dir(path)) + "/" + strings.TrimSuffix(filepath.Base(path), ".md")
			}
		}
		if want == "" {
			t.Errorf("%s: the test cannot tell its title", path)
			continue
		}
		if d.Title != want {
			t.Errorf("%s: title %q, want %q", path, d.Title, want)
		}
		if other, dup := seen[d.Title]; dup {
			t.Errorf("%s and %s share the title %q", other, path, d.Title)
		}
		seen[d.Title] = path
	}
}

// chromePatterns are the site chrome and navigation that must never be a
// passage: what documentation generators and sites put around the text.
var chromePatterns = []string{
	"keyboard shortcuts", "skip to content", "skip to main content", "table of contents", "redirecting",
	"edit this page", "toggle navigation", "back to top", "search the docs", "powered by",
	"all rights reserved", "was this page helpful", "previous chapter", "next chapter",
	"accept all cookies", "cookie preferences", "sign in to", "subscribe to our",
}

// No passage of the Go docs corpus is chrome.
func TestGoDocsHaveNoChromePassage(t *testing.T) {
	_, lib, _, docs := goDocs(t)
	ctx := context.Background()
	n := 0
	for _, d := range docs {
		ps, err := lib.Passages(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			n++
			low := strings.ToLower(p.Heading + "\n" + p.Text)
			for _, pat := range chromePatterns {
				if strings.Contains(low, pat) {
					t.Errorf("%s holds chrome (%q): %.120s", p.ID, pat, p.Text)
				}
			}
		}
	}
	if n < 500 {
		t.Errorf("only %d passages checked", n)
	}
}
