// Command genbackground writes internal/text/background.tsv.gz, the
// background model of English word use that the relevance gate weighs
// question words with: for each word stem, in how many documents of a
// general collection it occurs, and how often it is written with a capital
// letter inside a sentence (a name rather than a common word).
//
// The collection is the two BEIR corpora the project already ships for
// evaluation (../shared/bench: ArguAna's 8,674 debate arguments on
// politics, society and law, and SciFact's 5,183 abstracts), 2.9M words:
//
//	go generate ./internal/text
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// minDF drops stems seen in fewer documents: they are as good as unseen.
const minDF = 2

type count struct{ df, mid, cap int }

func main() {
	bench := flag.String("bench", "../../../shared/bench", "folder holding arguana/ and scifact/")
	out := flag.String("o", "background.tsv.gz", "output file")
	flag.Parse()
	counts := map[string]*count{}
	docs := 0
	for _, name := range []string{"arguana", "scifact"} {
		n, err := addCorpus(filepath.Join(*bench, name, "corpus.jsonl.gz"), counts)
		if err != nil {
			log.Fatal(err)
		}
		docs += n
	}
	stems := make([]string, 0, len(counts))
	for s, c := range counts {
		if c.df >= minDF {
			stems = append(stems, s)
		}
	}
	sort.Strings(stems)
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "docs\t%d\n", docs)
	for _, s := range stems {
		c := counts[s]
		capPct := 0
		if c.mid > 0 {
			capPct = 100 * c.cap / c.mid
		}
		fmt.Fprintf(w, "%s\t%d\t%d\n", s, c.df, capPct)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d documents, %d stems (df >= %d) written to %s", docs, len(stems), minDF, *out)
}

func addCorpus(path string, counts map[string]*count) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	docs := 0
	for sc.Scan() {
		var d struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return docs, fmt.Errorf("%s: %w", path, err)
		}
		docs++
		seen := map[string]bool{}
		toks := text.Tokenize(d.Text)
		for i, t := range toks {
			st := text.Stem(t.Word)
			c := counts[st]
			if c == nil {
				c = &count{}
				counts[st] = c
			}
			if !seen[st] {
				seen[st] = true
				c.df++
			}
			if i > 0 && !sentenceStart(d.Text[toks[i-1].End:t.Start]) {
				c.mid++
				if r, _ := utf8.DecodeRuneInString(d.Text[t.Start:]); unicode.IsUpper(r) {
					c.cap++
				}
			}
		}
	}
	return docs, sc.Err()
}

// sentenceStart reports whether the text between two words ends a sentence.
func sentenceStart(between string) bool {
	for _, r := range between {
		switch r {
		case '.', '!', '?', ':', '"', '\n', '“', '(':
			return true
		}
	}
	return false
}
