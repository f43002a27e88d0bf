package retrieval

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// A "why", "how" or "when" question takes its deed as given: "why did
// trump agree to send ground troops" presumes he agreed. When a passage
// the question found says the opposite of its own subject ("President
// Trump said he would help with air support but not ground troops"), the
// articles do not answer it: they contradict it, and the answer says so,
// quoting what they say instead. Only a denial is taken for a
// contradiction (a negation after the subject, before the deed's words),
// or a count of the same thing that is not the question's: a deed the
// articles tell in other words is no contradiction, and checking that the
// deed is told at all refused right answers told otherwise (session 23:
// right answers −8 checked, −20 variants).

// premiseRe finds a question presuming a deed and the words after its
// auxiliary: "why did <trump agree to send…>". A "how" question presumes
// one only when it asks how something managed to be done (managedRe):
// "how does the kremlin feel", "how do their demands differ" presume
// nothing.
var premiseRe = regexp.MustCompile(`(?i)^\W*(why|how come|when|how)\s+(?:did|does|do|has|have|had|would|will|was|were|is|are)\s+(.+)$`)

// deniedInQuestionRe finds a question that asks about a denial itself
// ("why won't trump send troops", "why does russia oppose…"): what a
// passage denies is then what it presumes.
var deniedInQuestionRe = regexp.MustCompile(`(?i)(?:\b(?:not|never|no|nobody|none|without|against|instead|only|refus\w*|reject\w*|oppos\w*|block\w*|fail\w*|den[iy]\w*|declin\w*|stop\w*|lack\w*|avoid\w*|ruled? out|unwilling\w*|reluctan\w*|hesita\w*|hat\w*|dislik\w*|resist\w*|fear\w*|object\w*|worr\w*|distrust\w*|doubt\w*|skeptic\w*|sceptic\w*|cant|wont|dont|doesnt|didnt|isnt|arent|wasnt|werent|wouldnt|shouldnt|couldnt|over|rather|than|vs|versus|out|remov\w*|withdraw\w*|pull\w*|expel\w*|away|rid)\b|n[’']t\b|\bw/o\b)`)

// denialRe finds a denial in a sentence; what follows it up to the end of
// the clause is what is denied.
var denialRe = regexp.MustCompile(`(?i)(?:\b(?:not|never|no|cannot|failed to|fails to|refused to|refuses to|rejected|rejects|opposed|opposes|ruled out|rules out)\b|n[’']t\b)([^,;:.!?]*)`)

// managedRe finds a question presuming success ("how did the minsk
// accords manage to end the fighting", "why did the minsk deal actually
// work at stopping the fighting"): a failure told is its denial.
var managedRe = regexp.MustCompile(`(?i)\b(?:manag\w* to|succeed\w* in|succeed\w* to|(?:actually\s+|really\s+)?work(?:ed)?\s+(?:at|to|in)|(?:so\s+)?successful(?:ly)?)\b`)

// toldFailedRe finds a failure told of the subject.
var toldFailedRe = regexp.MustCompile(`(?i)\b(?:failed|fails|did not|didn[’']t|could not|couldn[’']t)\b`)

// maxDenied bounds the words after a denial that it denies.
const maxDenied = 5

// contradicted returns the sentence of the top passages that denies what
// the question presumes, and the passage it is in; ok is false when none
// does or the question presumes nothing.
func contradicted(question string, q Query, hits []Hit) (h Hit, sentence string, ok bool) {
	ask := text.UnchatText(text.TrimChat(askingPart(question))) // "bruh why did…"
	m := premiseRe.FindStringSubmatch(strings.TrimSpace(ask))
	if m == nil {
		return Hit{}, "", false
	}
	managed := managedRe.MatchString(m[2])
	if strings.EqualFold(m[1], "how") && !managed {
		return Hit{}, "", false
	}
	if h, s, ok := wrongFigure(m[2], q, hits); ok {
		return h, s, true
	}
	if h, s, ok := wrongPlace(m[2], hits); ok {
		return h, s, true
	}
	if deniedInQuestionRe.MatchString(ask) && !managed {
		return Hit{}, "", false // (a success presumed is one, whatever it stopped: "…work at stopping the fighting")
	}
	rest := usRe.ReplaceAllString(m[2], "america") // "why did the us agree…": "us" is no stop word here
	var words []string
	for _, t := range text.Tokenize(rest) {
		if !text.IsStopWord(t.Word) {
			words = append(words, t.Word)
		}
	}
	if len(words) < 2 {
		return Hit{}, "", false
	}
	subject := subjectStems(text.Stem(words[0]))
	// the deed and what it is done to, each with the synonyms searched for it
	var deed []deedWord
	for _, w := range words[1:] {
		st := text.Stem(w)
		if isDigit(w[:1]) {
			continue // a number says how many, which a denial seldom repeats
		}
		if subject[st] || slices.ContainsFunc(deed, func(d deedWord) bool { return d.stems[0] == st }) {
			continue
		}
		d := deedWord{stems: []string{st}, verb: strings.Trim(text.WordClasses(w), "v") == ""}
		for _, alt := range q.Alt[st] {
			if !strings.Contains(alt, " ") && !q.loose[alt] {
				d.stems = append(d.stems, alt)
			}
		}
		deed = append(deed, d)
	}
	if h, s, ok := blockedGrant(words[1:], hits); ok {
		return h, s, true
	}
	for _, h := range hits[:min(3, len(hits))] {
		spans := text.Sentences(h.Text)
		for k, sp := range spans {
			s := h.Text[sp.Start:sp.End]
			at := subjectAt(s, subject)
			if at < 0 {
				if k == 0 || !pronounOpens(s) || subjectAt(h.Text[spans[k-1].Start:sp.Start], subject) < 0 {
					continue
				}
				// "Yet they failed to stop violence" is quoted with who they are
				s, at = h.Text[spans[k-1].Start:sp.End], 0
			}
			if managed && toldFailedRe.MatchString(s[at:]) {
				return h, s, true
			}
			// what the subject denies, after it: not the diplomat's "We are
			// not talking about NATO membership… but about… Ukraine" for
			// "why does ukraine want nato membership"
			if deniesAll(s, at, deed) {
				return h, s, true
			}
		}
	}
	return Hit{}, "", false
}

