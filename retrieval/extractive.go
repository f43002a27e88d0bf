package retrieval

import (
	"context"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// Extractive answers by quoting the one to three sentences of the top
// passages that best cover the question, each with its citation marker.
// It needs no network and is deterministic.
type Extractive struct{}

const (
	extractivePassages = 4 // passages sentences are taken from
	reasonPassages     = 6 // for a why-question: a reason shares fewer words with it than its subject does
	extractiveMax      = 3 // sentences in an answer
	// noveltyShare weighs what a sentence says beyond the question's own
	// words: of two sentences matching as well, the one that tells
	// something is the answer, not the one that repeats the question
	// ("the mention of a prisoner exchange as essential to ending the
	// war…"). 0.05 lifted right answers on the checked sets (+0.1 point),
	// the variants (+0.5) and the probes (+1.1); 0.1 cost the checked sets
	// 0.4 (see docs/BENCHMARKS.md, session 16).
	noveltyShare    = 0.05
	headingShare    = 0.5  // a question word in a sentence's section heading, against one in the sentence
	referShare      = 0.5  // a question word in the sentence before one that refers back ("It needs…"); 0.25 gained less
	extractiveRatio = 0.5  // a further sentence must score this share of the best
	extractiveMin   = 0.25 // and cover at least this share of the question
	answerTypeBonus = 0.1  // for a sentence holding the kind of fact asked for
	askingPenalty   = 0.6  // for a sentence that asks rather than states
	faqCoverage     = 0.65 // an article's question this close to the asked one is answered by the next sentence (0.75 missed "why does russia reject guarantees for ukraine"; 0.6 answers the same)
)

type candidate struct {
	hit      int // index into the passages
	span     text.Span
	sentence string
	score    float64
	terms    map[string]bool
	heading  bool // the passage's section heading, not a sentence of its text
	faqFirst bool // an FAQ question whose answer's first sentence comes next
	keep     bool // added for the question's shape (a reason, a side, a part): it stays in the answer
	item     bool // an item of an enumeration of what a list question names (see withEnumeration)
}

// itemsNamed returns the list items whose labels ("- Risk of False
// Promises: …") hold the most of the question's weighted words, when they
// hold at least two: the question names an item, not only its list.
func itemsNamed(items []candidate, w map[string]float64) []candidate {
	var named []candidate
	most := 1
	for _, c := range items {
		label, _, ok := strings.Cut(bulletRe.ReplaceAllString(c.sentence, ""), ":")
		if !ok {
			continue
		}
		n := 0
		for _, st := range slices.Compact(slices.Sorted(slices.Values(stemSeq(label)))) {
			if w[st] > 0 {
				n++
			}
		}
		switch {
		case n > most:
			named, most = []candidate{c}, n
		case n == most && len(named) > 0:
			named = append(named, c)
		}
	}
	return named
}

// kept counts the candidates that must stay in the answer.
func kept(cs []candidate) int {
	n := 0
	for _, c := range cs {
		if c.keep {
			n++
		}
	}
	return n
}

// Answer implements Answerer.
func (Extractive) Answer(_ context.Context, r Request) (Answer, error) {
	var total float64
	for _, w := range r.Weights {
		total += w
	}
	if groups := askedLabels(r.Question); len(groups) > 0 {
		if picked := listLabelled(r.Passages, groups); len(picked) > 0 {
			if named := itemsNamed(picked, r.Weights); len(named) > 0 {
				picked = named // "what are the risks of false promises": "- Risk of False Promises: …"
			}
			return compose(r.Passages, picked), nil // "what are the cons": the items under "Cons:"
		}
	}
	kind, qwords := classify(r.Question), questionWords(r.Question)
	searched := map[string]bool{} // the words searched for, which a sentence's novelty is not
	for _, st := range r.Query.allStems() {
		searched[st] = true
	}
	speaker, _ := askedSpeaker(r.Question, r.Query)
	if speaker.actor != "" && !namesActor(speaker.actor, r.Passages) {
		speaker = speakerAsk{} // "does the deal provide security": no one asked about
	}
	listNoun, teller := askedList(r.Question), askedTeller(r.Question)
	defSubject, ops, advice := definitionSubject(r.Question), operators(r.Question), adviceQuestionRe.MatchString(r.Question)
	var cands []candidate
	absent := absenceAskRe.MatchString(r.Question)
	aside := plainAside(setAside(r.Question, r.Query), r.Query)
	n := extractivePassages
	if kind == reasonAnswer {
		n = reasonPassages
	}
	persons := personStems(r.Query) // "diplomat": not "a diplomatic exercise"
	for hi, h := range r.Passages[:min(n, len(r.Passages))] {
		// A fact found only in a section heading ("Lessons from the 2014
		// Minsk Accords") is evidence too, quoted as the heading.
		if hd := strings.TrimSpace(h.Heading); hd != "" && (kind == quantityAnswer || kind == durationAnswer || kind == dateAnswer || kind == exactDateAnswer) && holdsAnswer(kind, hd, qwords) {
			terms := map[string]bool{}
			var have float64
			for st := range r.Query.presentLoose(stemSeq(hd)) {
				if w, ok := r.Weights[st]; ok {
					terms[st] = true
					have += w
				}
			}
			if total > 0 && have/total >= 0.5 {
				cands = append(cands, candidate{hit: hi, sentence: hd, terms: terms, heading: true,
					score: have/total + answerTypeBonus - 0.05*float64(hi)})
			}
		}
		// the section's heading speaks for each of its sentences ("Paths
		// Forward" heads the options), at half a word's weight
		headed := r.Query.presentLoose(stemSeq(h.Heading))
		recap := kind == reasonAnswer && recapHeadingRe.MatchString(h.Heading)
		var faq *candidate // the question the article asks just before, when it is the one asked
		var prevTerms, openTerms map[string]bool
		leadSeen := false
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			seq := withoutNonPersons(s, persons)
			lead := h.Ordinal == 0 && !leadSeen && !headingLine(s) // the article's first sentence
			leadSeen = leadSeen || lead
			terms := map[string]bool{}
			var have float64
			for st := range r.Query.presentLoose(seq) {
				if w, ok := r.Weights[st]; ok {
					terms[st] = true
					have += w
				}
			}
			for st := range headed {
				if w, ok := r.Weights[st]; ok && !terms[st] {
					have += headingShare * w
				}
			}
			// "True peace requires more than ceasefires. It needs
			// trust…": a sentence that refers back is also about what the
			// one before names, at half a word's weight (withContinuations
			// quotes that one too)
			if referRe.MatchString(s) {
				for st := range prevTerms {
					if !terms[st] && !headed[st] {
						have += referShare * r.Weights[st]
					}
				}
			}
			if kind == remedyAnswer && len(openTerms) > 0 && remedyOpenRe.MatchString(s) {
				// "To fix this, allies could sign binding treaties": a fix
				// of what its paragraph opens with ("A coalition promise
				// could mirror NATO's Article 5")
				for st := range openTerms {
					if !terms[st] && !headed[st] {
						have += referShare * r.Weights[st]
					}
				}
			}
			if openTerms == nil {
				openTerms = terms
			}
			prevTerms = terms
			asked := faq
			faq = nil
			if asked != nil && !strings.HasSuffix(s, "?") {
				// an FAQ: the two statements after the article's own
				// asking of the question answer it, whatever their words
				c := candidate{hit: hi, span: sp, sentence: s, terms: asked.terms, score: asked.score - codePenalty(h.Code, sp, s)}
				cands = append(cands, c)
				if asked.faqFirst { // the question's first answer sentence
					faq = &candidate{terms: asked.terms, score: asked.score - 0.01}
				}
				continue
			}
			if have == 0 || total == 0 {
				continue
			}
			if speaker.cue != nil && len(speaker.who) > 0 && asExample(s, speaker.who) {
				// "what did trump offer": "a prominent political figure like
				// Trump offers the possibility…" tells nothing he offered
				continue
			}
			if headingLine(s) && !((kind == quantityAnswer || kind == durationAnswer || kind == dateAnswer || kind == exactDateAnswer) && holdsAnswer(kind, s, qwords)) {
				// "Call to Action", "Western Allies Converge in Paris…": a
				// heading in the text names what follows, it says nothing
				// (a number or date in it is evidence, as a heading's is)
				continue
			}
			// Half weighted coverage (rare words matter most), half plain
			// coverage (a sentence matching one rare word alone is weak).
			score := 0.5*have/total + 0.5*float64(len(terms))/float64(len(r.Weights)) +
				proximity(r.Query.Stems, seq)/2 - 0.05*float64(hi) + noveltyShare*novelty(seq, searched)
			// A sentence holding the kind of fact asked for (a number for
			// "how many", a reason for "why") beats one that only repeats
			// the question's words.
			if (kind == anyAnswer || kind == definitionAnswer) && speaker.cue != nil && len(speaker.who) > 0 {
				// "how did the west respond": "Western powers imposed
				// limited sanctions"; "what does ukraine want out of the
				// talks" (asked as "what does X…"): "Ukraine demands full
				// sovereignty"
				if speaker.cue.MatchString(s) && namesSpeaker(s, speaker.who, r.Query) {
					score += answerTypeBonus
				}
			} else if kind != anyAnswer && holdsAnswer(kind, s, qwords) {
				score += answerTypeBonus
				if kind == remedyAnswer && remedyOpenRe.MatchString(s) {
					score += answerTypeBonus // "To fix this, …": the fix itself, not a word of one
				}
			}
			if teller != nil && tellsWhat(s, teller) {
				score += tellsBonus // "what does article 5 say": "Article 5 says an attack on one…"
			}
			score += definitionScore(defSubject, s) + operatorScore(ops, s) + adviceScore(advice, s)
			if !definesInRow(defSubject, s) { // a glossary's row defining the subject is its answer, no example
				score -= codePenalty(h.Code, sp, s)
			}
			if strings.HasSuffix(s, "?") {
				// a question (an FAQ heading, a rhetorical one) answers
				// only a question about it ("what's the million dollar
				// question")
				score -= askingPenalty
			}
			if absent && absenceRe.MatchString(s) {
				score += absenceBonus
			}
			if recap || lead && kind == reasonAnswer {
				score -= recapPenalty
			}
			if len(aside) > 0 && have > 0 && asideWeight(terms, aside, r.Weights) > asideShare*have && !contrasted(s, aside) {
				score -= asidePenalty // "besides sending troops": not "Some European leaders propose sending 15,000 to 20,000 troops"
			}
			// the weights are summed in a map's order: two sentences
			// holding the same words would differ in the last bit and
			// swap from run to run; rounded, the earlier one wins a tie
			score = math.Round(score*1e9) / 1e9
			c := candidate{hit: hi, span: sp, sentence: s, score: score, terms: terms}
			if strings.HasSuffix(s, "?") && faqRe.MatchString(s) && !readerOpinionRe.MatchString(s) && have/total >= faqCoverage {
				faq = &candidate{terms: terms, score: score + askingPenalty + answerTypeBonus, faqFirst: true}
			}
			cands = append(cands, c)
		}
		if listNoun != "" {
			cands = withEnumeration(cands, hi, h.Text, listNoun)
		}
	}
	if len(cands) == 0 {
		return Answer{Mode: "extractive"}, nil
	}
	cands = enumerationFirst(cands)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	cands = proseFirst(cands, r.Passages)
	best := cands[0].score
	picked := []candidate{cands[0]}
	for _, c := range cands[1:] {
		if len(picked) == extractiveMax {
			break
		}
		if c.score < best*extractiveRatio || c.score < extractiveMin {
			break
		}
		if strings.HasSuffix(c.sentence, "?") {
			continue // a question is quoted only as the best match, when it is what was asked about
		}
		if redundant(c, picked) {
			continue
		}
		picked = append(picked, c)
	}
	picked = withElaboration(r.Passages, picked, r.Query)
	if kind == reasonAnswer {
		picked = withReason(r.Passages, picked, r.Question)
	}
	for _, side := range sides(r.Question, r.Query) {
		picked = cover(picked, cands, side)
	}
	for _, doc := range r.Each {
		picked = coverArticle(picked, cands, r.Passages, doc)
	}
	var uncovered []string
	for _, part := range questionParts(r.Question) {
		var ok bool
		if picked, ok = coverPart(picked, cands, part, r.Weights); !ok {
			uncovered = append(uncovered, part.text)
		}
	}
	// last, so that what they add is not cut to make room for a side or
	// a part, which they never push out
	picked = withAnnounced(r.Passages, picked, kind == quantityAnswer || kind == durationAnswer)
	switch kind {
	case lessonAnswer:
		picked = withConclusion(r.Passages, picked, conclusionRe)
	case remedyAnswer:
		picked = withConclusion(r.Passages, picked, remedyOpenRe)
	case outcomeAnswer:
		// "how did the nukes for borders deal work out": what the article
		// tells next ("Yet in 2014, Russia invaded Crimea anyway")
		picked = withConclusion(r.Passages, picked, outcomeWordRe)
	}
	if meansQRe.MatchString(r.Question) {
		picked = withMeans(r.Passages, picked)
	}
	if len(picked) == 1 {
		picked = withNext(r.Passages, picked)
	}
	a := compose(r.Passages, withContinuations(r.Passages, picked))
	if len(uncovered) > 0 {
		a.Notes = append(a.Notes, "The articles don't answer this part: "+quoteList(uncovered)+".")
	}
	return a, nil
}

