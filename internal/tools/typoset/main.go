// Command typoset writes question sets that measure how docbot copes with
// the same questions asked in other ways. Two measure slips of the keyboard:
//
//   - eval/typos-qa.jsonl: questions of the checked sets with one or two
//     words mistyped;
//   - eval/typos-clean-qa.jsonl: the same questions typed cleanly, in the
//     same order, so that the two can be compared line by line.
//
// Questions of the "collection" category, and questions with no word that
// can be mistyped, are left out of both files.
//
// Three more measure a story sentence before the question, and chat typing:
//
//   - eval/variants-clean-qa.jsonl: the questions of the checked sets, as
//     they are, leaving out the categories "collection", "slang" and
//     "rambling" (unanswerable questions are kept);
//   - eval/story-qa.jsonl: the same questions in the same order, each after
//     one story sentence drawn at random from a fixed list;
//   - eval/chat-qa.jsonl: the same questions in the same order, typed as
//     chat: lowercased, a trailing "?" dropped, words shortened ("you" to
//     "u", "because" to "bc", …), apostrophes dropped, and a random chat
//     prefix and suffix added.
//
// Only "q" is changed; every other field of a source line is kept as it is.
// Each file draws from its own seeded random stream, so the output is the
// same byte for byte on every run for a given seed, and adding a file does
// not change the others. Regenerate from the repository root (no build tag
// needed):
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
	"regexp"
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
	vclean, story, chat, err := variants(*dir, sources, *seed)
	if err != nil {
		log.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"typos-qa.jsonl": typos, "typos-clean-qa.jsonl": clean,
		"variants-clean-qa.jsonl": vclean, "story-qa.jsonl": story, "chat-qa.jsonl": chat,
	} {
		if err := os.WriteFile(filepath.Join(*dir, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// line is one question of a source set.
type line struct {
	obj      object
	q        string
	category string
}

// readSources reads dir/NAME-qa.jsonl for each name and returns their
// questions in order, blank lines skipped.
func readSources(dir string, names []string) ([]line, error) {
	var out []line
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name+"-qa.jsonl"))
		if err != nil {
			return nil, err
		}
		for n, raw := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(raw)) == 0 {
				continue
			}
			obj, err := parse(raw)
			if err != nil {
				return nil, fmt.Errorf("%s-qa.jsonl:%d: %w", name, n+1, err)
			}
			l := line{obj: obj}
			if err := obj.get("q", &l.q); err != nil {
				return nil, fmt.Errorf("%s-qa.jsonl:%d: %w", name, n+1, err)
			}
			_ = obj.get("category", &l.category)
			out = append(out, l)
		}
	}
	return out, nil
}

// build reads dir/NAME-qa.jsonl for each name and returns the mistyped set
// and the clean one.
func build(dir string, names []string, seed uint64) (typos, clean []byte, err error) {
	qs, err := readSources(dir, names)
	if err != nil {
		return nil, nil, err
	}
	r := rand.New(rand.NewPCG(seed, seed))
	var tb, cb bytes.Buffer
	for _, l := range qs {
		if l.category == "collection" {
			continue
		}
		mistyped, ok := mistype(r, l.q)
		if !ok {
			continue
		}
		if err := l.obj.write(&cb, l.q); err != nil {
			return nil, nil, err
		}
		if err := l.obj.write(&tb, mistyped); err != nil {
			return nil, nil, err
		}
	}
	return tb.Bytes(), cb.Bytes(), nil
}

// skipVariants are the categories left out of the story and chat sets:
// lists of articles, and questions already asked in slang or as a story.
var skipVariants = map[string]bool{"collection": true, "slang": true, "rambling": true}

// stories are the sentences put before a question in the story set.
var stories = []string{
	"my friend and i were arguing about this last night and neither of us really knows. ",
	"been seeing a lot of stuff about this on twitter and honestly it's confusing. ",
	"ok i just got home from work and i'm trying to catch up on all the ukraine news. ",
	"my uncle keeps saying the west has no plan at all and i don't know enough to argue with him. ",
	"i skimmed these articles on my phone during lunch but didn't really get it. ",
	"sorry if this is a dumb question, i'm new to following politics. ",
}

// chatWords are the replacements of chat typing, applied in order to a
// lowercased question.
var chatWords = []struct {
	re  *regexp.Regexp
	new string
}{
	{regexp.MustCompile(`\byou\b`), "u"},
	{regexp.MustCompile(`\byour\b`), "ur"},
	{regexp.MustCompile(`\bare\b`), "r"},
	{regexp.MustCompile(`\bwhat's\b`), "whats"},
	{regexp.MustCompile(`\bwhat is\b`), "whats"},
	{regexp.MustCompile(`['’]`), ""},
	{regexp.MustCompile(`\bwith\b`), "w"},
	{regexp.MustCompile(`\bbecause\b`), "bc"},
	{regexp.MustCompile(`\babout\b`), "abt"},
}

var (
	chatPrefixes = []string{"yo ", "ok so ", "ngl ", "bruh ", "lol ", "hey quick q ", "tbh ", "so like ", "wait ", "idk but "}
	chatSuffixes = []string{" lol", " tbh", " fr", " pls", " smh", " ??", " lmao", " ngl", "", " thx"}
)

// chatty types q as chat, with a prefix and a suffix drawn from r.
func chatty(r *rand.Rand, q string) string {
	q = strings.TrimSuffix(strings.ToLower(q), "?")
	for _, w := range chatWords {
		q = w.re.ReplaceAllString(q, w.new)
	}
	prefix := chatPrefixes[r.IntN(len(chatPrefixes))]
	suffix := chatSuffixes[r.IntN(len(chatSuffixes))]
	return prefix + q + suffix
}

// variants reads dir/NAME-qa.jsonl for each name and returns the questions
// outside skipVariants as they are, after a story sentence, and typed as
// chat, in the same order. The story and chat sets draw from streams of
// their own, apart from the typos' stream.
func variants(dir string, names []string, seed uint64) (clean, story, chat []byte, err error) {
	qs, err := readSources(dir, names)
	if err != nil {
		return nil, nil, nil, err
	}
	rs := rand.New(rand.NewPCG(seed, seed+1))
	rc := rand.New(rand.NewPCG(seed, seed+2))
	var cb, sb, hb bytes.Buffer
	for _, l := range qs {
		if skipVariants[l.category] {
			continue
		}
		if err := l.obj.write(&cb, l.q); err != nil {
			return nil, nil, nil, err
		}
		if err := l.obj.write(&sb, stories[rs.IntN(len(stories))]+l.q); err != nil {
			return nil, nil, nil, err
		}
		if err := l.obj.write(&hb, chatty(rc, l.q)); err != nil {
			return nil, nil, nil, err
		}
	}
	return cb.Bytes(), sb.Bytes(), hb.Bytes(), nil
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