// grantStems are the verbs of giving or getting a thing: a question
// presuming one ("why did the paris summit offer ukraine nato
// membership") is contradicted by a sentence saying the thing is blocked,
// whoever blocks it; one presuming a wish ("why does ukraine want nato
// membership") is not.
var grantStems = map[string]bool{"offer": true, "give": true, "gave": true, "given": true, "grant": true, "admit": true,
	"let": true, "join": true, "accept": true, "approv": true, "allow": true, "award": true, "get": true, "got": true,
	"receiv": true, "welcom": true}

// blockedRe finds a thing said to be blocked or off the table: what comes
// before it in the clause is the thing.
var blockedRe = regexp.MustCompile(`(?i)\b(?:remains?|remained|is|are|was|were|stays?|stayed)\s+(?:still\s+)?(?:blocked|off the table|ruled out|shelved|on hold)\b`)

// blockedGrant returns the sentence of the top passages saying that the
// thing a question presumes given or got is blocked ("Ukraine’s path to
// NATO membership remains blocked"): words, the question's words after its
// subject, hold a grant verb, and the clause before "remains blocked"
// names half of what follows it at least.
func blockedGrant(words []string, hits []Hit) (Hit, string, bool) {
	verb := slices.IndexFunc(words, func(w string) bool { return grantStems[text.Stem(w)] })
	if verb < 0 || verb+1 == len(words) {
		return Hit{}, "", false
	}
	thing := words[verb+1:]
	for _, h := range hits[:min(3, len(hits))] {
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			m := blockedRe.FindStringIndex(s)
			if m == nil {
				continue
			}
			clause := s[strings.LastIndexAny(s[:m[0]], ",;:")+1 : m[0]]
			stems := text.Terms(clause)
			n := 0
			for _, w := range thing {
				if slices.Contains(stems, text.Stem(w)) {
					n++
				}
			}
			if n > 0 && 2*n >= len(thing) {
				return h, s, true
			}
		}
	}
	return Hit{}, "", false
}

// deedWord is a word of the deed a question presumes: its stem and those
// of its synonyms searched, and whether it is only a verb.
type deedWord struct {
	stems []string
	verb  bool
}

// deniesAll reports whether sentence s denies the deed: some of its words
// stand in a denial ("…but not ground troops"), and every thing it names
// that the sentence tells does ("why does trump prefer air support over
// ground troops" is told "air support", not denied). A verb may be told of
// another thing: "The U.S. has agreed to air support but not ground
// forces" denies "agreed to send ground troops".
func deniesAll(s string, from int, deed []deedWord) bool {
	_, stems := tokenStems(s)
	var denied []string
	for _, d := range denialRe.FindAllStringSubmatchIndex(s[from:], -1) {
		words := text.Terms(s[from+d[2] : from+d[3]])
		denied = append(denied, words[:min(maxDenied, len(words))]...)
	}
	in := func(d deedWord, seq []string) bool {
		return slices.ContainsFunc(d.stems, func(st string) bool { return slices.Contains(seq, st) })
	}
	named, hit := 0, 0 // the things the deed names, and those denied
	for _, d := range deed {
		if !d.verb {
			named++
		}
		switch {
		case in(d, denied):
			if !d.verb {
				hit++
			}
		case !d.verb && in(d, stems):
			return false // told, not denied
		}
	}
	// half of what it names at least: "…but not ground forces" is no denial that
	// the U.S. parked soldiers in Europe back in the day
	return hit > 0 && 2*hit >= named
}

// usRe finds the United States as a question's subject.
var usRe = regexp.MustCompile(`(?i)^(?:the\s+)?(?:us|u\.s\.?|usa)\b`)

