package store_test

// Benchmarks of docbot against raw SQLite FTS5 on the same schema, at
// several corpus sizes, from a deterministic generator: passages of about
// 60 words resampled from SciFact sentences, so term statistics are real.
//
//	go test -tags sqlite_fts5 -run '^$' -bench . -benchmem ./store
//	DOCBOT_BENCH_SIZES=1000,10000,100000,1000000 go test … (1M takes minutes to build;
//	DOCBOT_BENCH_CACHE=DIR keeps built databases for the next run)

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/docbot/docbot/internal/benchdata"
	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

var queries []string

func loadQueries(b testing.TB) {
	qs, err := benchdata.Queries()
	if err != nil {
		b.Fatal(err)
	}
	queries = qs
}

func genCorpus(b testing.TB, n int) (fstest.MapFS, int64) {
	fsys, size, err := benchdata.Corpus(n)
	if err != nil {
		b.Fatal(err)
	}
	return fsys, size
}

func benchSizes() []int { return benchdata.Sizes() }

func openBenchDB(b *testing.B) *store.DB {
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// rawIndex fills the same schema with a bare bulk insert: no scanning,
// cleaning, hashing or chunking (each generated paragraph is one row).
func rawIndex(b *testing.B, db *store.DB, fsys fstest.MapFS) {
	ctx := context.Background()
	tx, err := store.RawDB(db).BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, `INSERT INTO documents(id, path, title, hash, indexed_at) VALUES ('raw', 'raw', 'raw', '', '')`)
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO passages(id, doc_id, ordinal, title, heading, body, start, end) VALUES (?, 'raw', ?, ?, '', ?, 0, 0)`)
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	names := make([]string, 0, len(fsys))
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	n := 0
	for _, name := range names {
		body := string(fsys[name].Data)
		body = body[strings.Index(body, "---\n")+4:]
		title, rest, _ := strings.Cut(body[strings.Index(body, "title: ")+7:], "\n---\n")
		for _, para := range strings.Split(rest, "\n\n") {
			if strings.TrimSpace(para) == "" {
				continue
			}
			if _, err := stmt.ExecContext(ctx, fmt.Sprintf("raw#%d", n), n, title, para); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

func BenchmarkIndex(b *testing.B) {
	for _, n := range benchSizes() {
		if n > 100000 {
			continue // building 1M passages b.N times takes too long; see BenchmarkSearch's setup time
		}
		fsys, size := genCorpus(b, n)
		b.Run(fmt.Sprintf("docbot/%d", n), func(b *testing.B) {
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				db := openBenchDB(b)
				if _, err := db.Sync(context.Background(), fsys, store.SyncOptions{}); err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
		b.Run(fmt.Sprintf("raw/%d", n), func(b *testing.B) {
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				db := openBenchDB(b)
				rawIndex(b, db, fsys)
				db.Close()
			}
		})
	}
}

// latencies records per-operation times to report a median and p99.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	p50, p99 := l.percentiles()
	b.ReportMetric(p50, "p50-ms")
	b.ReportMetric(p99, "p99-ms")
}

// percentiles returns the median and the 99th percentile in milliseconds.
func (l latencies) percentiles() (p50, p99 float64) {
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(l[len(l)/2]), ms(l[min(len(l)-1, len(l)*99/100)])
}

func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes() {
		db := testsupport.BenchDB(b, n)
		loadQueries(b)
		svc := retrieval.NewService(db, nil, nil)
		// As serve does (cmd/docbot/warm.go), the generation's caches are
		// warmed on a goroutine from the start, and the questions do not
		// wait for it: the first pass is a bot's first questions after a
		// start or a reload. DOCBOT_BENCH_WARM=0 leaves it out;
		// DOCBOT_BENCH_WARM=wait waits for it (a bot whose warm-up ended
		// before its first question).
		stopWarm := func() {}
		if mode := os.Getenv("DOCBOT_BENCH_WARM"); mode != "0" {
			warmCtx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				svc.Warm(warmCtx)
			}()
			stopWarm = func() { cancel(); <-done }
			if mode == "wait" {
				<-done
			}
		}
		// docbot's Retrieve and the raw query take turns on each question
		// (alternating which goes first), so the machine's noise and the
		// page cache fall on both alike; the ratio is the figure to compare.
		b.Run(fmt.Sprintf("docbot-vs-raw/%d", n), func(b *testing.B) {
			var docbot, raw latencies
			for i := 0; i < b.N; i++ {
				question := queries[i%len(queries)]
				runDocbot := func() {
					t := time.Now()
					if _, err := svc.Retrieve(ctx, question, retrieval.Filter{}, 10); err != nil {
						b.Fatal(err)
					}
					docbot = append(docbot, time.Since(t))
				}
				runRaw := func() {
					q, err := retrieval.BuildQuery(question)
					if err != nil {
						b.Fatal(err)
					}
					t := time.Now()
					// the same weighted bm25 docbot ranks with, the top 10
					rows, err := store.RawDB(db).QueryContext(ctx, `SELECT rowid, body, bm25(passages_fts, 2.0, 1.5, 1.0) FROM passages_fts WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts, 2.0, 1.5, 1.0) LIMIT 10`, q.Match)
					if err != nil {
						b.Fatal(err)
					}
					for rows.Next() {
						var id int64
						var body string
						var score float64
						rows.Scan(&id, &body, &score)
					}
					rows.Close()
					raw = append(raw, time.Since(t))
				}
				if i%2 == 0 {
					runRaw()
					runDocbot()
				} else {
					runDocbot()
					runRaw()
				}
			}
			d50, d99 := docbot.percentiles()
			r50, r99 := raw.percentiles()
			b.ReportMetric(d50, "docbot-p50-ms")
			b.ReportMetric(d99, "docbot-p99-ms")
			b.ReportMetric(r50, "raw-p50-ms")
			b.ReportMetric(r99, "raw-p99-ms")
			b.ReportMetric(d50/r50, "ratio-p50")
			b.ReportMetric(d99/r99, "ratio-p99")
		})
		b.Run(fmt.Sprintf("answer-extractive/%d", n), func(b *testing.B) {
			var lat latencies
			for i := 0; i < b.N; i++ {
				t := time.Now()
				if _, err := svc.Ask(ctx, retrieval.Question{Text: queries[i%len(queries)]}); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t))
			}
			lat.report(b)
		})
		stopWarm()
	}
}

// BenchmarkConcurrentWrites has 40 writers log a question at the same
// moment, as 40 refused askers of one burst do, and reports the slowest
// write's latency (p100-ms): the burst's acknowledgement tail.
func BenchmarkConcurrentWrites(b *testing.B) {
	db := openBenchDB(b)
	ctx := context.Background()
	const writers = 40
	var worst time.Duration
	for b.Loop() {
		lat := make(chan time.Duration, writers)
		start := make(chan struct{})
		for w := range writers {
			go func() {
				<-start
				t0 := time.Now()
				if _, err := db.RecordQuestion(ctx, retrieval.QuestionLog{Guild: "g", UserHash: fmt.Sprint(w), Command: "ask",
					Question: "q", Outcome: retrieval.OutcomeRefused, At: t0}); err != nil {
					b.Error(err)
				}
				lat <- time.Since(t0)
			}()
		}
		close(start)
		for range writers {
			worst = max(worst, <-lat)
		}
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "p100-ms")
}
