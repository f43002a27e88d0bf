package corpus

import (
	"testing"
)

// BenchmarkParse cleans and chunks the five seed articles; SetBytes makes
// the figure MB/s of input text.
func BenchmarkParse(b *testing.B) {
	files, _, err := Scan(Default(), 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, f := range files {
		n += int64(len(f.Data))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if _, err := Parse(f); err != nil {
				b.Fatal(err)
			}
		}
	}
}
