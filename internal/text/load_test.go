package text

import (
	"runtime"
	"testing"
)

// BenchmarkLoadTables measures loading the embedded background model and
// WordNet table (done once per process).
//
//	go test -run '^$' -bench LoadTables -benchtime 5x ./internal/text
func BenchmarkLoadTables(b *testing.B) {
	var before, after runtime.MemStats
	for i := 0; i < b.N; i++ {
		runtime.GC()
		runtime.ReadMemStats(&before)
		bg, _ := loadBackground()
		wn := loadWordNet()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
		if len(bg) == 0 || len(wn) == 0 {
			b.Fatal("empty tables")
		}
	}
}

// BenchmarkLoadVectors measures loading the embedded word vectors (done
// once per process).
//
//	go test -run '^$' -bench LoadVectors -benchtime 5x ./internal/text
func BenchmarkLoadVectors(b *testing.B) {
	var before, after runtime.MemStats
	for i := 0; i < b.N; i++ {
		runtime.GC()
		runtime.ReadMemStats(&before)
		t := loadVectors()
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
		if len(t.words) == 0 {
			b.Fatal("empty table")
		}
	}
}