// tellerRe asks what a text or a rule says: "what does nato's article 5
// actually say", "what does the treaty even require".
var tellerRe = regexp.MustCompile(`(?i)\bwhat(?:\s+(?:does|did|do|would|will|is)\s+|['’]?s\s+)(.+?)\s+(?:even\s+|\pL+ly\s+)?(?:say|state|stipulate|mean|require)\b`)

// tellsBonus: a sentence telling what the text asked about says is its
// answer, whatever else the question's words match ("Yet this idea still
// mimics NATO’s Article 5 promise" names both "nato" and "5").
const tellsBonus = 0.6

// tellVerbs tell what a text or rule says.
var tellVerbs = map[string]bool{"says": true, "said": true, "states": true, "stated": true, "stipulates": true, "provides": true,
	"requires": true, "required": true, "means": true, "meant": true, "promises": true, "promised": true, "guarantees": true, "commits": true}

// askedTeller returns the stems of what a question asks to say something
// ("nato", "5" in "what does nato's article 5 say"), or nil.
func askedTeller(question string) map[string]bool {
	m := tellerRe.FindStringSubmatch(text.UnchatText(question)) // "wat does…", "wats article 5 say"
	if m == nil {
		return nil
	}
	out := map[string]bool{}
	for _, t := range text.Tokenize(m[1]) {
		if !text.IsStopWord(t.Word) {
			out[text.Stem(t.Word)] = true
		}
	}
	return out
}

