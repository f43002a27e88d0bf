package retrieval

import (
	"math"
	"sort"

	"github.com/docbot/docbot/internal/text"
)

// Ranking constants, tuned on the seed questions (see retrieval_test.go).
const (
	phraseBoost  = 0.25 // query words adjacent in the passage ("ground troops")
	nearBoost    = 0.10 // query words within nearWindow words of each other
	nearWindow   = 4
	maxBoost     = 0.75
	dupJaccard   = 0.8  // passages sharing this much vocabulary are one result
	tieTolerance = 0.02 // scores this close are a tie: prefer another article
	// minCoverage is the share of the question's weighted terms the best
	// passages must contain for the corpus to count as answering it.
	minCoverage = 0.5
)

// idf is the BM25 inverse document frequency of a term found in df of n passages.
func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// termWeights weighs each query stem by its rarity in the index; a stem the
// index never saw weighs most.
func termWeights(q Query, ts TermStats) map[string]float64 {
	w := make(map[string]float64, len(q.Stems))
	for _, s := range q.Stems {
		w[s] = idf(ts.Passages, ts.DF[s])
	}
	return w
}

// stemSeq returns the stems of every word of s, in order.
func stemSeq(s string) []string {
	toks := text.Tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = text.Stem(t.Word)
	}
	return out
}

// proximity scores how closely consecutive query terms sit in a passage.
func proximity(qStems, pStems []string) float64 {
	pos := map[string][]int{}
	for i, s := range pStems {
		pos[s] = append(pos[s], i)
	}
	boost := 0.0
	for i := 0; i+1 < len(qStems); i++ {
		a, b := pos[qStems[i]], pos[qStems[i+1]]
		best := math.MaxInt
		for _, x := range a {
			for _, y := range b {
				if d := abs(y - x); d < best {
					best = d
				}
			}
		}
		switch {
		case best == 1:
			boost += phraseBoost
		case best <= nearWindow:
			boost += nearBoost
		}
	}
	return min(boost, maxBoost)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// coverage is the weighted share of query terms that occur in the passage
// (its title, heading or text).
func coverage(p Passage, w map[string]float64) float64 {
	present := map[string]bool{}
	for _, s := range stemSeq(p.Title + " " + p.Heading + " " + p.Text) {
		present[s] = true
	}
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

// rerank boosts passages where query words sit together, collapses
// near-duplicate passages, and spreads tied results across articles.
func rerank(hits []Hit, q Query) []Hit {
	stems := make(map[string]map[string]bool, len(hits))
	for i := range hits {
		seq := stemSeq(hits[i].Text)
		hits[i].Score *= 1 + proximity(q.Stems, seq)
		set := make(map[string]bool, len(seq))
		for _, s := range seq {
			set[s] = true
		}
		stems[hits[i].ID] = set
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })

	var kept []Hit
	for _, h := range hits {
		dup := false
		for _, k := range kept {
			if jaccard(stems[h.ID], stems[k.ID]) >= dupJaccard {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, h)
		}
	}

	seenDoc := map[string]bool{}
	for i := range kept {
		if seenDoc[kept[i].DocID] {
			// pull forward a tied hit from an article not shown yet
			for j := i + 1; j < len(kept) && kept[j].Score >= kept[i].Score*(1-tieTolerance); j++ {
				if !seenDoc[kept[j].DocID] {
					h := kept[j]
					copy(kept[i+1:j+1], kept[i:j])
					kept[i] = h
					break
				}
			}
		}
		seenDoc[kept[i].DocID] = true
	}
	return kept
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
