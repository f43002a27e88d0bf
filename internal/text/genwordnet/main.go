// Command genwordnet writes internal/text/wordnet.tsv.gz, the synonym table
// retrieval uses to bridge vocabulary gaps: for each word stem, the other
// words WordNet 3.0 puts in the same synsets as the word, taken from its
// first senses (WordNet lists a word's senses most frequent first). It also
// writes internal/text/persons.txt.gz: the nouns whose most frequent sense
// denotes a person (WordNet's noun.person file: "envoy",
// "voter"), which answer a "who" question as a name does; and
// internal/text/demonyms.tsv.gz: the proper adjectives WordNet says pertain
// to a proper noun ("Russian" → "Russia", "European" → "Europe"), which
// the Porter stemmer never joins; and internal/text/derivations.tsv.gz:
// verbs and the nouns naming their action ("convert" → "conversion",
// "invade" → "invasion") whose stems differ; and internal/text/proper.txt.gz:
// the stems of the one-word lemmas WordNet writes mostly with a capital
// ("Taurus", "Japan"), names rather than words of general English; and
// internal/text/phrases.tsv.gz: the verbs, adjectives and adverbs of two or
// three words ("beef up", "drawn-out") and their synonyms; and
// internal/text/antonyms.tsv.gz: verbs and their antonyms ("hurry",
// "delay").
//
// The source is WordNet 3.0 as packaged by Debian (package wordnet-base,
// files under /usr/share/wordnet), © 2006 Princeton University, under the
// WordNet licence (free use, copy and distribution with the notice; see
// internal/text/WORDNET-LICENSE):
//
//	apt-get install wordnet-base && go generate ./internal/text
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

const (
	maxSenses   = 3 // senses of a word whose synonyms are kept
	maxSynonyms = 8 // synonyms kept for a stem
	maxWords    = 3 // words in a synonym
)

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet dict folder")
	out := flag.String("o", "wordnet.tsv.gz", "output file")
	personsOut := flag.String("persons", "persons.txt.gz", "output file for the person nouns")
	demonymsOut := flag.String("demonyms", "demonyms.tsv.gz", "output file for the proper adjectives and their nouns")
	derivationsOut := flag.String("derivations", "derivations.tsv.gz", "output file for the verbs and their action nouns")
	properOut := flag.String("proper", "proper.txt.gz", "output file for the stems WordNet writes only as names")
	lemmasOut := flag.String("lemmas", "lemmas.tsv.gz", "output file for the one-word lemmas and their parts of speech")
	qualitiesOut := flag.String("qualities", "qualities.tsv.gz", "output file for the adjectives and the nouns naming their quality")
	namesOut := flag.String("names", "names.tsv.gz", "output file for the names and how WordNet defines them")
	phrasesOut := flag.String("phrases", "phrases.tsv.gz", "output file for the verbs, adjectives and adverbs of several words and their synonyms")
	antonymsOut := flag.String("antonyms", "antonyms.tsv.gz", "output file for the verbs and their antonyms")
	flag.Parse()
	if err := writeAntonyms(*dir, *antonymsOut); err != nil {
		log.Fatal(err)
	}
	if err := writePhrases(*dir, *phrasesOut); err != nil {
		log.Fatal(err)
	}
	if err := writeLemmas(*dir, *lemmasOut); err != nil {
		log.Fatal(err)
	}
	if err := writeNames(*dir, *namesOut); err != nil {
		log.Fatal(err)
	}
	if err := writeProper(*dir, *properOut); err != nil {
		log.Fatal(err)
	}
	if err := writeDemonyms(*dir, *demonymsOut); err != nil {
		log.Fatal(err)
	}
	if err := writeDerivations(*dir, *derivationsOut); err != nil {
		log.Fatal(err)
	}
	if err := writeQualities(*dir, *qualitiesOut); err != nil {
		log.Fatal(err)
	}
	syn := map[string][]string{} // stem → synonyms, in sense order
	persons := map[string]bool{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		synsets, lexfile, err := readData(filepath.Join(*dir, "data."+pos))
		if err != nil {
			log.Fatal(err)
		}
		first, err := readIndex(filepath.Join(*dir, "index."+pos), synsets, syn)
		if err != nil {
			log.Fatal(err)
		}
		if pos == "noun" {
			for lemma, off := range first {
				if lexfile[off] == nounPerson {
					persons[lemma] = true
				}
			}
		}
	}
	if err := writePersons(*personsOut, persons); err != nil {
		log.Fatal(err)
	}
	stems := make([]string, 0, len(syn))
	for s := range syn {
		stems = append(stems, s)
	}
	sort.Strings(stems)
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	for _, s := range stems {
		fmt.Fprintf(w, "%s\t%s\n", s, strings.Join(syn[s], "|"))
	}
	for _, c := range []interface{ Flush() error }{w} {
		if err := c.Flush(); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d stems written to %s", len(stems), *out)
}

