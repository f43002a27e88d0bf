package store

// Benchmarks of docbot against raw SQLite FTS5 on the same schema, at
// several corpus sizes, from a deterministic generator: passages of about
// 60 words resampled from SciFact sentences, so term statistics are real.
//
//	go test -tags sqlite_fts5 -run '^$' -bench . -benchmem ./store
//	DOCBOT_BENCH_SIZES=1000,10000,100000,1000000 go test … (1M takes minutes to build;
//	DOCBOT_BENCH_CACHE=DIR keeps built databases for the next run)

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/docbot/docbot/corpus"
	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
)

const sciFactDir = "../internal/eval/testdata/scifact"

var (
	sentencesOnce sync.Once
	sentences     []string
	queries       []string
)

func loadSciFact(b testing.TB) {
	sentencesOnce.Do(func() {
		f, err := os.Open(filepath.Join(sciFactDir, "corpus.jsonl.gz"))
		if err != nil {
			panic(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			panic(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var d struct{ Text string }
			json.Unmarshal(sc.Bytes(), &d)
			for _, sp := range text.Sentences(d.Text) {
				if s := d.Text[sp.Start:sp.End]; text.WordCount(s) >= 6 {
					sentences = append(sentences, s)
				}
			}
		}
		qf, err := os.ReadFile(filepath.Join(sciFactDir, "queries.jsonl"))
		if err != nil {
			panic(err)
		}
		for _, line := range strings.Split(string(qf), "\n") {
			var q struct{ Text string }
			if json.Unmarshal([]byte(line), &q) == nil && q.Text != "" {
				queries = append(queries, q.Text)
			}
		}
	})
	if len(sentences) == 0 {
		b.Fatal("no SciFact sentences")
	}
}

// passagesPerDoc: each generated document has this many ~60-word paragraphs,
// each of which docbot keeps as one passage.
const passagesPerDoc = 10

// genCorpus returns n passages (as n/passagesPerDoc documents) and the text size.
func genCorpus(b testing.TB, n int) (fstest.MapFS, int64) {
	loadSciFact(b)
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	fsys := fstest.MapFS{}
	var size int64
	for d := 0; d < n/passagesPerDoc; d++ {
		var doc strings.Builder
		fmt.Fprintf(&doc, "---\ntitle: Generated document %d\n---\n", d)
		for p := 0; p < passagesPerDoc; p++ {
			words := 0
			for words < 60 {
				s := sentences[rng.IntN(len(sentences))]
				doc.WriteString(s + " ")
				words += text.WordCount(s)
			}
			doc.WriteString("\n\n")
		}
		size += int64(doc.Len())
		fsys[fmt.Sprintf("d%07d.txt", d)] = &fstest.MapFile{Data: []byte(doc.String())}
	}
	return fsys, size
}

func benchSizes() []int {
	sizes := []int{1000, 10000, 100000}
	if v := os.Getenv("DOCBOT_BENCH_SIZES"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err == nil && n >= passagesPerDoc {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

func openBenchDB(b *testing.B) *DB {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// rawIndex fills the same schema with a bare bulk insert: no scanning,
// cleaning, hashing or chunking (each generated paragraph is one row).
func rawIndex(b *testing.B, db *DB, fsys fstest.MapFS) {
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	tx.ExecContext(ctx, `INSERT INTO documents(id, path, title, hash, text, indexed_at) VALUES ('raw', 'raw', 'raw', '', '', '')`)
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
				if _, err := db.Sync(context.Background(), fsys, SyncOptions{}); err != nil {
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

// indexedDB returns a database holding n generated passages, removed when
// the benchmark ends. With DOCBOT_BENCH_CACHE=DIR it is kept in DIR and
// reused by later runs (building 1M passages takes minutes).
func indexedDB(b testing.TB, n int) *DB {
	ctx := context.Background()
	loadSciFact(b) // the queries, also when the database is reused
	dir := os.Getenv("DOCBOT_BENCH_CACHE")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("bench-%d-parser%s.db", n, corpus.ParserVersion))
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	var have int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM passages").Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have > 0 { // a build cut short left nothing: Sync writes in one transaction
		b.Logf("reusing %s (%d passages)", path, have)
		return db
	}
	fsys, _ := genCorpus(b, n)
	start := time.Now()
	if _, err := db.Sync(ctx, fsys, SyncOptions{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %d passages in %v", n, time.Since(start).Round(time.Millisecond))
	return db
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
		db := indexedDB(b, n)
		svc := retrieval.NewService(db, nil, nil)
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
					rows, err := db.db.QueryContext(ctx, `SELECT rowid, body, bm25(passages_fts, 2.0, 1.5, 1.0) FROM passages_fts WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts, 2.0, 1.5, 1.0) LIMIT 10`, q.Match)
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
	}
}
