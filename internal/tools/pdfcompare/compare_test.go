//go:build pdfcompare

// Package pdfcompare measures go-pdfium in its WebAssembly mode (no cgo)
// against docbot's PDF reader (ledongthuc/pdf with corpus/pdftext.go) on
// real PDFs. It is its own module, behind the pdfcompare tag, so go-pdfium
// is neither a dependency of docbot nor built by its tests:
//
//	cd internal/tools/pdfcompare && go test -tags pdfcompare -v -count 1 .
//
// PDFCOMPARE_FILES adds PDFs (colon-separated) to corpus/testdata/pdf.
// /usr/share/dict/words (Debian's wamerican) is the dictionary.
package pdfcompare

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/docbot/docbot/corpus"
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
)

const runs = 3 // each extraction is timed this many times; the fastest counts

func TestCompare(t *testing.T) {
	files, _ := filepath.Glob("../../../corpus/testdata/pdf/*.pdf")
	if extra := os.Getenv("PDFCOMPARE_FILES"); extra != "" {
		files = append(files, strings.Split(extra, ":")...)
	}
	dict := loadDict(t)

	start := time.Now()
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1})
	if err != nil {
		t.Fatalf("go-pdfium webassembly.Init: %v", err)
	}
	defer pool.Close()
	inst, err := pool.GetInstance(time.Minute)
	if err != nil {
		t.Fatalf("go-pdfium GetInstance: %v", err)
	}
	defer inst.Close()
	t.Logf("go-pdfium WASM runtime start (compile pdfium.wasm, one instance): %v", time.Since(start).Round(time.Millisecond))

	t.Logf("%-28s %-9s %5s %7s %7s %8s %10s %s", "file", "reader", "pages", "words", "dict%", "broken", "ms/page", "first error")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)

		// pdfium
		var ptext string
		var pages int
		var perr error
		pbest := time.Duration(1 << 62)
		for r := 0; r < runs; r++ {
			s := time.Now()
			ptext, pages, perr = pdfiumText(inst, data)
			if d := time.Since(s); d < pbest {
				pbest = d
			}
		}
		// docbot
		var dtext string
		var derr error
		dbest := time.Duration(1 << 62)
		for r := 0; r < runs; r++ {
			s := time.Now()
			doc, err := corpus.Parse(corpus.File{Path: name, ID: strings.TrimSuffix(name, ".pdf"), Data: append([]byte(nil), data...)})
			if d := time.Since(s); d < dbest {
				dbest = d
			}
			derr = err
			var b strings.Builder
			for _, p := range doc.Passages {
				b.WriteString(p.Text + "\n")
			}
			dtext = b.String()
		}
		for _, row := range []struct {
			reader string
			text   string
			d      time.Duration
			err    error
		}{{"pdfium", ptext, pbest, perr}, {"docbot", dtext, dbest, derr}} {
			w, inDict, broken := wordStats(row.text, dict)
			share := 0.0
			if w > 0 {
				share = 100 * float64(inDict) / float64(w)
			}
			msg := ""
			if row.err != nil {
				msg = row.err.Error()
			}
			t.Logf("%-28s %-9s %5d %7d %6.1f%% %8d %10.2f %s", name, row.reader, pages, w, share, broken,
				float64(row.d.Microseconds())/1000/float64(max(pages, 1)), msg)
			if name == "two-column.pdf" {
				readingOrder(t, row.reader, row.text)
			}
			if out := os.Getenv("PDFCOMPARE_DUMP"); out != "" {
				os.WriteFile(filepath.Join(out, name+"."+row.reader+".txt"), []byte(row.text), 0o644)
			}
		}
	}
}

// pdfiumText is every page's text as pdfium reads it.
func pdfiumText(inst pdfium.Pdfium, data []byte) (string, int, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return "", 0, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", 0, err
	}
	var b strings.Builder
	for i := 0; i < n.PageCount; i++ {
		pt, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			return b.String(), n.PageCount, err
		}
		b.WriteString(pt.Text + "\n")
	}
	return b.String(), n.PageCount, nil
}

// wordStats counts the words (tokens with a letter), those in the
// dictionary (alphabetic tokens only), and broken words: two neighbouring
// alphabetic tokens, one of them not a word, that join into one ("w
// atering", "Intr oduction").
func wordStats(text string, dict map[string]bool) (words, inDict, broken int) {
	known := func(w string) bool { return dict[w] || dict[strings.ToLower(w)] }
	var prev string
	for _, tok := range strings.Fields(text) {
		w := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) })
		if strings.IndexFunc(tok, unicode.IsLetter) < 0 {
			prev = ""
			continue
		}
		words++
		alpha := w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
		if !alpha {
			prev = ""
			continue
		}
		if known(w) {
			inDict++
		}
		if prev != "" && (!known(prev) || !known(w)) && known(prev+w) {
			broken++
		}
		prev = w
	}
	return
}

// readingOrder logs whether the two-column paper reads left column then
// right, and keeps the sentence that crosses the columns whole.
func readingOrder(t *testing.T, reader, text string) {
	flat := strings.Join(strings.Fields(text), " ")
	markers := []string{"Introduction", "Method", "Results", "sandy gardens", "Slugs", "Conclusion", "timer on the tap"}
	idx := make([]int, len(markers))
	for i, m := range markers {
		idx[i] = strings.Index(flat, m)
	}
	inOrder := sort.IntsAreSorted(idx) && idx[0] >= 0
	crossing := strings.Contains(flat, "because clay holds the morning water through the heat of the day, while the sandy gardens saved less than a tenth.")
	ligature := strings.Contains(flat, "find that morning watering saves a fifth")
	t.Logf("  two-column %s: markers %v in order=%v; crossing sentence whole=%v; ligatures spelled out=%v", reader, idx, inOrder, crossing, ligature)
}

func loadDict(t *testing.T) map[string]bool {
	f, err := os.Open("/usr/share/dict/words")
	if err != nil {
		t.Skipf("no dictionary: %v (apt-get install wamerican)", err)
	}
	defer f.Close()
	d := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		w := strings.TrimSuffix(s.Text(), "'s")
		d[w] = true
	}
	return d
}
