package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/store"
)

// BenchmarkIndexFormats is BenchmarkIndex for what documentation sites
// and papers are kept as: the whole sync (scan, charset, HTML cleaning or
// PDF text extraction, chunking, FTS5 insert) into a new database, MB/s
// of input files. "html" is the Go distribution's doc/*.html (the
// specification, the memory model, the assembler guide: real pages, 0.4
// MB) and the generator pages of corpus/testdata/docs (mdBook, Sphinx,
// MkDocs, Docusaurus), each of those copied 4 times under other names (a
// redirect stub and a page of links among them are read, then skipped).
// "pdf" is the PDFs of corpus/testdata/pdf that have text (the four-page
// handbook and the two-column paper set by groff), each copied 100 times;
// pages/s is its figure to compare, a PDF's bytes being mostly layout.
//
//	go test -tags sqlite_fts5 -run '^$' -bench IndexFormats -benchtime 3x -count 3 ./store
func BenchmarkIndexFormats(b *testing.B) {
	html := fstest.MapFS{}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		matches, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "doc", "*.html"))
		for _, m := range matches {
			addCopies(b, html, m, 1)
		}
	}
	docs, _ := filepath.Glob(filepath.Join("..", "corpus", "testdata", "docs", "*.html"))
	for _, m := range docs {
		addCopies(b, html, m, 4)
	}
	pdfs := fstest.MapFS{}
	for _, name := range []string{"handbook.pdf", "two-column.pdf"} {
		addCopies(b, pdfs, filepath.Join("..", "corpus", "testdata", "pdf", name), 100)
	}
	const pdfPages = 100 * (4 + 1)
	for _, c := range []struct {
		name  string
		fsys  fstest.MapFS
		pages int
	}{{"html", html, 0}, {"pdf", pdfs, pdfPages}} {
		var size int64
		for _, f := range c.fsys {
			size += int64(len(f.Data))
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			var passages int
			for b.Loop() {
				db := openBenchDB(b)
				rep, err := db.Sync(context.Background(), c.fsys, store.SyncOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Added)+len(rep.Skipped) != len(c.fsys) || len(rep.Added) == 0 {
					b.Fatalf("indexed %d of %d files: %+v", len(rep.Added), len(c.fsys), rep.Skipped)
				}
				passages = rep.Passages
				db.Close()
			}
			b.ReportMetric(float64(passages), "passages")
			if c.pages > 0 {
				b.ReportMetric(float64(c.pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			}
		})
	}
}

// addCopies puts n copies of the file at p into fsys, named apart.
func addCopies(b *testing.B, fsys fstest.MapFS, p string, n int) {
	data, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	ext := filepath.Ext(p)
	stem := strings.TrimSuffix(filepath.Base(p), ext)
	for i := range n {
		fsys[fmt.Sprintf("%s-%d%s", stem, i, ext)] = &fstest.MapFile{Data: data}
	}
}