// subjectStems returns the stems that name a question's subject: its
// own, and those of the names news writes for it ("moscow" and "the
// kremlin" for Russia, "russian" for it).
func subjectStems(st string) map[string]bool {
	out := map[string]bool{st: true}
	for _, adj := range text.ProperAdjectives(st) {
		out[text.Stem(adj)] = true
	}
	for _, syn := range text.Synonyms(st) {
		switch {
		case strings.Contains(syn, "."):
			out[syn] = true // "u.s", found as written (see subjectAt)
		case !strings.Contains(syn, " "):
			out[text.Stem(syn)] = true
		}
	}
	for _, other := range text.NamedBy(st) {
		if text.NameLike(text.Stem(other)) || text.Place(other) {
			out[text.Stem(other)] = true // "moscow", "kremlin" for Russia
		}
	}
	return out
}

// subjectAt returns where sentence s first names the subject, by a name
// (capitalised: "Russia", "Trump", "U.S."; a thing, "guarantees", acts
// less plainly and what denies it is seldom said of it), or -1.
func subjectAt(s string, subject map[string]bool) int {
	at := -1
	toks, stems := tokenStems(s)
	for i, st := range stems {
		if subject[st] && startsUpper(s[toks[i].Start:toks[i].End]) {
			at = toks[i].Start
			break
		}
	}
	for name := range subject {
		// "U.S.", which the tokenizer splits
		if k := strings.Index(s, strings.ToUpper(name)); strings.Contains(name, ".") && k >= 0 && (at < 0 || k < at) {
			at = k
		}
	}
	return at
}

// pronounOpensRe finds a sentence opening on a pronoun, after a
// connective: "Yet they failed to stop violence".
var pronounOpensRe = regexp.MustCompile(`(?i)^\W*(?:(?:yet|but|however|still|instead|and)\W+)?(?:they|it|he|she)\b`)

func pronounOpens(s string) bool { return pronounOpensRe.MatchString(s) }

// wrongFigure returns a sentence of the top passages that counts what a
// question presuming a deed counts with another number ("why did the 50
// countries at the paris summit walk out": "Thirty Western nations
// convened in Paris"), when no top passage counts it with the question's.
// A year is no count.
func wrongFigure(premise string, q Query, hits []Hit) (Hit, string, bool) {
	toks := text.Tokenize(writeThousands(premise))
	top := hits[:min(3, len(hits))]
	for i, t := range toks {
		n := figure(t.Word)
		if n <= 1 || n >= 1900 && n <= 2100 {
			continue // "one country at a time" counts nothing
		}
		j := i + 1
		for j < len(toks) && text.IsStopWord(toks[j].Word) {
			j++
		}
		if j == len(toks) || figure(toks[j].Word) > 0 {
			continue
		}
		counted := stemAndSynonyms(q, text.Stem(toks[j].Word))
		var other Hit
		said := ""
		for _, h := range top {
			for _, sp := range text.Sentences(h.Text) {
				stoks, seq := tokenStems(h.Text[sp.Start:sp.End])
				for k, st := range seq {
					if !counted[st] {
						continue
					}
					for b := max(0, k-figureReach); b < k; b++ {
						switch m := figure(stoks[b].Word); {
						case m == n:
							return Hit{}, "", false // the question's count is there ("Article 5" is none)
						case m > 0 && said == "":
							other, said = h, h.Text[sp.Start:sp.End]
						}
					}
				}
			}
		}
		if said != "" {
			return other, said, true
		}
	}
	return Hit{}, "", false
}

// metInRe finds where a gathering met: "meet in berlin", "convened in
// Paris", "held at Versailles" (group 1).
var metInRe = regexp.MustCompile(`(?i)\b(?:meet|meets|met|meeting|convene|convened|convening|gather|gathered|gathering|held|hold)\s+(?:in|at)\s+(\pL+)`)

// wrongPlace returns a sentence of the top passages telling that the
// gathering a question presumes met somewhere else ("why did the 30
// nations meet in berlin": "Thirty Western nations convened in Paris"),
// when no top passage names the question's place.
func wrongPlace(premise string, hits []Hit) (Hit, string, bool) {
	m := metInRe.FindStringSubmatch(premise)
	if m == nil {
		return Hit{}, "", false
	}
	place := strings.ToLower(m[1])
	if !isPlace(place) {
		return Hit{}, "", false
	}
	top := hits[:min(3, len(hits))]
	for _, h := range top {
		if slices.Contains(text.Terms(h.Title+" "+h.Text), text.Stem(place)) {
			return Hit{}, "", false // the question's place is named (as itself: Berlin is no meeting in Germany's name)
		}
	}
	for _, h := range top {
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			if o := metInRe.FindStringSubmatch(s); o != nil && startsUpper(o[1]) && isPlace(strings.ToLower(o[1])) {
				return h, s, true
			}
		}
	}
	return Hit{}, "", false
}

// isPlace reports whether a folded word names a place: a city, a country,
// or a capital named for its country ("berlin").
func isPlace(w string) bool { return text.Place(w) || namesCountry(w) }

// figureReach: the most words between a number and what it counts
// ("300,000 troops", "Thirty Western nations").
const figureReach = 3

// figure returns the number a word writes ("300,000", "50", "thirty"), or 0.
func figure(w string) int {
	if n, err := strconv.Atoi(strings.ReplaceAll(w, ",", "")); err == nil {
		return n
	}
	return countOf(text.Stem(w))
}
