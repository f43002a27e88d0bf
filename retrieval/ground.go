package retrieval

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// This file holds what makes a model's reply trustworthy before it is shown:
// citation styles normalised to inline [n] markers, and every sentence
// checked against the passage it cites (or, without a marker, aligned to
// the passage that supports it). A sentence no passage supports is removed.

// Citation styles models write instead of [n].
var (
	// 【3】, 【3†source】, 【4:0†source】
	lenticularRe = regexp.MustCompile(`【\s*(\d{1,4}(?:\s*[-–,;]\s*\d{1,4})*)\s*(?:[:†][^】]*)?】`)
	// (Source 3), [Source 3], (Sources 1 and 2), [Passage 2], (source: 3), (Passages 1–3)
	namedRe = regexp.MustCompile(`(?i)[(\[]\s*(?:sources?|passages?|refs?\.?|references?|citations?|see)\s*:?\s*(#?\d{1,4}(?:\s*(?:[-–,;&]|and)\s*#?\d{1,4})*)\s*[)\]]`)
	// (3), (2, 3), (1-2): a marker only when every number names a passage,
	// so "(2025)" stays a year.
	parenRe = regexp.MustCompile(`\(\s*(\d{1,4}(?:\s*[-–,;]\s*\d{1,4})*)\s*\)`)
	// [^3] in the text …
	footRefRe = regexp.MustCompile(`\[\^([^\]\s]{1,20})\]`)
	// … and "[^3]: Passage 3 …" on its own line.
	footDefRe = regexp.MustCompile(`(?m)^[ \t]*\[\^([^\]\s]{1,20})\]:[ \t]*(.*)$`)
	// a list of sources after the answer: "Sources: [1], [3]", "**References:**"
	sourcesHeadRe = regexp.MustCompile(`(?im)^[ \t>*_#-]*(?:sources?|references?|citations?)(?: used)?[*_]*[ \t]*:`)
	sourcesTailRe = regexp.MustCompile(`(?i)[ \t]*\(?\b(?:sources?|references?|citations?)[ \t]*:[ \t]*((?:\[[\d ,;\-–]+\][ \t,;and]*)+)\)?\.?[ \t]*$`)
	// a number naming a passage in a footnote or sources list
	passageNumRe = regexp.MustCompile(`(?i)(?:\[|\b(?:passage|source)\s*#?)(\d{1,4})\b`)
	// a marker written after the sentence's full stop: "support. [1] Europe"
	markerAfterStopRe = regexp.MustCompile(`([.!?])((?:[ \t]*\[\d[\d ,;\-–]*\])+)`)
	fullwidthBrackets = strings.NewReplacer("［", "[", "］", "]", "（", "(", "）", ")")
)

// normalizeCitations rewrites the citation styles of a reply written from n
// numbered passages into inline markers ([1, 2] stays for verifyMarkers).
// It returns the passage numbers a trailing sources list named (the list
// itself is removed: it is not part of the answer).
func normalizeCitations(reply string, n int) (string, []int) {
	reply = fullwidthBrackets.Replace(reply)
	reply = lenticularRe.ReplaceAllString(reply, "[$1]")
	reply = namedRe.ReplaceAllStringFunc(reply, func(m string) string {
		nums := namedRe.FindStringSubmatch(m)[1]
		nums = strings.NewReplacer("#", "", "&", ",", "and", ",", "AND", ",", "And", ",").Replace(nums)
		return "[" + nums + "]"
	})
	reply = parenRe.ReplaceAllStringFunc(reply, func(m string) string {
		nums := parseMarker("[" + strings.Trim(m, "() ") + "]")
		if len(nums) == 0 {
			return m
		}
		for _, x := range nums {
			if x < 1 || x > n {
				return m
			}
		}
		return "[" + strings.Trim(m, "() ") + "]"
	})
	reply = footnotes(reply)
	var listed []int
	if loc := sourcesHeadRe.FindStringIndex(reply); loc != nil && loc[0] > 0 {
		listed = append(listed, numbersIn(reply[loc[0]:])...)
		reply = reply[:loc[0]]
	}
	if m := sourcesTailRe.FindStringSubmatchIndex(reply); m != nil && m[0] > 0 {
		listed = append(listed, numbersIn(reply[m[2]:m[3]])...)
		reply = reply[:m[0]]
	}
	reply = markerAfterStopRe.ReplaceAllString(reply, "$2$1")
	return strings.TrimSpace(reply), listed
}

