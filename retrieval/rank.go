package retrieval

import (
	"context"
	"hash/maphash"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/docbot/docbot/internal/text"
)

// definitionRank multiplies the score of a passage that says what a
// definition question asks about ("what is uintptr": the row "uintptr  an
// unsigned integer large enough to store…" of the spec's table of types)
// over passages that only use the word. Measured on eval/godocs-qa.jsonl:
// 1.2 and 1.5 moved no answer, 2 (and up to 10) brought uintptr's
// definition into the top 3; every news QA set and SciFact unchanged.
const definitionRank = 2

// typedRank multiplies the score of a passage holding the kind of answer
// a why, topic, lesson or remedy question asks for (a "because" clause,
// what a talk "centred on"…) in two sentences that cover the question as
// the gate requires: "the phone call, what was it about" finds the
// passage saying what the call centred on, not only the ones repeating
// "phone call". Not for the kinds the gate checks (number, date, place,
// person): there the boost hands the gate its evidence from 20 passages
// instead of the top three, and let three near misses through.
const typedRank = 1.3

// definesIn reports whether a sentence of passage text t defines subject
// (see defines).
func definesIn(subject []string, t string) bool {
	for _, sp := range text.Sentences(t) {
		if defines(subject, t[sp.Start:sp.End]) {
			return true
		}
	}
	return false
}

// Ranking constants. The proximity boosts were tuned on SciFact's train
// split (docs/BENCHMARKS.md): 0.25/0.10 lowered nDCG@10 from 0.700 to
// 0.695, 0.10/0.04 raised it to 0.701.
const (
	phraseBoost  = 0.10 // query words adjacent in the passage ("ground troops")
	nearBoost    = 0.04 // query words within nearWindow words of each other
	nearWindow   = 4
	maxBoost     = 0.40
	dupJaccard   = 0.8  // passages sharing this much vocabulary are one result
	tieTolerance = 0.02 // scores this close are a tie: prefer another article
	tieSpare     = 10   // hits beyond k kept for the spreading
	dupScoreBand = 0.10 // near-duplicates score within 10% of each other
	// argumentWords: a query of this many search words or more is a
	// pasted text (an argument, a paragraph), not a question, and gets no
	// proximity boost: its consecutive words come from different phrases,
	// so passages holding them close are not closer to what it says.
	// Measured (docs/BENCHMARKS.md): ArguAna nDCG@10 0.4872 → 0.4971;
	// SciFact's claims and every QA question have fewer search words.
	argumentWords = 30
)

// The relevance gate weighs question words by how specific they are in
// general English (text.Specificity), not by their rarity in this index: a
// title word found in every passage of its article still names the
// question's subject, and a word the articles never use is either a
// common word they phrase differently (it counts little) or a subject they
// don't cover (a name or term general English rarely uses: the question is
// refused whatever else it shares with a passage).
type gateParams struct {
	// minCoverage is the share of the question's weight a top passage
	// must hold for the corpus to count as answering it.
	minCoverage float64
	// unseenCommon scales the weight of a common word the index lacks:
	// the articles may say it with other words.
	unseenCommon float64
	// missingSubject scales the weight of a name or rare term the index
	// lacks: it names what the question is about.
	missingSubject float64
	// vetoWords: a question of at most this many words is refused
	// outright when one of them names a subject the index lacks.
	vetoWords int
	// context scales the weight of the words only the story around a chat
	// message's question uses (see Query.context).
	context float64
	// typedCoverage: a question asking for a number, date, place or person
	// needs two consecutive sentences of a top passage holding such a fact
	// and this share of the question's weight.
	typedCoverage float64
}

var gate = gateParams{minCoverage: 0.45, unseenCommon: 0.25, missingSubject: 1, vetoWords: 6, typedCoverage: 0.5, context: 0.3}

// bridgedFocusSim: the word a question asks for ("whats the danger if…")
// that the index lacks is no missing subject when WordNet joins it to a
// word the index has that the word vectors find used alike (at least
// this similar: "danger" and "risk"). Measured (session 23): 0.6 answered
// three more blind questions right and one held-out, refused no near miss
// less; 0.7 two blind; with no similarity asked, the seeds' near misses
// fell to 83 % ("what was the score…" bridged to another sense).
const bridgedFocusSim = 0.6