// nounPerson is the lexicographer file number of noun.person.
const nounPerson = "18"

// writePersons writes the person nouns, one per line, sorted. They are
// words, not stems: "negotiator" and "negotiate" share a stem.
func writePersons(path string, persons map[string]bool) error {
	return writeSorted(path, persons, "person nouns")
}

// writeSorted writes the lines, sorted, gzipped, to path.
func writeSorted(path string, set map[string]bool, what string) error {
	lines := make([]string, 0, len(set))
	for l := range set {
		lines = append(lines, l)
	}
	sort.Strings(lines)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	if _, err := zw.Write([]byte(strings.Join(lines, "\n") + "\n")); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	log.Printf("%d %s written to %s", len(lines), what, path)
	return f.Close()
}

// readData maps each synset offset to its words and to its lexicographer
// file number (its semantic class).
func readData(path string) (map[string][]string, map[string]string, error) {
	m := map[string][]string{}
	lex := map[string]string{}
	err := scanData(path, func(fs, words []string) {
		for i, w := range words {
			words[i] = strings.ToLower(strings.ReplaceAll(w, "_", " "))
		}
		m[fs[0]] = words
		lex[fs[0]] = fs[1]
	})
	return m, lex, err
}

// scanData calls fn with the fields of each synset line of a WordNet data
// file and its words as written ("Russia", "Great_Britain"), adjective
// markers ("big(a)") removed.
func scanData(path string, fn func(fields, words []string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // licence header
		}
		fs := strings.Fields(line)
		if len(fs) < 4 {
			continue
		}
		var n int
		fmt.Sscanf(fs[3], "%x", &n)
		words := make([]string, 0, n)
		for i := 0; i < n && 4+2*i < len(fs); i++ {
			w := fs[4+2*i]
			if k := strings.IndexByte(w, '('); k > 0 {
				w = w[:k]
			}
			words = append(words, w)
		}
		fn(fs, words)
	}
	return sc.Err()
}

// readIndex adds, for each one-word lemma, the words of its first senses,
// and returns each lemma's most frequent sense (a synset offset).
func readIndex(path string, synsets map[string][]string, syn map[string][]string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	first := map[string]string{}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 4 || strings.ContainsAny(fs[0], "_-.'") {
			continue
		}
		var senses, ptrs int
		fmt.Sscanf(fs[2], "%d", &senses)
		fmt.Sscanf(fs[3], "%d", &ptrs)
		offsets := fs[len(fs)-senses:]
		stem := text.Stem(text.Fold(fs[0]))
		if len(offsets) > 0 {
			first[fs[0]] = offsets[0]
		}
		// the word itself, though it be a stop word ("across", "dude"),
		// whose Terms are none
		addSynonyms(syn, stem, offsets, synsets, func(w string) bool {
			return text.Stem(text.Fold(w)) == stem || strings.Join(text.Terms(w), " ") == stem
		})
	}
	return first, sc.Err()
}

// phraseRe: a lemma of two or three all-letter words ("beef_up",
// "drawn-out", "foot_the_bill").
var phraseRe = regexp.MustCompile(`^[a-z]+(?:[_-][a-z]+){1,2}$`)