// footnotes turns [^a] references into the passage numbers their
// definitions name ("[^1]: Passage 3" makes [^1] into [3]; a definition
// naming none keeps a numeric label's own number) and removes the
// definitions.
func footnotes(reply string) string {
	if !strings.Contains(reply, "[^") {
		return reply
	}
	target := map[string]string{}
	for _, m := range footDefRe.FindAllStringSubmatch(reply, -1) {
		if nm := passageNumRe.FindStringSubmatch(m[2]); nm != nil {
			target[m[1]] = nm[1]
		} else if _, err := strconv.Atoi(m[1]); err == nil {
			target[m[1]] = m[1]
		}
	}
	reply = footDefRe.ReplaceAllString(reply, "")
	return footRefRe.ReplaceAllStringFunc(reply, func(m string) string {
		label := footRefRe.FindStringSubmatch(m)[1]
		if t, ok := target[label]; ok {
			return "[" + t + "]"
		}
		if _, err := strconv.Atoi(label); err == nil {
			return "[" + label + "]"
		}
		return ""
	})
}

func numbersIn(s string) []int {
	var out []int
	for _, m := range markerRe.FindAllString(s, -1) {
		out = append(out, parseMarker(m)...)
	}
	for _, m := range passageNumRe.FindAllStringSubmatch(s, -1) {
		if x, err := strconv.Atoi(m[1]); err == nil {
			out = append(out, x)
		}
	}
	return out
}

// refusalRe recognises a reply that declines to answer, however it goes on
// ("I don't know …; passage [1] only says …").
var refusalRe = regexp.MustCompile(`(?i)^\W*(?:i (?:do not|don't|dont) know|i (?:cannot|can't|can not|am unable to|'m unable to|am not able to) (?:answer|find|determine|say|tell)|` +
	`(?:the )?(?:passages?|articles?|sources?|context|provided (?:passages|text|context)) (?:do(?:es)? not|don't|doesn't) (?:answer|contain|say|mention|provide|include|specify|address|state)|` +
	`there (?:is|are) no (?:information|mention|details?|passages?)|no (?:information|passage) (?:about|on|in)|unfortunately,? (?:the|i|there))`)

// isRefusal reports whether the reply (its first sentence) declines to answer.
func isRefusal(reply string) bool {
	if saysNotFound(reply) {
		return true
	}
	first := reply
	if sp := text.Sentences(reply); len(sp) > 0 {
		first = reply[sp[0].Start:sp[0].End]
	}
	return refusalRe.MatchString(strings.TrimSpace(first))
}

// grounding is the outcome of checking an answer sentence by sentence.
type grounding struct {
	Text       string // sentences kept, each with verified markers (prompt numbering)
	Kept       int
	Dropped    int // no passage supports them
	Recited    int // their markers named the wrong passage, or none that exists
	Attributed int // they had no marker and were matched to a passage
}

// evidence is what a passage offers to support a claim: its stems (with
// synonyms) and its numbers, title and date included (the prompt shows them).
type evidence struct {
	stems map[string]bool
	nums  map[string]bool
}

func newEvidence(p Passage) evidence {
	all := p.Title + " " + p.Heading + " " + p.Date + " " + p.Text
	e := evidence{stems: map[string]bool{}, nums: map[string]bool{}}
	for _, t := range text.Tokenize(all) {
		e.stems[text.Stem(t.Word)] = true
		for _, syn := range text.Synonyms(t.Word) {
			e.stems[text.Stem(syn)] = true
		}
	}
	for _, num := range numbersOf(all) {
		e.nums[num] = true
	}
	return e
}

func (e evidence) union(o evidence) evidence {
	u := evidence{stems: map[string]bool{}, nums: map[string]bool{}}
	for _, x := range []evidence{e, o} {
		for k := range x.stems {
			u.stems[k] = true
		}
		for k := range x.nums {
			u.nums[k] = true
		}
	}
	return u
}

var numberRe = regexp.MustCompile(`\d(?:[\d,.]*\d)?`)

// digitGroupRe finds thousands written with a space ("15 000", French and
// German style), joined before numbers are compared.
var digitGroupRe = regexp.MustCompile(`(\d)[ \x{00a0}\x{202f}](\d{3})\b`)

func numbersOf(s string) []string {
	var out []string
	for _, n := range numberRe.FindAllString(digitGroupRe.ReplaceAllString(s, "$1$2"), -1) {
		out = append(out, normNumber(n))
	}
	return out
}

func normNumber(s string) string {
	s = strings.ReplaceAll(s, ",", "")
	if i := strings.IndexByte(s, '.'); i >= 0 && strings.Trim(s[i:], ".0") == "" {
		s = s[:i] // 300,000.00 → 300000
	}
	return s
}

// claim is what a sentence asserts that a passage must share: its content
// stems (names weigh double), its names and its numbers.
type claim struct {
	stems map[string]float64
	names map[string]bool
	nums  []string
}