// termWeights weighs each query stem for the relevance gate and the
// extractive answerer, and returns the question words naming a subject
// the index never mentions. A stem the index lacks but whose synonym it
// has counts as present (see Query.present).
func termWeights(q Query, ts TermStats) (map[string]float64, []string) {
	w := make(map[string]float64, len(q.Stems))
	var missing []string
	for i, s := range q.Stems {
		// "what is the capital…": the thing asked for, named by a noun (not
		// "scared" in "what's ukraine scared of")
		focus := slices.Contains(q.focus, s) && !text.Describes(q.Words[i])
		if focus && i+1 < len(q.Stems) && slices.Contains(q.focus, q.Stems[i+1]) && rankingAdjectives[q.Words[i]] {
			focus = false // "the main options": the options asked for, "main" says which (not "the secret options")
		}
		// bridged counts the index's words WordNet joins to it that are
		// used alike (see bridgedFocusSim)
		df, bridged := ts.DF[s], 0
		for _, alt := range q.Alt[s] {
			if df == 0 && !q.bridged(alt) {
				df = phraseDF(alt, ts)
			}
			if q.bridged(alt) && !strings.Contains(alt, " ") && phraseDF(alt, ts) > 0 {
				// a word WordNet joins to it, and one used alike
				if sim, ok := text.Similarity(s, alt); ok && sim >= bridgedFocusSim {
					bridged++
				}
			}
		}
		if df == 0 && len(q.spellings[s]) > 0 {
			df = 1 // the index spells it otherwise (see Query.spellings): present
		}
		spec := countrySpecificity(q.Words[i], text.Specificity(s))
		if q.context[s] {
			spec *= gate.context
		}
		switch {
		case df > 0:
			w[s] = spec
		case q.context[s] && text.PersonNoun(q.Words[i]):
			// "my cousin…", "my teacher said…": who tells the story, which
			// the articles never name, says nothing of what is asked
			w[s] = 0
		case q.context[s], typoOfCommon(q.Words[i]), q.typed() && checkedKinds[q.Words[i]]:
			w[s] = gate.unseenCommon * spec
		case !text.EnglishWord(s) || text.NameLike(s) || focus && bridged == 0:
			missing = append(missing, q.Words[i])
			w[s] = gate.missingSubject * spec
		default:
			w[s] = gate.unseenCommon * spec
		}
	}
	return w, missing
}

// rankingAdjectives pick out some of the things asked for by their rank
// or weight, not by what they are: "the main options", "the key risks".
var rankingAdjectives = map[string]bool{"main": true, "key": true, "major": true, "primary": true, "principal": true,
	"chief": true, "central": true, "core": true, "top": true, "biggest": true, "largest": true, "overall": true,
	"basic": true, "various": true, "different": true, "important": true, "crucial": true, "essential": true}

// countrySpecificity weighs a word standing for a country ("the US")
// as the country's most specific other name ("America"): "us" the pronoun
// makes the word itself one of the commonest in English.
func countrySpecificity(w string, spec float64) float64 {
	for _, syn := range text.Synonyms(w) {
		if !strings.Contains(syn, " ") && !strings.Contains(syn, ".") && isCountry(syn) {
			spec = max(spec, text.Specificity(text.Stem(syn)))
		}
	}
	return spec
}

// isCountry reports whether a folded word names a country once
// capitalised ("france", "america").
func isCountry(w string) bool {
	return w != "" && len(text.Countries(strings.ToUpper(w[:1])+w[1:])) > 0
}

// namesCountry reports whether a folded word names a country itself or
// by a synonym ("us": the United States).
func namesCountry(w string) bool {
	return isCountry(w) || slices.ContainsFunc(text.Synonyms(w), isCountry)
}

// phraseDF bounds a several-word synonym's passage count by its rarest word.
func phraseDF(phrase string, ts TermStats) int {
	n := -1
	for _, st := range strings.Fields(phrase) {
		if n < 0 || ts.DF[st] < n {
			n = ts.DF[st]
		}
	}
	return max(n, 0)
}

// stemSeq returns the stems of every word of s, in order.
func stemSeq(s string) []string {
	_, seq := tokenStems(s)
	return seq
}

// tokenStems returns the words of s and their stems, in order.
func tokenStems(s string) ([]text.Token, []string) {
	toks := text.Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = text.Stem(t.Word)
	}
	return toks, out
}