// writePhrases writes "stems<TAB>synonyms" for every verb, adjective and
// adverb of two or three words ("beef up\tstrengthen|fortify|…", "drawn
// out\tprotracted|…"): the key is its words' stems, stop words kept, and
// the synonyms are the other words of its first senses' synsets. Chat
// says "beefing up" and "drawn out" where news writes "strengthen" and
// "protracted"; retrieval searches a question's phrase with them. Nouns
// are left out: a compound noun ("cold war") is a name the articles use
// as it is, and its synsets hold few everyday words.
func writePhrases(dir, path string) error {
	syn := map[string][]string{}
	for _, pos := range []string{"verb", "adj", "adv"} {
		synsets, _, err := readData(filepath.Join(dir, "data."+pos))
		if err != nil {
			return err
		}
		err = scanLemmas(filepath.Join(dir, "index."+pos), phraseRe.MatchString, func(lemma string, offsets []string) {
			key := phraseKey(strings.NewReplacer("_", " ", "-", " ").Replace(lemma))
			addSynonyms(syn, key, offsets, synsets, func(w string) bool { return phraseKey(strings.ReplaceAll(w, "-", " ")) == key })
		})
		if err != nil {
			return err
		}
	}
	lines := map[string]bool{}
	for k, ws := range syn {
		if len(ws) > 0 {
			lines[k+"\t"+strings.Join(ws, "|")] = true
		}
	}
	return writeSorted(path, lines, "phrases")
}

// phraseKey is the stems of a phrase's words, stop words kept, joined by
// spaces: text.PhraseSynonyms's key.
func phraseKey(p string) string {
	var st []string
	for _, w := range strings.Fields(p) {
		st = append(st, text.Stem(text.Fold(w)))
	}
	return strings.Join(st, " ")
}

// addSynonyms adds to syn[key] the words of the first senses (offsets,
// most frequent first) that it lacks, up to maxSynonyms, each of at most
// maxWords words and not the key itself (self).
func addSynonyms(syn map[string][]string, key string, offsets []string, synsets map[string][]string, self func(w string) bool) {
	have := map[string]bool{}
	for _, w := range syn[key] {
		have[w] = true
	}
	for _, off := range offsets[:min(maxSenses, len(offsets))] {
		for _, w := range synsets[off] {
			if len(syn[key]) == maxSynonyms {
				return
			}
			if have[w] || len(strings.Fields(w)) > maxWords || self(w) {
				continue
			}
			have[w] = true
			syn[key] = append(syn[key], w)
		}
	}
}

