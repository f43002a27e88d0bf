//go:build bleve

package eval

// The peer benchmark: bleve (github.com/blevesearch/bleve/v2, BM25
// scoring, English analyzer, one document per BEIR entry with its title
// and text) indexes the same BEIR test split as docbot, in the same
// process, and the three take turns on every query: docbot's Retrieve at
// top 10, raw FTS5 inside docbot (query building and the MATCH, no
// re-ranking) and bleve's top 10. The build tag keeps bleve out of the
// binary and of the normal test run:
//
//	go test -tags 'sqlite_fts5 bleve' -run '^$' -bench PeerBleve -benchtime 1x -timeout 60m ./internal/eval
//
// DOCBOT_PEER_SETS=DIR,DIR names other BEIR folders (the test split of
// each is used); by default SciFact and ArguAna from testdata.

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

func BenchmarkPeerBleve(b *testing.B) {
	sets := []string{"testdata/scifact", "testdata/arguana"}
	if s := os.Getenv("DOCBOT_PEER_SETS"); s != "" {
		sets = strings.Split(s, ",")
	}
	ctx := context.Background()
	for _, dir := range sets {
		set, err := LoadBEIR(dir, "test")
		if err != nil {
			b.Fatal(err)
		}
		db := testsupport.IndexedDB(b, set.FS())
		svc := retrieval.NewService(db, nil, nil)
		bl := bleveIndex(b, set)
		b.Run(filepath.Base(dir), func(b *testing.B) {
			// Quality: docbot through Run (as `docbot eval beir`), bleve's
			// top 10 documents (one more, for the query's own id).
			res, err := Run(ctx, set, svc)
			if err != nil {
				b.Fatal(err)
			}
			var bleveNDCG float64
			for _, q := range set.Queries {
				bleveNDCG += ndcg(bleveSearch(b, bl, q, 11), set.Qrels[q.ID], 10)
			}
			bleveNDCG /= float64(len(set.Queries))

			// Latency at top 10, interleaved: the order rotates per query.
			var docbot, raw, peer []time.Duration
			runs := []func(string){
				func(text string) {
					t := time.Now()
					if _, err := svc.Retrieve(ctx, text, retrieval.Filter{}, 10); err != nil {
						b.Fatal(err)
					}
					docbot = append(docbot, time.Since(t))
				},
				func(text string) {
					t := time.Now()
					q, err := retrieval.BuildQuery(text)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := db.Search(ctx, q.Match, retrieval.Filter{}, 10); err != nil {
						b.Fatal(err)
					}
					raw = append(raw, time.Since(t))
				},
				func(text string) {
					t := time.Now()
					bleveSearch(b, bl, Query{Text: text}, 10)
					peer = append(peer, time.Since(t))
				},
			}
			for i := 0; i < b.N; i++ {
				for n, q := range set.Queries {
					for j := range runs {
						runs[(n+j)%len(runs)](q.Text)
					}
				}
			}
			d50, d99 := percentiles(docbot)
			r50, r99 := percentiles(raw)
			p50, p99 := percentiles(peer)
			b.ReportMetric(res.NDCG10, "docbot-ndcg@10")
			b.ReportMetric(bleveNDCG, "bleve-ndcg@10")
			b.ReportMetric(d50, "docbot-p50-ms")
			b.ReportMetric(d99, "docbot-p99-ms")
			b.ReportMetric(r50, "raw-p50-ms")
			b.ReportMetric(r99, "raw-p99-ms")
			b.ReportMetric(p50, "bleve-p50-ms")
			b.ReportMetric(p99, "bleve-p99-ms")
			b.ReportMetric(d50/p50, "docbot/bleve-p50")
			b.ReportMetric(d50/r50, "docbot/raw-p50")
		})
	}
}

// bleveIndex indexes set's documents in bleve, out of the box but for
// BM25 scoring and the English analyzer.
func bleveIndex(b *testing.B, set *BEIR) bleve.Index {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = index.BM25Scoring
	idx, err := bleve.New(filepath.Join(b.TempDir(), "bleve"), m)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	batch := idx.NewBatch()
	for _, d := range set.Docs {
		if err := batch.Index(d.ID, map[string]string{"title": d.Title, "text": d.Text}); err != nil {
			b.Fatal(err)
		}
		if batch.Size() >= 1000 {
			if err := idx.Batch(batch); err != nil {
				b.Fatal(err)
			}
			batch = idx.NewBatch()
		}
	}
	if err := idx.Batch(batch); err != nil {
		b.Fatal(err)
	}
	return idx
}

// bleveSearch returns the ids of bleve's top n documents for q, q's own
// id left out (BEIR's ignore_identical_ids).
func bleveSearch(b *testing.B, idx bleve.Index, q Query, n int) []string {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q.Text), n, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		if h.ID != q.ID {
			ids = append(ids, h.ID)
		}
	}
	return ids
}

// percentiles returns the median and the 99th percentile in milliseconds.
func percentiles(l []time.Duration) (p50, p99 float64) {
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(l[len(l)/2]), ms(l[min(len(l)-1, len(l)*99/100)])
}