// stemContent is stemSeq(s) with the count of its words that are not
// stop words.
func stemContent(s string) ([]string, int) {
	toks := text.Tokenize(s)
	out := make([]string, len(toks))
	n := 0
	for i, t := range toks {
		out[i] = text.Stem(t.Word)
		if !text.IsStopWord(t.Word) {
			n++
		}
	}
	return out, n
}

// proximity scores how closely consecutive query terms sit in a passage.
func proximity(qStems, pStems []string) float64 {
	return proximityAt(qStems, positions(pStems))
}

// positions maps each stem of a passage to where it occurs.
func positions(pStems []string) map[string][]int {
	// One slice of indexes sorted by stem (stable: each stem's positions
	// stay ascending), cut into runs: a map entry per stem, but not a
	// slice allocated and grown for each.
	idx := make([]int, len(pStems))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(pStems[a], pStems[b]) })
	pos := make(map[string][]int, len(pStems))
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && pStems[idx[end]] == pStems[idx[start]] {
			end++
		}
		pos[pStems[idx[start]]] = idx[start:end:end]
		start = end
	}
	return pos
}

// proximityAt is proximity from a passage's stem positions (each list
// ascending, see positions).
func proximityAt(qStems []string, pos map[string][]int) float64 {
	if len(qStems) < 2 {
		return 0
	}
	boost := 0.0
	b := pos[qStems[0]]
	for i := 0; i+1 < len(qStems) && boost < maxBoost; i++ {
		a := b
		b = pos[qStems[i+1]] // looked up once, used as a and b
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		switch best := nearestGap(a, b); {
		case best == 1:
			boost += phraseBoost
		case best <= nearWindow:
			boost += nearBoost
		}
	}
	return min(boost, maxBoost) // past maxBoost, adding more changes nothing
}