func claimOf(s string) claim {
	c := claim{stems: map[string]float64{}, names: map[string]bool{}}
	for i, t := range text.Tokenize(s) {
		if isNumber(t.Word) {
			continue // numbers are checked whole below ("15,000" is one)
		}
		if text.IsStopWord(t.Word) || utf8.RuneCountInString(t.Word) < 3 {
			continue
		}
		w := 1.0
		if r, _ := utf8.DecodeRuneInString(s[t.Start:]); i > 0 && unicode.IsUpper(r) {
			w = 2 // a name: what the sentence is specifically about
		}
		st := text.Stem(t.Word)
		c.stems[st] = max(c.stems[st], w)
		if w == 2 {
			c.names[st] = true
		}
	}
	c.nums = numbersOf(s)
	return c
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return w != ""
}

func (c claim) empty() bool { return len(c.stems) == 0 && len(c.nums) == 0 }

// minSupport is the weighted share of a claim's content words the passage
// must hold (names count double, every number must be there).
const minSupport = 0.5

// support scores how well evidence backs a claim, from 0 to 1; a number
// the evidence lacks, or fewer than two shared words, scores 0.
func (c claim) support(e evidence) float64 {
	for _, n := range c.nums {
		if !e.nums[n] {
			return 0
		}
	}
	var have, total float64
	shared := 0
	for st, w := range c.stems {
		total += w
		if e.stems[st] {
			have += w
			shared++
		}
	}
	if total == 0 {
		return 1 // only numbers, all found
	}
	if shared < min(2, len(c.stems)) {
		return 0
	}
	return have / total
}

// nameSupport checks a sentence written in another language than the
// passages, where words cannot match: every number must be in the
// evidence and at least half its names. known is false when the sentence
// has neither names nor numbers: nothing can be checked across languages.
func (c claim) nameSupport(e evidence) (ok, known bool) {
	for _, n := range c.nums {
		if !e.nums[n] {
			return false, true
		}
	}
	if len(c.names) == 0 {
		return len(c.nums) > 0, len(c.nums) > 0
	}
	have := 0
	for st := range c.names {
		if e.stems[st] {
			have++
		}
	}
	return 2*have >= len(c.names), true
}

// foreignWords are frequent function words of languages other than
// English that the articles are not written in (French, German, Spanish,
// Italian, Portuguese).
var foreignWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`le la les des du un une et est que qui pour dans sur pas au aux ce cette sont ont
	der die das und ist nicht mit von zu den dem ein eine auf sich auch fur wie
	el los las del y es por para con una se lo al mas pero como sus
	il di che non per della dei gli sono ha
	do da em nao com uma os ao pelo pela`) {
		m[w] = true
	}
	return m
}()

// isForeign reports whether s is written in another language than English:
// mostly non-Latin letters, or more function words of another language
// than English ones.
func isForeign(s string) bool {
	latin, other := 0, 0
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Latin, r):
			latin++
		default:
			other++
		}
	}
	if other > latin {
		return true
	}
	en, fr := 0, 0
	for _, t := range text.Tokenize(s) {
		if foreignWords[t.Word] {
			fr++
		} else if text.IsStopWord(t.Word) {
			en++
		}
	}
	return fr >= 2 && fr > en
}

