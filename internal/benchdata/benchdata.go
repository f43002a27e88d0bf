// Package benchdata generates the benchmark corpora shared by the store's
// and the bot's benchmarks: documents of ~60-word paragraphs resampled from
// SciFact sentences (so term statistics are real), and SciFact's claims as
// questions. It reads internal/eval/testdata/scifact.
package benchdata

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"

	"github.com/docbot/docbot/internal/text"
)

// PassagesPerDoc is the number of ~60-word paragraphs in each generated
// document; docbot keeps each as one passage.
const PassagesPerDoc = 10

var (
	once      sync.Once
	sentences []string
	queries   []string
	loadErr   error
)

func sciFactDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "eval", "testdata", "scifact")
}

func load() error {
	once.Do(func() {
		f, err := os.Open(filepath.Join(sciFactDir(), "corpus.jsonl.gz"))
		if err != nil {
			loadErr = err
			return
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			loadErr = err
			return
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
		qf, err := os.ReadFile(filepath.Join(sciFactDir(), "queries.jsonl"))
		if err != nil {
			loadErr = err
			return
		}
		for _, line := range strings.Split(string(qf), "\n") {
			var q struct{ Text string }
			if json.Unmarshal([]byte(line), &q) == nil && q.Text != "" {
				queries = append(queries, q.Text)
			}
		}
		if len(sentences) == 0 || len(queries) == 0 {
			loadErr = fmt.Errorf("no SciFact sentences or queries in %s", sciFactDir())
		}
	})
	return loadErr
}

// Queries returns SciFact's claims, to ask as questions.
func Queries() ([]string, error) {
	return queries, load()
}

// Corpus returns n passages as n/PassagesPerDoc documents with front
// matter titles, the same for the same n, and their text size in bytes.
func Corpus(n int) (fstest.MapFS, int64, error) {
	if err := load(); err != nil {
		return nil, 0, err
	}
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	fsys := fstest.MapFS{}
	var size int64
	for d := 0; d < n/PassagesPerDoc; d++ {
		var doc strings.Builder
		fmt.Fprintf(&doc, "---\ntitle: Generated document %d\n---\n", d)
		for p := 0; p < PassagesPerDoc; p++ {
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
	return fsys, size, nil
}

// Sizes are the corpus sizes to benchmark: DOCBOT_BENCH_SIZES (comma
// separated passage counts), else 1k, 10k and 100k.
func Sizes() []int {
	sizes := []int{1000, 10000, 100000}
	if v := os.Getenv("DOCBOT_BENCH_SIZES"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err == nil && n >= PassagesPerDoc {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}