// nearestGap returns the least distance between a position of a and one of
// b, both ascending.
func nearestGap(a, b []int) int {
	best := math.MaxInt
	for i, j := 0, 0; i < len(a) && j < len(b); {
		d := b[j] - a[i]
		if d < 0 {
			d, j = -d, j+1
		} else {
			i++
		}
		best = min(best, d)
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// coverage is the weighted share of query terms that occur in a passage,
// given as the stems of its title, heading and text in a row (see
// passageTerms.all), a synonym standing for its word.
func coverage(seq []string, w map[string]float64, q Query) float64 {
	present := q.present(seq)
	var have, total float64
	for s, x := range w {
		total += x
		if present[s] {
			have += x
		}
	}
	if total == 0 {
		return 0
	}
	return have / total
}

// softCoverage is coverage where an everyday word of the question that
// the passage lacks counts in part when the passage has a word close to it
// in meaning (text.Closest): "pledges" for "promised", "persuade" for
// "convince", "ballot" for "voters". It counts softCredit of the word's
// weight from a similarity of softFloor, rising to all of softCredit at
// softFull. Nothing counts when the passage lacks a name or a rare term of
// the question, or a word of at least softSubject weight that nothing in
// the passage comes softNear ("patriot systems", "pizza", "prisoner" for
// "security"): what the articles don't cover, not what they phrase
// differently.
//
// Measured (session 22) against plain coverage in the gate: right answers
// +3 on the checked sets, +5 on the variants, +3 on the blind sets, +2 on
// the probes, +1 on dev, with no near miss more answered. Without the
// softSubject check +8, +8, +6, +5, +1, but 1, 1 and 3 near misses more
// answered on the variants, blind sets and probes; with softNear at
// softFloor, one more right on each, and "what does the macron article say
// about prisoner exchanges" answered with the Budapest Memorandum. As a
// ranking factor too it moved hit@3 by +0.4 on the checked sets and lost 2
// right answers on dev.
func softCoverage(seq []string, w map[string]float64, q Query) float64 {
	present := q.present(seq)
	var content []string // computed once a word is missing
	var have, soft, total float64
	blocked := false
	for s, x := range w {
		total += x
		switch {
		case present[s]:
			have += x
		case blocked:
		case text.NameLike(s) || !text.EnglishWord(s):
			blocked = true
		default:
			if content == nil {
				content = contentStems(seq)
			}
			sim := text.Closest(s, content)
			if sim < softNear && x >= softSubject {
				blocked = true
			}
			soft += x * softShare(sim)
		}
	}
	if total == 0 {
		return 0
	}
	if blocked {
		return have / total // plain coverage
	}
	return (have + soft) / total
}

// contentStems returns the stems of seq that may stand in for a word of
// the question close in meaning: no stop words, no names.
func contentStems(seq []string) []string {
	var out []string
	for _, p := range seq {
		if len(p) > 2 && !stopStems()[p] && !text.NameLike(p) {
			out = append(out, p)
		}
	}
	return out
}

// softShare is the share of its weight a word counts for where the
// closest word has similarity sim (see softCoverage).
func softShare(sim float64) float64 {
	return softCredit * min(1, max(0, (sim-softFloor)/(softFull-softFloor)))
}

const (
	softCredit  = 0.6
	softFloor   = 0.55
	softFull    = 0.8
	softSubject = 0.12
	softNear    = 0.6
)

// rerank scores the candidates with p (see RankParams), boosts passages
// where query words sit together and, for "what is X", those defining X,
// collapses near-duplicate passages, and spreads tied results across
// articles. It returns at most k hits (plus a few spare for the
// spreading).
func rerank(hits []Hit, q Query, ts TermStats, p RankParams, cache *passageCache, art map[string]*passageTerms, k int, typed func(h Hit) bool, w map[string]float64) []Hit {
	sets := make([][]uint64, len(hits))
	var terms []rankTerm
	total := 0.0
	if p.K1 > 0 {
		terms = rankTerms(q, ts, p)
		for _, st := range q.Stems {
			total += q.weight(st)
		}
	}
	titled := titleNames(hits, q, ts, cache)
	weight := 0.0
	for _, x := range w {
		weight += x
	}
	for i := range hits {
		pt := cache.terms(&hits[i], ts.Generation)
		switch a := art[hits[i].DocID]; {
		case a != nil: // each passage scores as its whole article
			hits[i].Score = bm25f(a, terms, ts.AvgLen, total, p)
		case p.K1 > 0:
			hits[i].Score = bm25f(pt, terms, ts.AvgLen, total, p)
		}
		if len(q.Stems) < argumentWords {
			hits[i].Score *= 1 + proximityAt(q.Stems, pt.pos)
			if len(q.context) > 0 {
				// a message telling a story before it asks ("my prof wants
				// a section on what happens next… what options do they
				// give"): BM25 weighs the story's words as much as the
				// asked ones; the gate's weights count them less (see
				// gate.context), and a passage is raised by the share of
				// that weight it covers (rounded: see byCoverage)
				hits[i].Score *= 1 + math.Round(1e9*coverage(pt.all(), w, q))/1e9
			}
			if len(titled) > 0 && weight > 0 {
				var have float64
				for _, st := range titled {
					if slices.Contains(pt.body, st) {
						have += w[st]
					}
				}
				hits[i].Score *= 1 + titleNameBoost*have/weight
			}
		}
		hits[i].Score *= proseFactor(hits[i].Passage)
		if len(q.define) > 0 && definesIn(q.define, hits[i].Text) {
			hits[i].Score *= definitionRank
		}
		if typed != nil && typed(hits[i]) {
			hits[i].Score *= typedRank
		}
		sets[i] = pt.vocab
	}
	order := make([]int, len(hits))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return hits[order[a]].Score > hits[order[b]].Score })

	// Near-duplicates score alike: compare only with kept hits of close score.
	// A passage whose text is identical to a kept one's but in another
	// article is that article's result too: it is listed right after the
	// kept one (a twin), not counted against k, and the answer quotes the
	// text once (see distinctHits).
	var kept []int
	twins := map[int][]int{}
	byText := map[string]int{}
	for _, i := range order {
		if len(kept) == k+tieSpare {
			break
		}
		if j, ok := byText[hits[i].Text]; ok {
			if hits[j].DocID != hits[i].DocID {
				twins[j] = append(twins[j], i)
			}
			continue
		}
		dup := false
		for j := len(kept) - 1; j >= 0; j-- {
			other := kept[j]
			if hits[other].Score > hits[i].Score*(1+dupScoreBand) {
				break // kept is sorted by score: the rest score higher still
			}
			if nearDuplicate(sets[i], sets[other]) {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, i)
			byText[hits[i].Text] = i
		}
	}
	out := make([]Hit, len(kept))
	for n, i := range kept {
		out[n] = hits[i]
	}

	seenDoc := map[string]bool{}
	for i := range out {
		if seenDoc[out[i].DocID] {
			// pull forward a tied hit from an article not shown yet
			for j := i + 1; j < len(out) && out[j].Score >= out[i].Score*(1-tieTolerance); j++ {
				if !seenDoc[out[j].DocID] {
					h := out[j]
					copy(out[i+1:j+1], out[i:j])
					out[i] = h
					break
				}
			}
		}
		seenDoc[out[i].DocID] = true
	}
	if len(out) > k {
		out = out[:k]
	}
	if len(twins) == 0 {
		return out
	}
	idx := make(map[string]int, len(kept)) // passage id → its index in hits
	for _, i := range kept {
		idx[hits[i].ID] = i
	}
	withTwins := make([]Hit, 0, len(out)+len(twins))
	for _, h := range out {
		withTwins = append(withTwins, h)
		for _, t := range twins[idx[h.ID]] {
			withTwins = append(withTwins, hits[t])
		}
	}
	return withTwins
}

