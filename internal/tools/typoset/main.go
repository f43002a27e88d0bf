// Command typoset writes two question sets that measure how docbot copes
// with slips of the keyboard:
//
//   - eval/typos-qa.jsonl: questions of the checked sets with one or two
//     words mistyped;
//   - eval/typos-clean-qa.jsonl: the same questions typed cleanly, in the
//     same order, so that the two can be compared line by line.
//
// Only "q" is changed; every other field of a source line is kept as it is.
// Questions of the "collection" category, and questions with no word that
// can be mistyped, are left out of both files. The output is the same byte
// for byte on every run for a given seed. Regenerate from the repository
// root (no build tag needed):
//
//	go run ./internal/tools/typoset
//
// The blind sets (s6final … s10final) are never read.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// sources are the checked sets read from the eval directory, as
// eval/NAME-qa.jsonl. "final" is an older checked set; the blind sets
// (s6final, s7final, …) must never appear here.
var sources = []string{"dev", "check", "fresh", "blind", "holdout", "final", "s6", "s7", "s8", "s9", "s10"}

var stop = setOf("what which when where who whom whose why how does did do is are was were will would could should " +
	"have has had the a an and or but of to in on for with about from by at this that these those there their they " +
	"them it its his her he she you your article articles piece")

// neighbour is the key next to a letter on the keyboard, for substitutions.
var neighbour = map[byte]byte{'a': 's', 's': 'a', 'e': 'r', 'r': 'e', 'i': 'o', 'o': 'i', 'n': 'm', 'm': 'n', 't': 'r', 'u': 'y', 'l': 'k', 'c': 'v'}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func main() {
	dir := flag.String("eval", "eval", "directory of the question sets, read and written")
	seed := flag.Uint64("seed", 11, "seed of the random slips")
	flag.Parse()
	typos, clean, err := build(*dir, sources, *seed)
	if err != nil {
		log.Fatal(err)
	}
	for name, b := range map[string][]byte{"typos-qa.jsonl": typos, "typos-clean-qa.jsonl": clean} {
		if err := os.WriteFile(filepath.Join(*dir, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// build reads dir/NAME-qa.jsonl for each name and returns the mistyped set
// and the clean one.
func build(dir string, names []string, seed uint64) (typos, clean []byte, err error) {
	r := rand.New(rand.NewPCG(seed, seed))
	var tb, cb bytes.Buffer
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name+"-qa.jsonl"))
		if err != nil {
			return nil, nil, err
		}
		for n, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			obj, err := parse(line)
			if err != nil {
				return nil, nil, fmt.Errorf("%s-qa.jsonl:%d: %w", name, n+1, err)
			}
			var q, category string
			if err := obj.get("q", &q); err != nil {
				return nil, nil, fmt.Errorf("%s-qa.jsonl:%d: %w", name, n+1, err)
			}
			_ = obj.get("category", &category)
			if category == "collection" {
				continue
			}
			mistyped, ok := mistype(r, q)
			if !ok {
				continue
			}
			if err := obj.write(&cb, q); err != nil {
				return nil, nil, err
			}
			if err := obj.write(&tb, mistyped); err != nil {
				return nil, nil, err
			}
		}
	}
	return tb.Bytes(), cb.Bytes(), nil
}

// mistype perturbs one or two words of q that are at least five ASCII
// letters long and not stop words; ok is false when q has no such word.
func mistype(r *rand.Rand, q string) (string, bool) {
	tokens := strings.Split(q, " ")
	var cands []int
	for i, t := range tokens {
		if candidate(t) {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return q, false
	}
	for _, j := range r.Perm(len(cands))[:min(2, len(cands))] {
		tokens[cands[j]] = perturb(r, tokens[cands[j]])
	}
	return strings.Join(tokens, " "), true
}

func candidate(t string) bool {
	if len(t) < 5 || stop[strings.ToLower(t)] {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// perturb makes one slip in w (ASCII, at least three letters) away from its
// first and last letters: two letters swapped, one dropped, one doubled, or
// one replaced by its neighbour on the keyboard (unchanged if it has none).
func perturb(r *rand.Rand, w string) string {
	op := r.IntN(4)
	i := 1 + r.IntN(len(w)-2)
	switch op {
	case 0: // swap
		return w[:i] + w[i+1:i+2] + w[i:i+1] + w[i+2:]
	case 1: // drop
		return w[:i] + w[i+1:]
	case 2: // double
		return w[:i] + w[i:i+1] + w[i:]
	default: // sub
		if c, ok := neighbour[w[i]]; ok {
			return w[:i] + string(c) + w[i+1:]
		}
		return w
	}
}

// object is a JSON object's members in their order, values as written.
type object struct {
	keys []string
	vals []json.RawMessage
}

func parse(line []byte) (object, error) {
	var o object
	dec := json.NewDecoder(bytes.NewReader(line))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return o, fmt.Errorf("not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return o, err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return o, err
		}
		o.keys = append(o.keys, t.(string))
		o.vals = append(o.vals, v)
	}
	if _, err := dec.Token(); err != nil {
		return o, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return o, fmt.Errorf("trailing data after the object")
	}
	return o, nil
}

func (o object) get(key string, v any) error {
	for i, k := range o.keys {
		if k == key {
			return json.Unmarshal(o.vals[i], v)
		}
	}
	return fmt.Errorf("no %q", key)
}

// write writes o as one line in the eval sets' style ({"k": v, "k": v}),
// with q in place of its "q"; the other values are written as read.
func (o object) write(w *bytes.Buffer, q string) error {
	w.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			w.WriteString(", ")
		}
		if err := encode(w, k); err != nil {
			return err
		}
		w.WriteString(": ")
		if k == "q" {
			if err := encode(w, q); err != nil {
				return err
			}
		} else {
			w.Write(o.vals[i])
		}
	}
	w.WriteString("}\n")
	return nil
}

func encode(w *bytes.Buffer, s string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	return nil
}