// tellsWhat reports whether sentence s tells what the teller says: a word
// of it right before a verb of telling ("Article 5 says…").
func tellsWhat(s string, teller map[string]bool) bool {
	toks, stems := tokenStems(s)
	for i := 0; i+1 < len(toks); i++ {
		if teller[stems[i]] && tellVerbs[toks[i+1].Word] {
			return true
		}
	}
	return false
}

// A question of several parts ("what does Russia want? and what does
// Ukraine want?") is answered part by part: each part needs a sentence
// holding half of its weight, or the answer says which part the articles
// don't answer.
type questionPart struct {
	text  string
	stems []string
	mark  bool // a question mark closes it
}

var partSplitRe = regexp.MustCompile(`(?i)\?+|;|\s(?:and|also|plus)\s+(?:what|who|why|how|when|where|which|did|does|do|is|are|was|were)\b`)

// questionParts splits a question into its parts when it has several, each
// with at least two search words; nil for a one-part question.
func questionParts(question string) []questionPart {
	idx := partSplitRe.FindAllStringIndex(question, -1)
	if len(idx) == 0 {
		return nil
	}
	var parts []questionPart
	start := 0
	for _, m := range append(idx, []int{len(question), len(question)}) {
		chunk := strings.TrimSpace(question[start:m[0]])
		if m[0] < len(question) && strings.HasPrefix(strings.TrimSpace(question[m[0]:m[1]]), "and") || m[1] > m[0] && question[m[0]] == ' ' {
			start = m[0] // the question word after "and" opens the next part
			for start < len(question) && question[start] == ' ' {
				start++
			}
			start += len(strings.Fields(question[start:m[1]])[0]) // skip "and"/"also"/"plus"
		} else {
			start = m[1]
		}
		q, err := BuildQuery(chunk)
		if err != nil || len(q.Stems) < 2 {
			continue
		}
		parts = append(parts, questionPart{text: chunk, stems: q.Stems, mark: m[0] < len(question) && question[m[0]] == '?'})
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}

// coverPart reports whether a picked sentence holds half of the part's
// weight, adding the best candidate that does when none does.
func coverPart(picked, cands []candidate, part questionPart, w map[string]float64) ([]candidate, bool) {
	share := func(c candidate) float64 {
		var have, total float64
		for _, st := range part.stems {
			total += w[st]
			if c.terms[st] {
				have += w[st]
			}
		}
		if total == 0 {
			return 0
		}
		return have / total
	}
	for _, p := range picked {
		if share(p) >= 0.5 {
			return picked, true
		}
	}
	for _, c := range cands {
		if share(c) >= 0.5 && !redundant(c, picked) {
			if len(picked) == extractiveMax {
				picked = picked[:extractiveMax-1]
			}
			c.keep = true
			return append(picked, c), true
		}
	}
	return picked, false
}

var (
	comparisonRe = regexp.MustCompile(`(?i)\b(compare[sd]?|comparison|differ|differs|difference|differences|different|versus|vs|in common|similar|similarly|same|both|each|between)\b`)
	sideJoinRe   = regexp.MustCompile(`(?i)^(and|vs|versus|or|with)$`)
)

// sides returns the stems of the two things a comparison names ("how do
// trump's and europe's offers differ" → trump, europ): the most specific
// search word on each side of the "and", "vs" or "or" that joins them.
func sides(question string, q Query) []string {
	if !comparisonRe.MatchString(question) {
		return nil
	}
	stems := map[string]bool{}
	for _, st := range q.Stems {
		stems[st] = true
	}
	toks := text.Tokenize(question)
	for i, t := range toks {
		if !sideJoinRe.MatchString(t.Word) {
			continue
		}
		pick := func(from, to, step int) string {
			best, spec := "", -1.0
			for j, n := from, 0; j != to && n < 3; j += step {
				st := text.Stem(toks[j].Word)
				if !stems[st] {
					continue
				}
				n++
				if sp := text.Specificity(st); sp > spec {
					best, spec = st, sp
				}
			}
			return best
		}
		a, b := pick(i-1, -1, -1), pick(i+1, len(toks), 1)
		if a != "" && b != "" && a != b {
			return []string{a, b}
		}
	}
	return nil
}

// cover makes sure a picked sentence mentions stem: if none does, the best
// candidate that does joins the answer (in place of the weakest pick when
// the answer is full), so a comparison quotes both sides.
func cover(picked, cands []candidate, stem string) []candidate {
	for _, p := range picked {
		if p.terms[stem] {
			return picked
		}
	}
	for _, c := range cands {
		if !c.terms[stem] || redundant(c, picked) {
			continue
		}
		if len(picked) == extractiveMax {
			picked = picked[:extractiveMax-1]
		}
		c.keep = true
		return append(picked, c)
	}
	return picked
}

// coverArticle makes sure a picked sentence is quoted from article doc,
// as cover does for a side of a comparison: a question asking what each
// of two articles says quotes both.
func coverArticle(picked, cands []candidate, hits []Hit, doc string) []candidate {
	for _, p := range picked {
		if hits[p.hit].DocID == doc {
			return picked
		}
	}
	for _, c := range cands {
		if hits[c.hit].DocID != doc || c.heading || strings.HasSuffix(c.sentence, "?") || redundant(c, picked) {
			continue
		}
		if len(picked) == extractiveMax {
			// make room from an article quoted more than once, never
			// dropping what another article or the question's shape needs
			quoted := map[string]int{}
			for _, p := range picked {
				quoted[hits[p.hit].DocID]++
			}
			j := len(picked) - 1
			for j >= 0 && (picked[j].keep || quoted[hits[picked[j].hit].DocID] < 2) {
				j--
			}
			if j < 0 {
				return picked
			}
			picked = append(picked[:j:j], picked[j+1:]...)
		}
		c.keep = true
		return append(picked, c)
	}
	return picked
}

// continuationRe: a sentence opening like this carries on from the one
// before it ("The Minsk agreements aimed to end fighting. Yet they failed").
var continuationRe = regexp.MustCompile(`^(Yet|However|But|Still|Instead|Even so|Nonetheless|Nevertheless)\b`)

// referRe: a sentence opening like this refers back to the one before it
// ("He demands that NATO remove troops" needs "President Putin sees…";
// "Otherwise, they become nothing more than words on paper" needs what
// must be done: "Hence, guarantees must be backed by real military
// readiness").
var referRe = regexp.MustCompile(`^(He|She|They|It|This|That|These|Those|His|Her|Their|Its|Otherwise|Without (?:this|that|these|those|them|it))\b`)

// connectiveRe: a sentence opening like this draws a conclusion from the
// one before it; an answer may quote it alone ("Thus, allies must decide…"
// answers by itself), a summary does not.
var connectiveRe = regexp.MustCompile(`^(Thus|Hence|Consequently|Therefore|Such)\b`)

// withContinuations adds, after a picked sentence, the next sentence of its
// passage when that one continues it, and before it the previous sentence
// when it refers back to that one, up to extractiveMax sentences.
func withContinuations(hits []Hit, picked []candidate) []candidate {
	out := make([]candidate, 0, extractiveMax+1)
	for i, c := range picked {
		if c.heading {
			out = append(out, c)
			continue
		}
		if referRe.MatchString(c.sentence) && len(out) < extractiveMax-1 {
			before := hits[c.hit].Text[:c.span.Start]
			if spans := text.Sentences(before); len(spans) > 0 {
				p := spans[len(spans)-1]
				prev := before[p.Start:p.End]
				// a question before is quoted only when the sentence is
				// about it ("…entail in practice? This is the question…")
				asks := strings.HasSuffix(prev, "?") && !aboutPrevRe.MatchString(c.sentence)
				if !asks && !alreadyPicked(picked, c.hit, p.Start) && !alreadyPicked(out, c.hit, p.Start) {
					out = append(out, candidate{hit: c.hit, span: p, sentence: prev})
				}
			}
		}
		out = append(out, c)
		rest := hits[c.hit].Text[c.span.End:]
		spans := text.Sentences(rest)
		// a continuation ("Yet…") never pushes out the reason a why-answer
		// needs
		if len(out)+kept(picked[i+1:]) >= extractiveMax || len(spans) == 0 {
			continue
		}
		next := rest[spans[0].Start:spans[0].End]
		if continuationRe.MatchString(next) && !strings.HasSuffix(next, "?") && !alreadyPicked(picked, c.hit, c.span.End+spans[0].Start) {
			out = append(out, candidate{hit: c.hit, span: text.Span{Start: c.span.End + spans[0].Start, End: c.span.End + spans[0].End}, sentence: next})
		}
	}
	if len(out) > extractiveMax {
		out = out[:extractiveMax]
	}
	return out
}

// recapHeadingRe: a section summing the article up ("Key Takeaways"),
// restating in a line what the body tells at length. Such a line, and an
// article's lead ("European leaders join Ukrainian President in seeking
// long-term security commitments…"), says what, not why: to a
// why-question it repeats the question's words ("- Ukrainian and
// European Push for Security Guarantees: President Zelensky, joined by
// other European leaders, is actively seeking… from former U.S.
// President Donald Trump") and outscored the body's reason
// ("…a former president and a leading contender for future office");
// recapPenalty is what it loses there.
var recapHeadingRe = regexp.MustCompile(`(?i)(?:^|·\s*)(?:key\s+(?:takeaways?|points|facts|findings)|takeaways?|summary|in summary|in brief|at a glance|tl;?\s*dr|highlights|the bottom line|bottom line)\s*$`)

const recapPenalty = 0.4

// absenceAskRe finds a question about something lacking ("guarantees
// without troops", "promises with no soldiers attached"); absenceRe a
// sentence telling of a lack ("If guarantees come with no boots on the
// ground, Russia may risk another attack", "Without these, guarantees
// are just statements"), which answers it better than one telling of the
// thing present ("Guarantees backed by real forces…").
var (
	absenceAskRe = regexp.MustCompile(`(?i)\b(?:without|w/o|with no|minus)\s+(?:any\s+|actual\s+|real\s+)?\pL+`)
	absenceRe    = regexp.MustCompile(`(?i)\b(?:without|with no|lacks?|lacking|absent)\b`)
)

const absenceBonus = 0.15

// faqRe: a question as an FAQ asks it, opening with its question word
// (not "This is the question, isn't it?").
var faqRe = regexp.MustCompile(`(?i)^\W*(what|why|how|who|whom|whose|when|where|which|do|does|did|is|are|can|could|will|would|should)\b`)

// headingLine reports whether a sentence is a heading line of the text:
// no closing punctuation, at most twenty words, and most of its words of
// four letters or more capitalised ("Call to Action").
func headingLine(s string) bool {
	s = strings.TrimSpace(s)
	r, _ := utf8.DecodeLastRuneInString(s)
	if s == "" || strings.ContainsRune(".!?:;\"”’)", r) {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 20 {
		return false
	}
	long, capital := 0, 0
	for _, w := range words {
		w = strings.TrimLeft(w, "-–•*\"“‘(")
		if utf8.RuneCountInString(w) < 4 {
			continue
		}
		long++
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			capital++
		}
	}
	return long > 0 && 10*capital >= 6*long
}

// readerOpinionRe: a question the article asks its readers ("What are
// your predictions for the future of European security?"), which the
// next sentence doesn't answer ("Share your thoughts in the comments
// below!").
var readerOpinionRe = regexp.MustCompile(`(?i)\b(?:your|ur) (?:predictions?|thoughts?|opinions?|views?|take|experiences?|guess)\b|\bwhat do (?:you|u) think\b|\bdo (?:you|u) (?:agree|think)\b`)

// aboutPrevRe: a sentence that opens by pointing at the one before.
var aboutPrevRe = regexp.MustCompile(`^\W*(This|That) (is|was)\b`)

func alreadyPicked(picked []candidate, hit, start int) bool {
	for _, p := range picked {
		if p.hit == hit && p.span.Start == start {
			return true
		}
	}
	return false
}

// redundant: the sentence repeats one already picked (same words).
func redundant(c candidate, picked []candidate) bool {
	for _, p := range picked {
		if p.hit == c.hit && p.span == c.span {
			return true
		}
		if jaccard(wordSet(p.sentence), wordSet(c.sentence)) > 0.6 {
			return true
		}
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range text.Tokenize(s) {
		m[t.Word] = true
	}
	return m
}

// compose writes the sentences with markers numbered by first use; each
// citation quotes the passage from its first to its last cited sentence.
func compose(hits []Hit, picked []candidate) Answer {
	a := Answer{Found: true, Mode: "extractive"}
	num := map[int]int{}         // hit index → citation number
	spans := map[int]text.Span{} // hit index → quoted span
	var parts []string
	onlyHeading := map[int]bool{} // hit index → only its heading is cited
	for _, c := range picked {
		n, ok := num[c.hit]
		if !ok {
			n = len(num) + 1
			num[c.hit] = n
			spans[c.hit] = c.span
			onlyHeading[c.hit] = c.heading
		}
		if c.heading {
			parts = append(parts, "Section heading: “"+oneLine(c.sentence)+"” ["+strconv.Itoa(n)+"].")
			continue
		}
		if onlyHeading[c.hit] {
			spans[c.hit], onlyHeading[c.hit] = c.span, false
		}
		sp := spans[c.hit]
		spans[c.hit] = text.Span{Start: min(sp.Start, c.span.Start), End: max(sp.End, c.span.End)}
		parts = append(parts, withMarker(oneLine(c.sentence), n))
	}
	a.Text = strings.Join(parts, " ")
	a.Citations = make([]Citation, len(num))
	for hi, n := range num {
		h := hits[hi]
		sp := spans[hi]
		quote := h.Text[sp.Start:sp.End]
		if onlyHeading[hi] {
			quote = strings.TrimSpace(h.Heading)
		}
		a.Citations[n-1] = citation(n, h.Passage, quote)
	}
	return a
}

// withMarker puts the citation marker before a sentence's final full stop:
// "… ground troops [1]."
// A sentence ending in a closing quotation mark takes the marker before
// its full stop too ("… Ukraine faces [3]."), so that the marker stays in
// the sentence it cites.
func withMarker(s string, n int) string {
	m := " [" + strconv.Itoa(n) + "]"
	end := strings.TrimRight(s, `"'”’`)
	if k := len(end) - 1; k >= 0 && strings.ContainsRune(".!?", rune(end[k])) {
		return end[:k] + m + s[k:]
	}
	return s + m
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// reasonCueRe marks a sentence that gives a reason or a motive.
var reasonCueRe = regexp.MustCompile(`(?i)\b(because|so that|in order to|due to|as a result|aim(?:s|ed|ing)? to|to ensure|to deter|to prevent|so as to|given that|otherwise|fears?|feared|worr(y|ies|ied)|risks?|threat|afraid|hopes? to|wants? to|seeks? to|serve[sd]? as|acts? as|acted as|meant to|designed to|intended to|purpose|(?:sees?|seen|views?|viewed|regards?|regarded)\b.{0,30}\bas)\b`)

// withReason answers a "why" question with the reason next to the best
// sentence: the answer to "why does Ukraine want guarantees before a
// ceasefire" is often the sentence before or after the one that repeats
// the question ("The government fears Russia will attack again…"), which
// shares few of its words. The nearest sentence within two of the best
// one that gives a reason joins the answer.
func withReason(hits []Hit, picked []candidate, question string) []candidate {
	if len(picked) == 0 {
		return picked
	}
	picked = withCauses(hits, picked)
	// "why did minsk fail": what went wrong is what didn't happen or
	// couldn't ("Observers … could not enforce the deal"), said after the
	// failure the answer quotes; a stated aim is no reason for a failure.
	cue, anchor := reasonCueRe, picked[0]
	if failureQRe.MatchString(question) {
		cue = shortfallRe
		for _, p := range picked {
			if p.hit == anchor.hit && p.span.Start > anchor.span.Start && !p.heading {
				anchor = p
			}
		}
	} else {
		for _, p := range picked {
			if cue.MatchString(p.sentence) {
				return picked // a reason is already quoted
			}
		}
	}
	if anchor.heading {
		return picked
	}
	spans := text.Sentences(hits[anchor.hit].Text)
	at := -1
	for i, sp := range spans {
		if sp.Start == anchor.span.Start {
			at = i
		}
	}
	if at < 0 {
		return picked
	}
	order := []int{at + 1, at - 1, at + 2, at - 2}
	if cue == shortfallRe {
		order = []int{at + 1, at + 2, at + 3} // the failure first, then what went wrong
	}
	for _, j := range order {
		if j < 0 || j >= len(spans) || alreadyPicked(picked, anchor.hit, spans[j].Start) {
			continue
		}
		sentence := hits[anchor.hit].Text[spans[j].Start:spans[j].End]
		if !cue.MatchString(sentence) || strings.HasSuffix(sentence, "?") || cue == shortfallRe && failedRe.MatchString(sentence) ||
			j > at && consequenceRe.MatchString(sentence) {
			continue // a conclusion drawn from the best sentence ("As a result, …") is no reason for it
		}
		if cue == shortfallRe && j > at+1 {
			// the failure said between them is quoted too, before
			// sentences from elsewhere
			var run []candidate
			for k := at + 1; k <= j; k++ {
				if !alreadyPicked(picked, anchor.hit, spans[k].Start) {
					run = append(run, candidate{hit: anchor.hit, span: spans[k], sentence: hits[anchor.hit].Text[spans[k].Start:spans[k].End], keep: k == j})
				}
			}
			i := slices.IndexFunc(picked, func(c candidate) bool { return c.span == anchor.span && c.hit == anchor.hit })
			// what does not fit goes: sentences from elsewhere first, then
			// the ones between the failure and what went wrong, never that
			rest := picked[i+1:]
			for len(picked[:i+1])+len(run)+len(rest) > extractiveMax && len(rest) > 0 {
				rest = rest[:len(rest)-1]
			}
			for len(picked[:i+1])+len(run) > extractiveMax && len(run) > 1 {
				run = append(run[:len(run)-2:len(run)-2], run[len(run)-1])
			}
			out := append(append(slices.Clone(picked[:i+1]), run...), rest...)
			return out[:min(len(out), extractiveMax)]
		}
		if len(picked) == extractiveMax {
			picked = picked[:extractiveMax-1]
		}
		picked = append(picked, candidate{hit: anchor.hit, span: spans[j], sentence: sentence, keep: true})
		if cue == reasonCueRe {
			picked = otherReasons(hits, picked)
		}
		return picked
	}
	return picked
}

// otherReasons replaces a sentence picked after the first that gives no
// reason with the reason right after it in its passage, when there is
// one: "why is a prisoner swap such a big deal" quoted two sentences
// restating that the exchange is essential, the second followed by
// "Prisoner exchanges are often seen as confidence-building measures".
func otherReasons(hits []Hit, picked []candidate) []candidate {
	out := slices.Clone(picked)
	for k := 1; k < len(out)-1; k++ {
		c := out[k]
		if c.keep || c.heading || reasonCueRe.MatchString(c.sentence) {
			continue
		}
		next := following(hits, c, 1)
		if len(next) == 0 || alreadyPicked(out, c.hit, next[0].span.Start) {
			continue
		}
		n := next[0].sentence
		if !reasonCueRe.MatchString(n) || strings.HasSuffix(n, "?") || consequenceRe.MatchString(n) || !prose(n) {
			continue
		}
		next[0].keep = true
		out[k] = next[0]
	}
	return out
}

// consequenceRe opens a sentence that draws a conclusion from the one
// before it: "Therefore, Ukraine and its allies cannot afford endless
// talks." answers "why can't they keep talking" only with its premise.
var consequenceRe = regexp.MustCompile(`(?i)^\W*(therefore|thus|hence|so|consequently|as a result|that is why|this is why|for this reason)\b`)

// personStems returns the stems of the question's words naming a kind
// of person ("diplomat", "envoys").
func personStems(q Query) map[string]bool {
	var m map[string]bool
	for i, w := range q.Words {
		if text.PersonNoun(w) {
			if m == nil {
				m = map[string]bool{}
			}
			m[q.Stems[i]] = true
		}
	}
	return m
}

// withoutNonPersons returns the stems of s, with "" for an adjective
// whose stem is one of persons': the Porter stemmer gives "diplomatic" the
// stem of "diplomat", and "The Paris meeting is not merely a diplomatic
// exercise" names no diplomat ("peacekeeping teams" are peacekeepers).
func withoutNonPersons(s string, persons map[string]bool) []string {
	if len(persons) == 0 {
		return stemSeq(s)
	}
	toks, seq := tokenStems(s)
	for k, t := range toks {
		if persons[seq[k]] && !text.PersonNoun(t.Word) && adjectiveRe.MatchString(t.Word) {
			seq[k] = ""
		}
	}
	return seq
}

// adjectiveRe: a word ending as adjectives made from nouns do.
var adjectiveRe = regexp.MustCompile(`(?:ic|ical|ically)$`)

// failureQRe asks why something failed or didn't happen.
var failureQRe = regexp.MustCompile(`(?i)\b(fail(ed|s|ure)?|flawed|collapsed?|fell apart|fell through|broke down|flop(ped|s)?|bombed|tanked|fizzled( out)?|backfired|crumbled|unravell?ed|go(es)? wrong|went wrong|not\s+(work|succeed|hold|last)|(didn'?t|did not|doesn'?t|does not|don'?t|wasn'?t|weren'?t|couldn'?t|could not)\s+\w+)\b`)

// failedRe: a sentence that says something failed, not what went wrong.
var failedRe = regexp.MustCompile(`(?i)\bfail(ed|s|ure)?\b`)

// shortfallRe marks a sentence saying what didn't happen or couldn't.
var shortfallRe = regexp.MustCompile(`(?i)\b(not|never|no|nor|without|unable|failed|lacked|lacking|only|limited|little|neither)\b|n't\b`)

// ownAnswer: a sentence picked from another passage scoring at least this
// share of a quoted conclusion's score answers on its own, and keeps its
// place before the conclusion's premise of two sentences ("Russia opposes
// any foreign military presence in Ukraine", 0.87 of "Hence, Moscow says
// it will never accept foreign forces"; "Guarantees backed by real forces
// … can deter aggression", 0.5 of "Hence, guarantees must be backed by real
// military readiness", gives way to "Hostile forces often see vague deals
// as opportunities. They probe defenses…").
const ownAnswer = 0.75

// withCauses puts the premise before a quoted conclusion ("Therefore, …"):
// "Hence, Moscow says it will never accept foreign forces" answers "why
// is russia against guarantees with troops" only with what leads to it.
// A conclusion drawn from a conclusion ("As a result, any plan…" after
// "Hence, …") goes back to the first of them, and those drawn after it
// in its passage go (they restate it). The premise is the sentence
// before it in its paragraph; sentences picked after the conclusion are
// pushed out from the last to make room for it. The sentence before the
// premise joins when there is room left ("The United States … is an
// indispensable player. … the scale of American … assistance has been
// paramount. Therefore, securing American buy-in … is crucial"), and must
// when the premise refers back to it ("President Putin sees Ukraine as a
// buffer zone. He demands that NATO remove troops…"); such a pair is quoted
// only when it fits without pushing out another sentence, unless it was
// picked already.
func withCauses(hits []Hit, picked []candidate) []candidate {
	for i, c := range picked {
		if c.heading || !consequenceRe.MatchString(c.sentence) {
			continue
		}
		h := hits[c.hit].Text
		spans := text.Sentences(h)
		at := func(k int) string { return h[spans[k].Start:spans[k].End] }
		// joined: sentence k leads on to k+1, in one paragraph
		joined := func(k int) bool {
			return k >= 0 && !strings.HasSuffix(at(k), "?") && !strings.Contains(h[spans[k].End:spans[k+1].Start], "\n\n")
		}
		sentence := func(k int) candidate {
			return candidate{hit: c.hit, span: spans[k], sentence: at(k), terms: c.terms}
		}
		j := slices.IndexFunc(spans, func(sp text.Span) bool { return sp.Start == c.span.Start })
		if j < 0 {
			continue // not one of its passage's sentences (a list item)
		}
		for joined(j-1) && consequenceRe.MatchString(at(j-1)) {
			j--
		}
		conclusion := sentence(j)
		conclusion.keep = c.keep
		premise, before := -1, -1 // sentence indexes: the premise and the one before it
		pair := false             // the premise refers back to the one before
		switch {
		case !joined(j - 1):
		case referRe.MatchString(at(j - 1)):
			if joined(j - 2) {
				premise, before, pair = j-1, j-2, true
			}
		default:
			premise = j - 1
			if joined(j-2) && !referRe.MatchString(at(j-2)) && !consequenceRe.MatchString(at(j-2)) {
				before = j - 2
			}
		}
		own := func(p candidate, k int) bool { return k >= 0 && p.hit == c.hit && p.span == spans[k] }
		if !pair && before >= 0 && alreadyPicked(picked, c.hit, spans[before].Start) {
			before = -1 // it stays where it is
		}
		var ahead, after []candidate
		for k, p := range picked {
			switch {
			case own(p, premise) || own(p, before) || own(p, j) ||
				p.hit == c.hit && p.span.Start > spans[j].Start && consequenceRe.MatchString(p.sentence):
				// moved, or a restatement
			case k < i:
				ahead = append(ahead, p)
			default:
				after = append(after, p)
			}
		}
		room := extractiveMax - len(ahead) - 1
		var run []candidate
		// a pair already quoted stays, before what follows the conclusion
		pairQuoted := pair && (alreadyPicked(picked, c.hit, spans[premise].Start) || alreadyPicked(picked, c.hit, spans[before].Start))
		switch {
		case pairQuoted && room >= 2:
			run, room = []candidate{sentence(before), sentence(premise)}, room-2
		case premise >= 0 && !pair && room > 0:
			run, room = []candidate{sentence(premise)}, room-1
		}
		// then the sentences picked from other passages that score about
		// as well as the conclusion (answers of their own: "Russia opposes
		// any foreign military presence"), then a pair not yet quoted, then
		// the rest in order ("Otherwise, they become nothing more than
		// words…" after the conclusion in its passage)
		keep := make([]bool, len(after))
		for k, p := range after {
			if p.hit != c.hit && p.score >= ownAnswer*c.score && room > 0 {
				keep[k], room = true, room-1
			}
		}
		if pair && !pairQuoted && room >= 2 {
			run, room = []candidate{sentence(before), sentence(premise)}, room-2
		}
		for k := range after {
			if !keep[k] && room > 0 {
				keep[k], room = true, room-1
			}
		}
		var stay []candidate
		for k, p := range after {
			if keep[k] {
				stay = append(stay, p)
			}
		}
		after = stay
		if !pair && before >= 0 && len(run) == 1 && room >= 1 {
			run = slices.Insert(run, 0, sentence(before))
		}
		out := slices.Concat(ahead, run, []candidate{conclusion}, after)
		if !slices.EqualFunc(out, picked, func(a, b candidate) bool { return a.hit == b.hit && a.span == b.span }) {
			return out
		}
	}
	return picked
}

// elaborationNovelty: a best sentence in which fewer than this share of
// the content words are new to the question mostly restates it. Chosen on
// the dev and check sets (0.5: +1 answer right, 0.6: +3, 0.7: +5, 0.8: +4,
// none lost at 0.7).
const elaborationNovelty = 0.7

// withElaboration adds the sentence after the best one when the best one
// only sets the question up ("Instead, experts suggest a multi-layered
// approach is more probable.", "The meeting in Paris provides crucial
// context.") and the next one says what it is.
func withElaboration(hits []Hit, picked []candidate, q Query) []candidate {
	best := picked[0]
	if best.heading {
		return picked
	}
	words, novel := 0, 0
	for _, t := range text.Tokenize(best.sentence) {
		if text.IsStopWord(t.Word) || len(t.Word) < 3 {
			continue
		}
		words++
		if len(q.presentLoose([]string{text.Stem(t.Word)})) == 0 {
			novel++
		}
	}
	setup := strings.HasSuffix(best.sentence, ":") || words > 0 && float64(novel)/float64(words) < elaborationNovelty
	if !setup {
		return picked
	}
	next := following(hits, best, 1)
	if len(next) == 0 {
		return picked
	}
	c := next[0]
	if !prose(c.sentence) || inCode(hits[c.hit].Code, c.span) || alreadyPicked(picked, c.hit, c.span.Start) {
		return picked
	}
	out := append([]candidate{best, c}, picked[1:]...)
	return out[:min(len(out), extractiveMax)]
}

// announceRe finds a sentence announcing a count of things ("Europe's
// push aims at two goals."), firstRe the sentence that starts to list
// them ("First, it hopes to save Ukraine…").
var (
	announceRe = regexp.MustCompile(`(?i)\b(?:two|three|four|five|several|a few|a number of)\s+(?:\pL+\s+)?(?:goals|aims|objectives|options|ways|reasons|models|paths|steps|points|parts|approaches|priorities|conditions|elements|pillars|scenarios|lessons|things)\b[^.]*[.:]$`)
	firstRe    = regexp.MustCompile(`^(?:First,|Firstly\b|First of all\b|To begin with\b|The first is\b|One is\b)`)
	// vagueAnnounceRe announces things it does not count ("…are exploring
	// various models for these security guarantees."), and theseRe opens
	// the sentence saying what they are ("These could range from…")
	vagueAnnounceRe = regexp.MustCompile(`(?i)\b(?:various|a range of|a variety of|different)\s+(?:\pL+\s+)?(?:goals|aims|objectives|options|ways|reasons|models|paths|steps|points|parts|approaches|priorities|conditions|elements|pillars|scenarios|lessons|things)\b[^.]*[.:]$`)
	theseRe         = regexp.MustCompile(`^These (?:could |can |may |might |would )?(?:include|range|involve)\b`)
)

// withAnnounced adds, after a picked sentence that announces a count of
// things, the sentence that starts to list them, which says what they
// are: "Europe's push aims at two goals." alone answers nothing. When the
// answer is full, the lowest-scoring other sentence makes room. Things
// announced but not counted are said too, except to a question asking
// how many: there the announcement answers nothing, and what they are
// would push out the count.
func withAnnounced(hits []Hit, picked []candidate, counting bool) []candidate {
	for i, c := range picked {
		if c.heading {
			continue
		}
		opener := firstRe
		if !announceRe.MatchString(c.sentence) {
			if counting || !vagueAnnounceRe.MatchString(c.sentence) {
				continue
			}
			opener = theseRe
		}
		next := following(hits, c, 1)
		if len(next) == 0 || !opener.MatchString(next[0].sentence) || redundant(next[0], picked) {
			continue
		}
		if out, ok := insertAfter(picked, i, next[0]); ok {
			at := slices.IndexFunc(out, func(p candidate) bool { return p.hit == c.hit && p.span == next[0].span })
			return withSecond(hits, out, at, c.sentence)
		}
	}
	// "First, it hopes to save Ukraine…" quoted for itself: its
	// announcement comes with it (see withContinuations), and so does the
	// second of two
	for i, c := range picked {
		if c.heading || !firstRe.MatchString(c.sentence) {
			continue
		}
		spans := text.Sentences(hits[c.hit].Text)
		for k := 1; k < len(spans); k++ {
			if spans[k].Start == c.span.Start {
				if prev := hits[c.hit].Text[spans[k-1].Start:spans[k-1].End]; announceRe.MatchString(prev) || manyRe.MatchString(prev) {
					return withSecond(hits, picked, i, prev)
				}
			}
		}
	}
	return picked
}

// withSecond adds, after picked[at], the first of two things an
// announcement counts, the sentence listing the second ("Second, it wants
// to strengthen its own defense capacity"): the answer's other half.
func withSecond(hits []Hit, picked []candidate, at int, announce string) []candidate {
	next := following(hits, picked[at], 1)
	if !twoRe.MatchString(announce) || len(next) == 0 || !secondRe.MatchString(next[0].sentence) || alreadyPicked(picked, picked[at].hit, next[0].span.Start) {
		return picked
	}
	out := slices.Clone(picked)
	out[at].keep = true
	if at > 0 && out[at-1].sentence == announce {
		out[at-1].keep = true // the announcement stays with its two
	}
	if both, ok := insertAfter(out, at, next[0]); ok {
		return both
	}
	return picked
}

// twoRe finds an announced count of two; secondRe the sentence listing
// the second thing.
var (
	twoRe = regexp.MustCompile(`(?i)\b(?:two|2|twofold|dual|multifaceted|manifold)\b`)
	// manyRe announces things of several sides without counting them:
	// "The strategic rationale behind engaging with Trump is multifaceted."
	manyRe   = regexp.MustCompile(`(?i)\b(?:is|are)\s+(?:multifaceted|twofold|manifold)\W*$`)
	secondRe = regexp.MustCompile(`^(?:Second,|Secondly\b|The second is\b|The other is\b)`)
)

// insertAfter puts c after picked[i], in place of the lowest-scoring
// sentence other than the best one, picked[i] and the kept ones when the
// answer is full; ok is false when there is no room.
func insertAfter(picked []candidate, i int, c candidate) (out []candidate, ok bool) {
	out = slices.Clone(picked)
	if len(out) >= extractiveMax {
		drop := -1
		for j, o := range out {
			if j != i && j != 0 && !o.keep && (drop < 0 || o.score < out[drop].score) {
				drop = j
			}
		}
		if drop < 0 {
			return picked, false
		}
		out = slices.Delete(out, drop, drop+1)
		if drop < i {
			i--
		}
	}
	return slices.Insert(out, i+1, c), true
}

// conclusionRe opens a sentence drawing a conclusion: "Thus, simply
// signing a paper did not change facts on the ground."
var conclusionRe = regexp.MustCompile(`^(?:Thus|Therefore|Hence|So,|In short|As a result|Consequently|The lesson)\b`)

// remedyOpenRe opens a sentence giving a remedy for the problem before
// it: "To fix this, allies could sign binding treaties with clear rules."
var remedyOpenRe = regexp.MustCompile(`^(?:To (?:fix|address|solve|remedy|overcome|counter|make up for) (?:this|that|these|it|the)|(?:One|The|A) (?:solution|remedy|fix)\b)`)

// withConclusion answers a question about the lesson drawn from something
// ("what lesson did minsk teach") with the conclusion the article draws
// after the best sentence ("Thus, …"), and a question how to make
// something better with the remedy it gives after the problem ("To fix
// this, …"): the first of the next four sentences of the best one's
// passage that opens so (opener) joins the answer.
func withConclusion(hits []Hit, picked []candidate, opener *regexp.Regexp) []candidate {
	best := picked[0]
	if best.heading {
		return picked
	}
	for _, c := range following(hits, best, 4) {
		if !opener.MatchString(c.sentence) || alreadyPicked(picked, c.hit, c.span.Start) {
			continue
		}
		c.keep = true
		// after the last quoted sentence between the best one and it
		at := 0
		for i, p := range picked {
			if p.hit == best.hit && p.span.Start > best.span.Start && p.span.Start < c.span.Start {
				at = i
			}
		}
		if out, ok := insertAfter(picked, at, c); ok {
			return out
		}
		return picked
	}
	return picked
}

// meansQRe asks how someone or something could help, and meansOpenRe
// opens a sentence telling the means: "how could civil society help bring
// peace" is answered by "By promoting initiatives for inter-community
// dialogue and cultural exchanges, it would be possible to build
// bridges…", after the sentence naming the role it plays.
var (
	meansQRe    = regexp.MustCompile(`(?i)\bhow\b[^?]*\b(?:help|helps|contribute|contributes)\b|\bwhat\s+(?:could|can|should|might)\s+[^?]{0,40}\bdo\b|\b(?:could|can|should|might)\s+(?:actually\s+|really\s+)?do\W*$`)
	meansOpenRe = regexp.MustCompile(`^By \pL+ing\b`)
)

// withMeans adds after a quoted sentence the sentence that follows it in
// its passage when that one tells the means ("By promoting…"), for the
// first quoted sentence so followed.
func withMeans(hits []Hit, picked []candidate) []candidate {
	for i, p := range picked {
		if p.heading {
			continue
		}
		next := following(hits, p, 1)
		if len(next) == 0 || !meansOpenRe.MatchString(next[0].sentence) || alreadyPicked(picked, next[0].hit, next[0].span.Start) {
			continue
		}
		c := next[0]
		c.keep = true
		if out, ok := insertAfter(picked, i, c); ok {
			return out
		}
		return picked
	}
	return picked
}

// withNext adds to an answer of one sentence the sentence after it in its
// paragraph, which most often says what it means ("Civil society … could
// play a fundamental role…" is followed by how: "Through information
// campaigns…"); not a question, a list's lead-in, code or a new paragraph.
func withNext(hits []Hit, picked []candidate) []candidate {
	best := picked[0]
	if best.heading {
		return picked
	}
	next := following(hits, best, 1)
	if len(next) == 0 {
		return picked
	}
	c := next[0]
	c.score = 0
	if !prose(c.sentence) || strings.Contains(hits[c.hit].Text[best.span.End:c.span.Start], "\n\n") || inCode(hits[c.hit].Code, c.span) {
		return picked
	}
	return append(picked, c)
}

// following returns up to n sentences after c in its passage, as
// candidates carrying c's score.
func following(hits []Hit, c candidate, n int) []candidate {
	rest := hits[c.hit].Text[c.span.End:]
	spans := text.Sentences(rest)
	out := make([]candidate, 0, min(n, len(spans)))
	for _, sp := range spans[:min(n, len(spans))] {
		out = append(out, candidate{hit: c.hit, span: text.Span{Start: c.span.End + sp.Start, End: c.span.End + sp.End},
			sentence: rest[sp.Start:sp.End], score: c.score})
	}
	return out
}

// prose: a sentence that states something, not a question, a lead-in to a
// list ("In particular:") or a line of code ("func setup() {").
func prose(s string) bool {
	s = strings.TrimSpace(s)
	if len(strings.Fields(s)) < 4 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!\"”’)", r)
}

// listQRe finds a question asking for a list: "what are the three paths
// forward", "what options are there", "the 3 ways…", and any plural of
// options ("any options going forward", "paths forward"); not "what are
// the risks of…", which asks about them, not for a list.
var listQRe = regexp.MustCompile(`(?i)\b(?:(?:two|three|four|five|six|2|3|4|5|6|several|different|main|possible|various)\s+(?:\w+\s+)?|(?:what|which)\s+)(options|paths|ways|steps|models|forms|proposals|ideas|approaches|scenarios|reasons|goals|lessons|measures|conditions|demands|priorities|risks|avenues|possibilities)\b|\b(options|paths|avenues|possibilities|alternatives|scenarios)\b`)

// askedList returns the stem of what a list question asks for ("path"),
// or "".
func askedList(q string) string {
	m := listQRe.FindStringSubmatch(q)
	if m == nil {
		return ""
	}
	return text.Stem(strings.ToLower(m[1] + m[2]))
}

// listNouns are the stems of the words an article names its list items
// with ("Several models are being considered"), whatever the question
// called them.
var listNouns = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"options", "paths", "models", "forms", "proposals", "approaches", "scenarios", "avenues", "possibilities", "alternatives", "ways"} {
		m[text.Stem(w)] = true
	}
	return m
}()