// writeDemonyms writes "adjective<TAB>noun" for every capitalised, one-word
// adjective whose pertainym pointer (\) names a capitalised, one-word noun
// ("russian\trussia"), sorted.
func writeDemonyms(dir, path string) error {
	return writeWordPairs(dir, path, "adj", `\`, "proper adjectives", func(a, b string) (string, bool) {
		return strings.ToLower(a) + "\t" + strings.ToLower(b), isProper(a) && isProper(b) && !strings.EqualFold(a, b)
	})
}

// writeWordPairs writes the lines keep makes of the pairs of words a
// pointer sym joins, from a word of the data.pos file to a noun, sorted.
func writeWordPairs(dir, path, pos, sym, what string, keep func(word, noun string) (string, bool)) error {
	nouns := map[string][]string{}
	if err := scanData(filepath.Join(dir, "data.noun"), func(fs, words []string) { nouns[fs[0]] = words }); err != nil {
		return err
	}
	pairs := map[string]bool{}
	err := scanData(filepath.Join(dir, "data."+pos), func(fs, words []string) {
		forEachPointer(fs, len(words), func(ptr, offset, targetPos string, src, tgt int) {
			targets := nouns[offset]
			if ptr != sym || targetPos != "n" || src < 1 || src > len(words) || tgt < 1 || tgt > len(targets) {
				return
			}
			if line, ok := keep(words[src-1], targets[tgt-1]); ok {
				pairs[line] = true
			}
		})
	})
	if err != nil {
		return err
	}
	return writeSorted(path, pairs, what)
}

// writeAntonyms writes "verb<TAB>antonym" for each antonym WordNet gives
// a verb ("delay" → "rush"), and for the other words of the verb's synset
// too ("hurry", in rush's synset, → "delay"): one-word, lower-case words
// only. Not the antonyms of nouns and adjectives ("top" for "bottom",
// "big" for "little"), which name another thing, not the other side of
// the same deed.
func writeAntonyms(dir, path string) error {
	pairs := map[string]bool{}
	for _, pos := range []string{"verb"} {
		synsets := map[string][]string{}
		type ant struct {
			from   []string
			offset string
			tgt    int
		}
		var ants []ant
		err := scanData(filepath.Join(dir, "data."+pos), func(fs, words []string) {
			synsets[fs[0]] = words
			forEachPointer(fs, len(words), func(ptr, offset, _ string, src, tgt int) {
				if ptr == "!" && src >= 1 && src <= len(words) {
					ants = append(ants, ant{words, offset, tgt})
				}
			})
		})
		if err != nil {
			return err
		}
		for _, a := range ants {
			targets := synsets[a.offset]
			if a.tgt < 1 || a.tgt > len(targets) {
				continue
			}
			to := targets[a.tgt-1]
			for _, from := range a.from {
				if isLower(from) && isLower(to) && from != to {
					pairs[from+"\t"+to] = true
				}
			}
		}
	}
	return writeSorted(path, pairs, "antonym pairs")
}

// writeLemmas writes "word<TAB>classes" for every one-word, all-letter
// lemma of WordNet and every inflected form its exception lists give
// ("biggest", "geese"): classes are the letters n, v, a, r (noun, verb,
// adjective, adverb) the word has. Retrieval tells from it a word of
// general English from a name, and a noun from a word that only describes.
func writeLemmas(dir, path string) error {
	classes := map[string]string{}
	add := func(w, c string) {
		if isLetterWord(w) && !strings.Contains(classes[w], c) {
			classes[w] += c
		}
	}
	for _, p := range []struct{ pos, c string }{{"noun", "n"}, {"verb", "v"}, {"adj", "a"}, {"adv", "r"}} {
		for _, file := range []string{"index." + p.pos, p.pos + ".exc"} {
			f, err := os.Open(filepath.Join(dir, file))
			if err != nil {
				return err
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				if line := sc.Text(); line != "" && line[0] != ' ' {
					add(strings.Fields(line)[0], p.c)
				}
			}
			f.Close()
			if err := sc.Err(); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
		}
	}
	lines := map[string]bool{}
	for w, c := range classes {
		b := []byte(c)
		sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
		lines[w+"\t"+string(b)] = true
	}
	return writeSorted(path, lines, "lemmas")
}

// writeNames writes, for every one-word name WordNet defines (a noun
// lemma written capitalised, in its most frequent sense), how else it may
// be called: "name<TAB>other names<TAB>head<TAB>gloss names", the other
// names being the synset's several-word lemmas ("french capital"), the
// head the noun its definition starts from ("city"), and the gloss names
// the capitalised words and runs of the definition ("Black Sea"), all in
// lower case, "|"-separated:
//
//	crimea		peninsula	ukrainian|black sea|sea of azov
//	paris	city of light|french capital|capital of france	city	france
//
// Retrieval reads a question's "black sea peninsula" or "the french
// capital" as the name. Acronyms ("MS") are left out.
func writeNames(dir, path string) error {
	first := map[string]string{} // lemma → its most frequent noun sense
	nouns, adjectives := map[string]bool{}, map[string]bool{}
	for pos, set := range map[string]map[string]bool{"noun": nouns, "adj": adjectives} {
		f, err := os.Open(filepath.Join(dir, "index."+pos))
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 4 || strings.HasPrefix(sc.Text(), " ") {
				continue
			}
			set[fs[0]] = true
			if pos == "noun" {
				var senses int
				fmt.Sscanf(fs[2], "%d", &senses)
				if senses > 0 && senses <= len(fs) {
					first[fs[0]] = fs[len(fs)-senses]
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return err
		}
	}
	lines := map[string]bool{}
	err := scanData(filepath.Join(dir, "data.noun"), func(fs, words []string) {
		bar := slices.Index(fs, "|")
		if bar < 0 {
			return
		}
		gloss := strings.Join(fs[bar+1:], " ")
		gloss, _, _ = strings.Cut(gloss, ";")
		gloss = parenRe.ReplaceAllString(gloss, "")
		var multi []string
		for _, w := range words {
			if strings.Contains(w, "_") {
				multi = append(multi, strings.ToLower(strings.ReplaceAll(w, "_", " ")))
			}
		}
		for _, w := range words {
			lw := strings.ToLower(w)
			if !isProper(w) || strings.ContainsAny(w, "_-.'") || first[lw] != fs[0] || strings.ToUpper(w) == w {
				continue // an acronym ("MS" for multiple sclerosis) is left to the index's own
			}
			head := ""
			for _, g := range strings.Fields(gloss) {
				g = strings.Trim(g, ",.:\"'")
				if isLower(g) && nouns[g] && !adjectives[g] && !glossSkip[g] {
					head = g
					break
				}
			}
			var names []string
			for _, m := range capRunRe.FindAllString(gloss, -1) {
				if m = strings.ToLower(m); m != lw && !slices.Contains(names, m) {
					names = append(names, m)
				}
			}
			if len(multi)+len(names) == 0 {
				continue
			}
			lines[lw+"\t"+strings.Join(multi, "|")+"\t"+head+"\t"+strings.Join(names, "|")] = true
		}
	})
	if err != nil {
		return err
	}
	return writeSorted(path, lines, "names")
}

var (
	parenRe  = regexp.MustCompile(`\([^)]*\)`)
	capRunRe = regexp.MustCompile(`\b[A-Z][a-z]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][a-z]+)*\b`)
	// glossSkip: words a definition starts with that name no kind of thing
	glossSkip = map[string]bool{"a": true, "an": true, "the": true, "who": true, "which": true, "that": true, "one": true, "member": true, "part": true, "any": true, "native": true, "kind": true}
)

func isLetterWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return w != ""
}

// writeProper writes the stems of the one-word lemmas WordNet writes
// capitalised in at least as many senses as in lower case ("Taurus" the
// constellation, the sign and the bull, against one genus "taurus").
func writeProper(dir, path string) error {
	lower, capital := map[string]int{}, map[string]int{}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		err := scanData(filepath.Join(dir, "data."+pos), func(_, words []string) {
			for _, w := range words {
				if strings.ContainsAny(w, "_-.'") {
					continue
				}
				st := text.Stem(text.Fold(w))
				if isLower(w) {
					lower[st]++
				} else if isProper(w) {
					capital[st]++
				}
			}
		})
		if err != nil {
			return err
		}
	}
	proper := map[string]bool{}
	for st, n := range capital {
		if n >= lower[st] {
			proper[st] = true
		}
	}
	return writeSorted(path, proper, "proper-noun stems")
}

// writeDerivations writes "verb<TAB>noun" for every one-word, lower-case
// verb and the noun WordNet relates to it by derivation (+), when the two
// share their first four letters, the Porter stemmer keeps them apart
// ("convert", "conversion"), and the noun names the action, not its agent
// ("converter", "invader", "negotiator" are left out).
func writeDerivations(dir, path string) error {
	return writeWordPairs(dir, path, "verb", "+", "verbs and action nouns", func(v, n string) (string, bool) {
		return v + "\t" + n, isLower(v) && isLower(n) && sharedPrefix(v, n) >= 4 && text.Stem(v) != text.Stem(n) && !agentRe.MatchString(n)
	})
}

// maxAttributeHeads: an attribute more adjectives name is a scale, too
// broad to stand for one of them.
const maxAttributeHeads = 2

// nounAttribute is the lexicographer file number of noun.attribute.
const nounAttribute = "07"

// qualitySenses bounds the senses of an adjective whose nouns are kept.
const qualitySenses = 2

// writeQualities writes "adjective<TAB>noun" for the nouns naming the
// quality an everyday adjective describes: the attribute (=) of its
// synset or, for a satellite ("scared"), of its head ("afraid" → "fear"),
// and the noun derived (+) from the word itself ("urgent" → "urgency"),
// from its first senses, when the stems differ. A question says "scared",
// an article "fears".
func writeQualities(dir, path string) error {
	nouns := map[string][]string{}
	measure := map[string]bool{} // noun.attribute synsets: a scale ("size", "importance"), not a feeling or state
	if err := scanData(filepath.Join(dir, "data.noun"), func(fs, words []string) {
		nouns[fs[0]] = words
		measure[fs[0]] = fs[1] == nounAttribute
	}); err != nil {
		return err
	}
	attr := map[string][]string{}               // adjective synset → its attributes' synsets
	heads := map[string]int{}                   // attribute synset → adjective synsets naming it
	head := map[string]string{}                 // satellite synset → head synset
	derived := map[string]map[string][]string{} // synset → word → derived nouns
	err := scanData(filepath.Join(dir, "data.adj"), func(fs, words []string) {
		forEachPointer(fs, len(words), func(ptr, offset, pos string, src, tgt int) {
			switch {
			case ptr == "=" && pos == "n":
				attr[fs[0]] = append(attr[fs[0]], offset)
				heads[offset]++
			case ptr == "&" && fs[2] == "s":
				head[fs[0]] = offset
			case ptr == "+" && pos == "n" && src >= 1 && src <= len(words) && tgt >= 1 && tgt <= len(nouns[offset]):
				if derived[fs[0]] == nil {
					derived[fs[0]] = map[string][]string{}
				}
				w := strings.ToLower(words[src-1])
				derived[fs[0]][w] = append(derived[fs[0]][w], nouns[offset][tgt-1])
			}
		})
	})
	if err != nil {
		return err
	}
	pairs := map[string]bool{}
	err = scanIndex(filepath.Join(dir, "index.adj"), func(lemma string, offsets []string) {
		for _, off := range offsets[:min(qualitySenses, len(offsets))] {
			var quality []string
			for _, a := range slices.Concat(attr[off], attr[head[off]]) {
				// an attribute of a pair of opposites ("afraid", "unafraid"
				// → "fear"), not of a whole scale ("strong" → "degree")
				if heads[a] <= maxAttributeHeads && !measure[a] {
					quality = append(quality, nouns[a]...)
				}
			}
			for _, n := range slices.Concat(derived[off][lemma], quality) {
				if isLower(n) && !strings.Contains(n, " ") && text.Stem(n) != text.Stem(lemma) {
					pairs[lemma+"\t"+n] = true
				}
			}
		}
	})
	if err != nil {
		return err
	}
	return writeSorted(path, pairs, "adjectives and their quality nouns")
}

// scanIndex calls fn with each one-word, all-letter lemma of a WordNet
// index file and its senses' synset offsets, most frequent first.
func scanIndex(path string, fn func(lemma string, offsets []string)) error {
	return scanLemmas(path, isLetterWord, fn)
}

// scanLemmas calls fn with each lemma of a WordNet index file that keep
// accepts, and its senses' synset offsets, most frequent first.
func scanLemmas(path string, keep func(lemma string) bool, fn func(lemma string, offsets []string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || strings.HasPrefix(sc.Text(), "  ") || !keep(fs[0]) {
			continue
		}
		var senses int
		fmt.Sscanf(fs[2], "%d", &senses)
		if senses <= len(fs) {
			fn(fs[0], fs[len(fs)-senses:])
		}
	}
	return sc.Err()
}

// agentRe: a noun naming who does something ("converter", "defendant").
var agentRe = regexp.MustCompile(`(er|or|ant|ee|ist|ent)$`)

// forEachPointer calls fn with each pointer of a synset line whose words
// take n fields: its symbol, target offset and part of speech, and the
// source and target word numbers (0: the whole synset).
func forEachPointer(fs []string, n int, fn func(sym, offset, pos string, src, tgt int)) {
	i := 4 + 2*n
	if i >= len(fs) {
		return
	}
	var ptrs int
	fmt.Sscanf(fs[i], "%d", &ptrs)
	i++
	for k := 0; k < ptrs && i+3 < len(fs); k, i = k+1, i+4 {
		var src, tgt int
		fmt.Sscanf(fs[i+3][:2], "%x", &src)
		fmt.Sscanf(fs[i+3][2:], "%x", &tgt)
		fn(fs[i], fs[i+1], fs[i+2], src, tgt)
	}
}

func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func isLower(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return w != ""
}

// isProper: a capitalised word of letters only ("Russia", not "Great_Britain").
func isProper(w string) bool {
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