// A name an article's title carries ("…from Trump") is in every passage
// of that article as FTS5 indexes them (title, heading, body), so its
// bm25 idf is near nothing and a passage whose body names him ranks no
// higher for it: "is trump sending troops" found passages on troops
// only. A passage whose body holds such a name of the question scores
// titleNameBoost × its share of the question's weight more; a name is
// such when a candidate's title holds it and at least titleNameShare of
// all passages do (SciFact's titles are its abstracts' own: none is).
// Measured (session 16): hit@3 +0.3 on the checked sets, +0.2 on the
// variants, +0.3 on the probes, no near miss more answered; 1.0 let one
// through; without the name condition SciFact lost 0.002 nDCG@10.
const (
	titleNameBoost = 0.5
	titleNameShare = 0.2
)

// titleNames returns the question's name stems that titles spread over
// many passages (see titleNameBoost), for a question short enough to
// rank by proximity.
func titleNames(hits []Hit, q Query, ts TermStats, cache *passageCache) []string {
	if len(q.Stems) >= argumentWords || ts.Passages == 0 {
		return nil
	}
	var out []string
	for _, st := range q.Stems {
		if slices.Contains(out, st) || !text.NameLike(st) || float64(ts.DF[st]) < titleNameShare*float64(ts.Passages) {
			continue
		}
		for i := range hits {
			if slices.Contains(cache.terms(&hits[i], ts.Generation).title, st) {
				out = append(out, st)
				break
			}
		}
	}
	return out
}

// distinctHits returns hits without the passages whose text an earlier
// hit already holds (another article's copy, listed by rerank as a
// twin): what an answer quotes from and lists as its sources.
func distinctHits(hits []Hit) []Hit {
	seen := make(map[string]bool, len(hits))
	out := hits[:0:0]
	for _, h := range hits {
		if seen[h.Text] {
			continue
		}
		seen[h.Text] = true
		out = append(out, h)
	}
	if len(out) == len(hits) {
		return hits
	}
	return out
}