// ordinalRe: a sentence that is an item of an enumeration.
var (
	ordinalRe = regexp.MustCompile(`^\W*(First|Firstly|Second|Secondly|Third|Thirdly|Fourth|Fourthly)\b`)
	// closingRe and alternativeRe are list items only where the list is:
	// after a "First, …", or where the article names options
	closingRe     = regexp.MustCompile(`^\W*(Finally|Lastly)\b`)
	alternativeRe = regexp.MustCompile(`^\W*(Another|One (?:option|possibility|path|way|approach|model|avenue))\b`)
)

// withEnumeration answers a list question ("what are the three paths
// forward") with the items of an enumeration ("First, …", "Second, …",
// "Third, …") in a passage one of whose sentences names what is listed
// ("Each path has risks"): the items take that sentence's score, in
// their order, although they share few of the question's words.
func withEnumeration(cands []candidate, hit int, passage, listed string) []candidate {
	// what is asked for ("paths"), or, for options of any name, an
	// article's own name for them ("Several models are being considered")
	if !slices.ContainsFunc(stemSeq(passage), func(st string) bool { return st == listed || listNouns[listed] && listNouns[st] }) {
		return cands
	}
	best := -1
	for i, c := range cands {
		if c.hit == hit && (best < 0 || c.score > cands[best].score) {
			best = i
		}
	}
	if best < 0 {
		return cands
	}
	base, terms := cands[best].score, cands[best].terms
	named := slices.Contains(stemSeq(passage), listed) || listNouns[listed] && ordinalRe.MatchString(passage) // "paths" itself, not "models" for "options"
	k := 0
	for _, sp := range text.Sentences(passage) {
		sent := passage[sp.Start:sp.End]
		item := ordinalRe.MatchString(sent) || closingRe.MatchString(sent) && k > 0 || alternativeRe.MatchString(sent) && listNouns[listed]
		if !item || strings.HasSuffix(sent, "?") {
			continue
		}
		k++
		score := base + answerTypeBonus - 0.001*float64(k)
		found := false
		for i := range cands {
			if cands[i].hit == hit && cands[i].span == sp {
				cands[i].score, cands[i].item, found = max(cands[i].score, score), named, true
			}
		}
		if !found {
			cands = append(cands, candidate{hit: hit, span: sp, sentence: sent, score: score, terms: terms, item: named})
		}
	}
	return cands
}

// enumerationFirst puts the items of an enumeration of the very thing a
// list question names ("how many paths forward…": "First, … Second, …
// Third, …" in a passage on the paths) before every other sentence, in
// their order: the list is the answer, whole, not two of its items after
// a sentence of another passage. It leaves cands as they are when no
// passage has such a list, or several do.
func enumerationFirst(cands []candidate) []candidate {
	top, hit := math.Inf(-1), -1
	for _, c := range cands {
		top = max(top, c.score)
		if c.item {
			if hit >= 0 && c.hit != hit {
				return cands
			}
			hit = c.hit
		}
	}
	if hit < 0 {
		return cands
	}
	for i := range cands {
		if cands[i].item {
			cands[i].score = top + answerTypeBonus - 0.001*float64(i)
		}
	}
	return cands
}

// novelty is the share of a sentence's content words (stems) that are
// none of the words searched for: what it says beyond the question.
func novelty(seq []string, searched map[string]bool) float64 {
	n, fresh := 0, 0
	for _, st := range seq {
		if len(st) < 3 || text.IsStopWord(st) {
			continue
		}
		n++
		if !searched[st] {
			fresh++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(fresh) / float64(n)
}
