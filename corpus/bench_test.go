package corpus

import (
	"os"
	"path"
	"slices"
	"strings"
	"testing"
)

// BenchmarkParse cleans and chunks the five seed articles, read as plain
// text (txt) and as Markdown (md), and the documentation fixtures
// (docs), and the PDF with a text layer (pdf); SetBytes makes the figure MB/s of input text.
func BenchmarkParse(b *testing.B) {
	seeds, _, err := Scan(Default(), 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	var md []File
	for _, f := range seeds {
		f.Path = strings.TrimSuffix(f.Path, ".txt") + ".md"
		md = append(md, f)
	}
	docs, _, err := Scan(os.DirFS("testdata/docs"), 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	pdfs, _, err := Scan(os.DirFS("testdata/pdf"), 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	pdfs = slices.DeleteFunc(pdfs, func(f File) bool { return f.Path == "scanned.pdf" })
	for name, files := range map[string][]File{"txt": seeds, "md": md, "docs": docs, "pdf": pdfs} {
		b.Run(name, func(b *testing.B) {
			var n int64
			for _, f := range files {
				n += int64(len(f.Data))
			}
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, f := range files {
					if _, err := Parse(f); err != nil && path.Ext(f.Path) != ".html" {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