// ground checks a normalised reply written from the passages sent (markers
// in prompt numbering). Every sentence keeps only markers naming a passage
// that shares its content; a sentence whose cited passages don't support
// it is re-cited to the one that does, or removed; a sentence without a
// marker is attributed to its best supporting passage (listed passages
// first), or removed. A sentence with nothing to check (no content word)
// is kept only with a valid marker.
func ground(reply string, sent []Hit, listed []int) grounding {
	ev := make([]evidence, len(sent))
	for i, h := range sent {
		ev[i] = newEvidence(h.Passage)
	}
	inList := map[int]bool{}
	for _, x := range listed {
		inList[x] = true
	}
	best := func(c claim, foreign bool) int { // 1-based passage number, 0 if none supports c
		bestN, bestS := 0, 0.0
		for pass := 0; pass < 2 && bestN == 0; pass++ {
			for i := range sent {
				if pass == 0 && len(inList) > 0 && !inList[i+1] {
					continue
				}
				if s := c.support(ev[i]); s >= minSupport && s > bestS {
					bestN, bestS = i+1, s
				} else if ok, known := c.nameSupport(ev[i]); foreign && ok && known && bestS < minSupport {
					bestN, bestS = i+1, minSupport // an answer in the asker's language: names and numbers must match
				}
			}
			if len(inList) == 0 {
				break
			}
		}
		return bestN
	}
	var g grounding
	var lines []string
	replyForeign := isForeign(reply) // a sentence alone may be too short to tell
	for _, line := range strings.Split(reply, "\n") {
		var kept []string
		for _, sp := range text.Sentences(line) {
			s := line[sp.Start:sp.End]
			nums := []int{}
			valid := []int{}
			for _, m := range markerRe.FindAllString(s, -1) {
				for _, x := range parseMarker(m) {
					nums = append(nums, x)
					if x >= 1 && x <= len(sent) && !containsInt(valid, x) {
						valid = append(valid, x)
					}
				}
			}
			bare := strings.TrimSpace(markerRe.ReplaceAllString(s, ""))
			c := claimOf(bare)
			if c.empty() {
				if len(valid) > 0 && len(kept) > 0 && strings.Trim(bare, ".,;:!?()[] ") == "" {
					// markers alone after a sentence: they belong to it
					kept[len(kept)-1] = withMarkers(stripMarkers(kept[len(kept)-1]), append(markersOf(kept[len(kept)-1]), valid...))
					continue
				}
				if len(valid) > 0 && strings.Trim(bare, ".,;:!?()[] ") != "" {
					kept = append(kept, withMarkers(bare, valid))
					g.Kept++
				}
				continue
			}
			var cite []int
			foreign := replyForeign || isForeign(bare)
			if len(valid) > 0 {
				u := evidence{stems: map[string]bool{}, nums: map[string]bool{}}
				for _, x := range valid {
					if c.shares(ev[x-1]) {
						cite = append(cite, x)
						u = u.union(ev[x-1])
					}
				}
				if len(cite) > 0 && c.support(u) < minSupport {
					cite = nil
				}
				if len(cite) == 0 && foreign {
					// Written in the asker's language: its words cannot match
					// the passage's; its names and numbers must.
					for _, x := range valid {
						u = u.union(ev[x-1])
					}
					if ok, known := c.nameSupport(u); ok || !known {
						cite = valid
					}
				}
			}
			switch {
			case len(cite) > 0:
				if len(cite) < len(valid) || len(valid) < len(nums) {
					g.Recited++ // a marker naming no passage, or the wrong one, was dropped
				}
			default:
				if n := best(c, foreign); n > 0 {
					cite = []int{n}
					if len(nums) > 0 {
						g.Recited++
					} else {
						g.Attributed++
					}
				}
			}
			if len(cite) == 0 {
				g.Dropped++
				continue
			}
			g.Kept++
			kept = append(kept, withMarkers(bare, cite))
		}
		if len(kept) > 0 {
			lines = append(lines, strings.Join(kept, " "))
		}
	}
	g.Text = strings.Join(lines, "\n")
	return g
}

// shares reports whether the evidence holds any of the claim's words.
func (c claim) shares(e evidence) bool {
	for st := range c.stems {
		if e.stems[st] {
			return true
		}
	}
	return len(c.stems) == 0
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func stripMarkers(s string) string { return strings.TrimSpace(spacedMarkerRe.ReplaceAllString(s, "")) }

func markersOf(s string) []int {
	var out []int
	for _, m := range markerRe.FindAllString(s, -1) {
		out = append(out, parseMarker(m)...)
	}
	return out
}

// withMarkers writes a sentence with its markers before the final
// punctuation: "… ground troops [1][3]."
func withMarkers(s string, nums []int) string {
	s = strings.TrimSpace(s)
	seen := map[int]bool{}
	var b strings.Builder
	sorted := append([]int(nil), nums...)
	sort.Ints(sorted)
	for _, x := range sorted {
		if !seen[x] {
			seen[x] = true
			b.WriteString("[" + strconv.Itoa(x) + "]")
		}
	}
	m := b.String()
	end := len(s)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if !strings.ContainsRune(".!?…", r) {
			break
		}
		end -= size
	}
	if end == 0 {
		return s + " " + m
	}
	return strings.TrimRightFunc(s[:end], unicode.IsSpace) + " " + m + s[end:]
}

// closest offers, for a question the articles don't answer, the best
// passage of each of the nearest (at most three) articles, quoting the
// sentence closest to the question.
func closest(question string, hits []Hit) []Citation {
	var out []Citation
	seen := map[string]bool{}
	for _, h := range hits {
		if seen[h.DocID] || len(out) == 3 {
			continue
		}
		seen[h.DocID] = true
		out = append(out, Citation{N: len(out) + 1, DocID: h.DocID, Title: h.Title, URL: h.URL, PassageID: h.ID, Date: h.Date,
			Quote: bestSentence(h.Passage, question)})
	}
	return out
}

// languageNote says, in English, that answers quoted from the articles
// are in their language when the question was asked in another, and no
// model is configured (only a model answers in the asker's language).
func (s *Service) languageNote(question string, a Answer) []string {
	if _, llm := s.answerer.(*LLMAnswerer); llm || a.Mode == ModeLLM || !isForeign(question) {
		return nil
	}
	if a.Found && isForeign(a.Text) {
		return nil // quoted from articles in another language than English, such as the question's
	}
	return []string{"Answers are quoted from the articles, in their language (English); a language model would answer in yours."}
}
