// Package eval measures docbot's retrieval and answers: BEIR datasets
// (nDCG@10, recall, MRR) through the same ingestion and retrieval path as
// any corpus, and question-answer files about the seed articles.
package eval

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"
	"time"

	"github.com/docbot/docbot/retrieval"
)

// BEIR is a dataset in BEIR's format.
type BEIR struct {
	Docs    []Doc
	Queries []Query          // those of the split, in file order
	Qrels   map[string]Qrels // query id → judgements
}

// Doc is a corpus entry.
type Doc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Query is a test query.
type Query struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// Qrels maps document ids to graded relevance.
type Qrels map[string]int

// LoadBEIR reads corpus.jsonl(.gz), queries.jsonl(.gz) and qrels/<split>.tsv
// from dir, keeping the queries that have judgements in the split.
func LoadBEIR(dir, split string) (*BEIR, error) {
	b := &BEIR{Qrels: map[string]Qrels{}}
	if err := readTSV(filepath.Join(dir, "qrels", split+".tsv"), b.Qrels); err != nil {
		return nil, err
	}
	if err := readJSONL(dir, "corpus.jsonl", func(raw []byte) error {
		var d Doc
		if err := json.Unmarshal(raw, &d); err != nil {
			return err
		}
		b.Docs = append(b.Docs, d)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readJSONL(dir, "queries.jsonl", func(raw []byte) error {
		var q Query
		if err := json.Unmarshal(raw, &q); err != nil {
			return err
		}
		if _, ok := b.Qrels[q.ID]; ok {
			b.Queries = append(b.Queries, q)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if len(b.Docs) == 0 || len(b.Queries) == 0 {
		return nil, fmt.Errorf("beir %s: no documents or no queries for split %q", dir, split)
	}
	return b, nil
}

// readJSONL reads name or name.gz in dir, one JSON value a line.
func readJSONL(dir, name string, each func([]byte) error) error {
	f, err := os.Open(filepath.Join(dir, name))
	gz := false
	if errors.Is(err, fs.ErrNotExist) {
		f, err = os.Open(filepath.Join(dir, name+".gz"))
		gz = true
	}
	if err != nil {
		return fmt.Errorf("beir: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if gz {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("beir %s.gz: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := each(sc.Bytes()); err != nil {
			return fmt.Errorf("beir %s line %d: %w", name, line, err)
		}
	}
	return sc.Err()
}

func readTSV(path string, into map[string]Qrels) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("beir: %w", err)
	}
	for i, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) < 3 || (i == 0 && f[0] == "query-id") {
			continue
		}
		score, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("%s line %d: score %q", path, i+1, f[2])
		}
		if into[f[0]] == nil {
			into[f[0]] = Qrels{}
		}
		into[f[0]][f[1]] = score
	}
	return nil
}

// FS presents the corpus as a folder of .txt files with front matter, so
// it is indexed through the same ingestion path as any corpus.
func (b *BEIR) FS() fs.FS {
	m := fstest.MapFS{}
	for _, d := range b.Docs {
		title := strings.ReplaceAll(d.Title, "\n", " ")
		m[fileName(d.ID)] = &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\n" + d.Text + "\n")}
	}
	return m
}

// fileName maps a BEIR id to a file whose document id is the BEIR id.
func fileName(id string) string {
	return strings.NewReplacer("/", "%2F", "\\", "%5C").Replace(id) + ".txt"
}

func docID(fileID string) string {
	return strings.NewReplacer("%2F", "/", "%5C", "\\").Replace(fileID)
}

// Retriever is the retrieval path under test (retrieval.Service).
type Retriever interface {
	Retrieve(ctx context.Context, text string, f retrieval.Filter, k int) (retrieval.Retrieval, error)
}

// Result is a BEIR run's figures.
type Result struct {
	Dataset      string  `json:"dataset"`
	Split        string  `json:"split"`
	Queries      int     `json:"queries"`
	NDCG10       float64 `json:"ndcg@10"`
	Recall10     float64 `json:"recall@10"`
	Recall100    float64 `json:"recall@100"`
	MRR10        float64 `json:"mrr@10"`
	GateFound    float64 `json:"gate_found"` // share of queries the relevance gate let through
	IndexSeconds float64 `json:"index_seconds"`
	P50ms        float64 `json:"query_p50_ms"`
	P99ms        float64 `json:"query_p99_ms"`
}

// passagesPerQuery bounds the passages fetched to rank 100 documents.
const passagesPerQuery = 200

// Run evaluates every query: a document's score is its best passage's.
// A query's own id is never counted as a result (BEIR's
// ignore_identical_ids, which matters for ArguAna).
func Run(ctx context.Context, b *BEIR, r Retriever) (Result, error) {
	var res Result
	var lat []time.Duration
	found := 0
	for _, q := range b.Queries {
		start := time.Now()
		ret, err := r.Retrieve(ctx, q.Text, retrieval.Filter{}, passagesPerQuery)
		lat = append(lat, time.Since(start))
		if err != nil && !errors.Is(err, retrieval.ErrNoTerms) {
			return res, fmt.Errorf("query %s: %w", q.ID, err)
		}
		if ret.Found {
			found++
		}
		var ranked []string
		seen := map[string]bool{q.ID: true}
		for _, h := range ret.Hits {
			id := docID(h.DocID)
			if !seen[id] {
				seen[id] = true
				ranked = append(ranked, id)
			}
		}
		rel := b.Qrels[q.ID]
		res.NDCG10 += ndcg(ranked, rel, 10)
		res.Recall10 += recall(ranked, rel, 10)
		res.Recall100 += recall(ranked, rel, 100)
		res.MRR10 += mrr(ranked, rel, 10)
	}
	n := float64(len(b.Queries))
	res.Queries = len(b.Queries)
	res.NDCG10, res.Recall10, res.Recall100, res.MRR10 = res.NDCG10/n, res.Recall10/n, res.Recall100/n, res.MRR10/n
	res.GateFound = float64(found) / n
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	res.P50ms = ms(lat[len(lat)/2])
	res.P99ms = ms(lat[min(len(lat)-1, len(lat)*99/100)])
	return res, nil
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }

// ndcg is nDCG@k with linear gains (trec_eval's ndcg_cut, as BEIR reports).
func ndcg(ranked []string, rel Qrels, k int) float64 {
	var dcg float64
	for i, id := range ranked[:min(k, len(ranked))] {
		if g := rel[id]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var gains []int
	for _, g := range rel {
		if g > 0 {
			gains = append(gains, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(gains)))
	var idcg float64
	for i, g := range gains[:min(k, len(gains))] {
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func recall(ranked []string, rel Qrels, k int) float64 {
	total, hit := 0, 0
	top := map[string]bool{}
	for _, id := range ranked[:min(k, len(ranked))] {
		top[id] = true
	}
	for id, g := range rel {
		if g > 0 {
			total++
			if top[id] {
				hit++
			}
		}
	}
	if total == 0 {
		return 0
	}
	return float64(hit) / float64(total)
}

func mrr(ranked []string, rel Qrels, k int) float64 {
	for i, id := range ranked[:min(k, len(ranked))] {
		if rel[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}