// nearDuplicate reports whether two passages share at least dupJaccard of
// their vocabulary, each given as its sorted stem hashes (passageTerms.vocab).
func nearDuplicate(a, b []uint64) bool {
	// |a∩b|/|a∪b| ≤ min/max: skip the count when sizes alone rule it out.
	if small, large := min(len(a), len(b)), max(len(a), len(b)); large == 0 || float64(small)/float64(large) < dupJaccard {
		return false
	}
	// need: the least shared count that reaches dupJaccard; the merge stops
	// once what is left of the shorter side cannot make it up.
	total := len(a) + len(b)
	need := int(dupJaccard * float64(total) / (1 + dupJaccard))
	for need > 0 && float64(need-1)/float64(total-need+1) >= dupJaccard {
		need--
	}
	for float64(need)/float64(total-need) < dupJaccard {
		need++
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		if inter+min(len(a)-i, len(b)-j) < need {
			return false
		}
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return inter >= need
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for s := range a {
		if b[s] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// candidates is how many passages to fetch from the index to rank k:
// enough for the proximity boost and duplicate collapsing to reorder.
func candidates(k int) int { return max(20, k+k/2) }

// Frequent-word pruning. FTS5 scores every row that matches any word of an
// OR query, and a word found in a fifth of the passages matches a fifth of
// the index. In large indexes such words are left out of the MATCH (they
// still weigh in the relevance gate), as long as a rarer word remains.
// Measured (docs/BENCHMARKS.md): at 1M passages p50 379 → 276 ms and p99
// 1387 → 958 ms; forced on SciFact and ArguAna, nDCG@10 moves by ±0.001.
const (
	pruneShare       = 0.2
	pruneMinPassages = 50_000 // below this, every word is cheap to match
)

// searchMatch is the MATCH expression to search with: q.Match, without its
// most frequent words in a large index.
func searchMatch(q Query, ts TermStats) string {
	drop := pruned(q, ts)
	if len(drop) == 0 || len(drop) == len(q.Stems) {
		return q.Match
	}
	return q.matchWithout(drop)
}

// pruned returns the query stems too frequent to search in a large index
// (see pruneShare), nil in a small one.
func pruned(q Query, ts TermStats) map[string]bool {
	if ts.Passages < pruneMinPassages {
		return nil
	}
	drop := map[string]bool{}
	for _, st := range q.Stems {
		if float64(ts.DF[st]) > pruneShare*float64(ts.Passages) {
			drop[st] = true
		}
	}
	return drop
}

// RankParams are the parameters of the score the re-ranker gives each
// candidate passage FTS5 returns: BM25F over the passage's title, heading
// and body (each field's term counts weighted, then saturated once),
// computed in Go from the passage's words and the index's statistics.
type RankParams struct {
	// K1 is term-frequency saturation: how fast repeats of a word in a
	// passage stop adding to its score. 0 keeps FTS5's bm25 score.
	K1 float64
	// B is length normalisation: 0 ignores a passage's length, 1 divides
	// term counts by length relative to the average passage.
	B float64
	// SqrtTF takes the square root of a passage's term count before
	// saturation, as bleve does: a fourth repeat counts as a second.
	SqrtTF bool
	// Title, Heading and Body weigh a word's occurrences in each field.
	Title, Heading, Body float64
	// Synonym weighs a synonym's matches against its word's.
	Synonym float64
	// IDFPower raises each term's idf to this power (bleve squares it:
	// a rare word shared with the question counts far more).
	IDFPower float64
	// Coord multiplies the score by the share of the question's words
	// (repeats counted) the passage holds, raised to this power; 0 leaves
	// it out. bleve's disjunction multiplies by the share itself.
	Coord float64
	// Articles scores each candidate passage as its whole article: the
	// title once and every passage's heading and body, its length in
	// words other than stop words (K1 > 0 only).
	Articles bool
}

// DefaultRank is the ranking tuned on SciFact's train split and checked
// on SciFact's and ArguAna's test splits (docs/BENCHMARKS.md).
var DefaultRank = RankParams{K1: 0, B: 0.75, Title: 2, Heading: 1.5, Body: 1, Synonym: 1, IDFPower: 1}

// DefaultArgumentRank scores a pasted text (a query of argumentWords
// search words or more: an argument, a paragraph) against whole articles
// (docs/BENCHMARKS.md, "Session 7, issue 19").

var DefaultArgumentRank = RankParams{K1: 1000, B: 1, SqrtTF: true, Title: 1, Heading: 1, Body: 1, Synonym: 0, IDFPower: 1, Coord: 0.5, Articles: true}

// rankTerm is one term the re-ranker scores: a query stem or a synonym's
// stems (several for a phrase), with its query weight times its idf.
type rankTerm struct {
	stems  []string
	weight float64
	word   int     // the question word it stands for (its index in Query.Stems)
	qw     float64 // that word's weight in the question (its repeats)
}

// rankTerms returns the terms to score: every query stem (a repeated one
// weighted by its repeats, as in the MATCH) and its synonyms, each with
// its idf from ts. A term no passage holds is left out.
func rankTerms(q Query, ts TermStats, p RankParams) []rankTerm {
	n := float64(ts.Passages)
	idf := func(df int) float64 {
		return math.Pow(math.Log(1+(n-float64(df)+0.5)/(float64(df)+0.5)), p.IDFPower)
	}
	var out []rankTerm
	for i, st := range q.Stems {
		qw := q.weight(st)
		if df := ts.DF[st]; df > 0 {
			out = append(out, rankTerm{[]string{st}, qw * idf(df), i, qw})
		}
		for _, alt := range q.Alt[st] {
			stems := strings.Fields(alt)
			df := ts.DF[alt]
			if len(stems) > 1 {
				df = phraseDF(alt, ts)
			}
			if df > 0 {
				out = append(out, rankTerm{stems, p.Synonym * qw * idf(df), i, qw})
			}
		}
	}
	return out
}

// weight is a query stem's weight: 1, plus its repeats in a long query
// (as the MATCH repeats it, see matchWithout).
func (q Query) weight(st string) float64 {
	if len(q.Stems) < minRepeatWords {
		return 1
	}
	return 1 + float64(min(q.tf[st], maxRepeats))
}

// passageTerms are a passage's stems by field, in order.
type passageTerms struct {
	title, heading, body []string
	// vocab holds the body's distinct stems as sorted hashes: comparing
	// two passages is a merge, not a map lookup per stem.
	vocab []uint64
	pos   map[string][]int // where each stem occurs in the body
	// content counts the words of the title, heading and body that are
	// not stop words (an article's length, see RankParams.Articles).
	content [3]int
	// the texts they came from: a searcher that reuses a passage id for
	// other text within one generation (a test fake) is not served stale
	// stems.
	titleText, headingText, text string
}

// all returns the passage's stems as one sequence: title, heading, body,
// which is what stemSeq gives for the three texts joined with spaces.
func (pt *passageTerms) all() []string {
	out := make([]string, 0, len(pt.title)+len(pt.heading)+len(pt.body))
	return append(append(append(out, pt.title...), pt.heading...), pt.body...)
}

// bm25f scores a passage for terms with p; avg is the index's average
// passage length per field, total the question's weight (see Coord).
func bm25f(pt *passageTerms, terms []rankTerm, avg [3]float64, total float64, p RankParams) float64 {
	fields := [3]struct {
		seq []string
		w   float64
	}{{pt.title, p.Title}, {pt.heading, p.Heading}, {pt.body, p.Body}}
	var length, avgLen float64
	for i, f := range fields {
		if p.Articles {
			length += f.w * float64(pt.content[i])
		} else {
			length += f.w * float64(len(f.seq))
		}
		avgLen += f.w * avg[i]
	}
	norm := 1.0
	if avgLen > 0 {
		norm = 1 - p.B + p.B*length/avgLen
	}
	score, matched, last := 0.0, 0.0, -1
	for _, t := range terms {
		if len(t.stems) == 1 && pt.pos[t.stems[0]] == nil && !slices.Contains(pt.title, t.stems[0]) && !slices.Contains(pt.heading, t.stems[0]) {
			continue
		}
		tf := 0.0
		for i, f := range fields {
			if i == 2 && len(t.stems) == 1 {
				tf += f.w * float64(len(pt.pos[t.stems[0]])) // the body's count, without a scan
				continue
			}
			tf += f.w * float64(countRuns(f.seq, t.stems))
		}
		if tf == 0 {
			continue
		}
		if p.SqrtTF {
			tf = math.Sqrt(tf)
		}
		score += t.weight * tf * (p.K1 + 1) / (tf + p.K1*norm)
		if t.word != last { // terms come grouped by word
			matched += t.qw
			last = t.word
		}
	}
	if p.Coord > 0 && total > 0 {
		score *= math.Pow(matched/total, p.Coord)
	}
	return score
}

// countRuns counts the occurrences of run in seq as consecutive elements.
func countRuns(seq, run []string) int {
	n := 0
	for i := 0; i+len(run) <= len(seq); i++ {
		j := 0
		for j < len(run) && seq[i+j] == run[j] {
			j++
		}
		if j == len(run) {
			n++
		}
	}
	return n
}

// passageCache holds the stems of passages seen by the re-ranker, for one
// index generation: a passage is tokenized and stemmed once, not once per
// question.
type passageCache struct {
	mu     sync.Mutex
	gen    int64
	m      map[string]*passageTerms
	arts   map[string]*articleTerms // whole articles' stems, by article id (see Service.articles)
	warmed int64                    // the generation warm last filled the cache for, or tried to
}

// PassageLister is what a Searcher may also offer: every passage of a
// small index, each as Search returns it (Score aside), so that the
// re-ranker stems them all once at a generation's first question instead
// of as each turns up among the candidates.
type PassageLister interface {
	// AllPassages returns every passage of the index.
	AllPassages(ctx context.Context) ([]Hit, error)
}

// warmPassages bounds the index whose passages are stemmed ahead: about
// 40 µs a passage, so the first question of a generation pays at most
// some 200 ms for the others not to pay a candidate's stemming each.
const warmPassages = 5_000

// warm fills the cache with every passage of ts's generation when the
// index is small and s can list them; once per generation, however it
// ends (the cache fills itself as candidates come otherwise).
func (c *passageCache) warm(ctx context.Context, s Searcher, ts TermStats) {
	l, ok := s.(PassageLister)
	if !ok || ts.Passages > warmPassages || ts.Passages == 0 || !c.claim(ts.Generation) {
		return
	}
	c.fill(ctx, l, ts.Generation, warmPassages)
}

// stemSeed hashes stems for passageTerms.vocab.
var stemSeed = maphash.MakeSeed()

// maxCachedPassages bounds the cache; past it, it starts over.
const maxCachedPassages = 50_000

// terms returns h's stems, from the cache when the index has not changed.
func (c *passageCache) terms(h *Hit, gen int64) *passageTerms {
	c.mu.Lock()
	if c.gen != gen || c.m == nil || len(c.m) >= maxCachedPassages {
		c.gen, c.m, c.arts = gen, map[string]*passageTerms{}, map[string]*articleTerms{}
	}
	pt, ok := c.m[h.ID]
	c.mu.Unlock()
	if ok && pt.text == h.Text && pt.titleText == h.Title && pt.headingText == h.Heading {
		return pt // comparing is far cheaper than stemming
	}
	pt = &passageTerms{titleText: h.Title, headingText: h.Heading, text: h.Text}
	pt.title, pt.content[0] = stemContent(h.Title)
	pt.heading, pt.content[1] = stemContent(h.Heading)
	pt.body, pt.content[2] = stemContent(h.Text)
	pt.pos = positions(pt.body)
	pt.vocab = make([]uint64, 0, len(pt.pos))
	for s := range pt.pos {
		pt.vocab = append(pt.vocab, maphash.String(stemSeed, s))
	}
	slices.Sort(pt.vocab)
	c.mu.Lock()
	if c.gen == gen {
		c.m[h.ID] = pt
	}
	c.mu.Unlock()
	return pt
}

// ArticleLister is what a Searcher may also offer: every passage of some
// articles, each as Search returns it (Score aside), so that a passage
// can be scored as its whole article (RankParams.Articles).
type ArticleLister interface {
	// ArticlePassages returns every passage of the articles docIDs.
	ArticlePassages(ctx context.Context, docIDs []string) ([]Hit, error)
}

// articles returns the stems of each candidate's whole article, by
// article id: its title once, then every passage's heading and body in
// order. A Searcher that cannot list articles gets their candidates'.
func (s *Service) articles(ctx context.Context, hits []Hit, ts TermStats) (map[string]*passageTerms, error) {
	var ids []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.DocID] {
			seen[h.DocID] = true
			ids = append(ids, h.DocID)
		}
	}
	all := hits
	if l, ok := s.search.(ArticleLister); ok {
		var err error
		if all, err = l.ArticlePassages(ctx, ids); err != nil {
			return nil, err
		}
	}
	byDoc := map[string][]Hit{}
	for _, h := range all {
		if seen[h.DocID] {
			byDoc[h.DocID] = append(byDoc[h.DocID], h)
		}
	}
	out := make(map[string]*passageTerms, len(byDoc))
	for id, ps := range byDoc {
		slices.SortFunc(ps, func(a, b Hit) int { return a.Ordinal - b.Ordinal })
		out[id] = s.passages.article(id, ps, ts.Generation)
	}
	return out, nil
}

// articleTerms are a whole article's stems and the passages' they were
// joined from.
type articleTerms struct {
	parts []*passageTerms
	pt    *passageTerms
}

// article returns the stems of article id made of passages ps (in order):
// the first passage's title, then every passage's heading and body.
func (c *passageCache) article(id string, ps []Hit, gen int64) *passageTerms {
	parts := make([]*passageTerms, len(ps))
	for i := range ps {
		parts[i] = c.terms(&ps[i], gen)
	}
	c.mu.Lock()
	a := c.arts[id]
	c.mu.Unlock()
	if a != nil && slices.Equal(a.parts, parts) {
		return a.pt // the same passages, unchanged
	}
	pt := &passageTerms{}
	for i, p := range parts {
		if i == 0 {
			pt.title, pt.content[0] = p.title, p.content[0]
		}
		pt.heading = append(pt.heading, p.heading...)
		pt.body = append(pt.body, p.body...)
		pt.content[1] += p.content[1]
		pt.content[2] += p.content[2]
	}
	pt.pos = positions(pt.body)
	c.mu.Lock()
	if c.gen == gen && c.arts != nil {
		c.arts[id] = &articleTerms{parts, pt}
	}
	c.mu.Unlock()
	return pt
}
