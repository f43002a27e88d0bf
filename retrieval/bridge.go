package retrieval

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// Bridging a question's words to the index's: spelling corrected against
// the index vocabulary, and the words no passage uses searched with their
// WordNet synonyms, opposites or qualities the index has.

// respell corrects the question words the index lacks (see speller) and
// returns the query to search with and its term statistics.
func (s *Service) respell(ctx context.Context, q Query, ts TermStats, question string) (Query, TermStats, error) {
	v, err := s.vocabulary(ctx, ts.Generation)
	if err != nil {
		return q, ts, err
	}
	aliased := defined(&q, v.Aliases)
	aliased = callsNames(&q, s.names.get(v)) || aliased
	aliased = partOfName(&q, v.DF, v.Aliases) || aliased
	if titled, err := s.titledNames(ctx, &q, v.DF); err != nil {
		return q, ts, fmt.Errorf("titled names: %w", err)
	} else if titled {
		aliased = true
	}
	aliased = labelled(&q, v.DF) || aliased
	respelled := false
	for i, w := range q.Words {
		// "africa" is present where an article says "African" (counted,
		// not searched: searching "ukrainian" for "ukraine" found the
		// passages about Ukrainians instead)
		for _, adj := range text.ProperAdjectives(w) {
			if st := text.Stem(adj); st != q.Stems[i] && v.DF[st] > 0 {
				if q.spellings == nil {
					q.spellings = map[string][]string{}
				}
				q.spellings[q.Stems[i]] = append(q.spellings[q.Stems[i]], st)
			}
		}
	}
	var sp *speller
	for i := 0; i < len(q.Stems); i++ {
		st := q.Stems[i]
		if ts.DF[st] > 0 || len(q.Alt[st]) > 0 && phraseDF(q.Alt[st][0], ts) > 0 {
			if ts.DF[st] > 0 && len(st) >= minVariantLen && !text.EnglishWord(st) {
				if sp == nil {
					sp = s.spell.get(v)
				}
				// "zelensky" is present where an article spells him "Zelenskyy"
				for _, w := range sp.variants(q.Words[i], st) {
					if q.spellings == nil {
						q.spellings = map[string][]string{}
					}
					q.spellings[st] = append(q.spellings[st], text.Stem(w))
				}
			}
			continue
		}
		if full := text.Unchat(q.Words[i]); full != q.Words[i] && len(q.Words) > 1 {
			// chat shorthand the index lacks: "ppl" is people, "hw" is how
			if q.readAsWord(i, full) {
				i--
			}
			respelled = true
			continue
		}
		if sw, ok := nearStopWord(q.Words[i]); ok && len(q.Words) > 1 { // "acording", "questin"
			q.readAs(q.Words[i], sw)
			q.respell(i, "", "")
			i--
			continue
		}
		if sp == nil {
			sp = s.spell.get(v)
		}
		if name, ok := sp.doubledName(q.Words[i]); ok && afterAuxiliary(question, q.Words[i]) {
			q.respell(i, text.Stem(name), name)
			continue
		}
		fix, word, ok := sp.correct(q.Words[i], st)
		english, isEnglish := sp.english(q.Words[i])
		if ok && isEnglish && text.Stem(english) != fix && englishReading(english) &&
			osaDistance(q.Words[i], english, 3) < osaDistance(q.Words[i], word, 3) {
			// "buisnesses" is "businesses", a word the articles don't use,
			// not the index's "bui…": its stem "buis" is a slip from that
			// one, the word typed a slip from the English one only
			ok = false
		}
		if !ok {
			if two, ok := sp.split(q.Words[i]); ok {
				// "airsupport": two words run together, searched as the phrase
				q.widen(i, []string{two}, false)
				aliased = true
			} else if name := s.expandAcronym(ctx, q.Words[i], v); name != "" {
				q.widen(i, []string{name}, false)
				aliased = true
			} else if w, ok := english, isEnglish; ok && englishReading(w) {
				q.guess(q.Words[i])
				// a slip of a word the articles don't use: searched as
				// that word (and its synonyms, see bridge)
				if q.readAsWord(i, w) {
					i--
				}
				respelled = true
			}
			continue
		}
		if isEnglish && text.Stem(english) == fix {
			word = english // "coumtries" is "countries", not the stem's "countri"
		}
		if min(osaDistance(st, fix, 2), osaDistance(q.Words[i], fix, 2)) >= 2 {
			q.guess(q.Words[i]) // two edits away: a guess ("kallas", "allies")
		}
		n := len(q.Stems)
		if (text.IsStopWord(word) || stopStems()[fix]) && n > 1 {
			q.readAs(q.Words[i], word)
			q.respell(i, "", "") // "artcle" is "article", a word that says nothing
		} else {
			q.respell(i, fix, word)
			ts.DF[fix] = sp.df[fix]
			// "zelenksy" read as "zelensky" is present where an article
			// spells him "Zelenskyy", as the name typed right is
			for _, v := range sp.variants(word, fix) {
				if q.spellings == nil {
					q.spellings = map[string][]string{}
				}
				q.spellings[fix] = append(q.spellings[fix], text.Stem(v))
			}
		}
		if len(q.Stems) < n {
			i--
		}
	}
	if len(q.Corrected) > 0 || aliased || respelled {
		if ts, err = s.termStats(ctx, v, ts, q.allStems()); err != nil {
			return q, ts, err
		}
	}
	return s.bridge(ctx, q, ts, v)
}

// vocabulary returns the index's vocabulary at generation gen (that of
// the question's term statistics): the one kept from an earlier question
// when it is that generation's, else the Searcher's, which is then kept.
// (Asking the Searcher costs a query for the current generation.)
func (s *Service) vocabulary(ctx context.Context, gen int64) (Vocabulary, error) {
	if v := s.vocab.Load(); v != nil && v.Generation == gen {
		return *v, nil
	}
	v, err := s.search.Vocabulary(ctx)
	if err != nil {
		return v, err
	}
	s.vocab.Store(&v)
	return v, nil
}

// termStats returns the statistics of stems in ts's generation: from v
// when it is that generation's whole vocabulary (no query; the counts are
// the ones the Searcher would give), else from the Searcher.
func (s *Service) termStats(ctx context.Context, v Vocabulary, ts TermStats, stems []string) (TermStats, error) {
	if v.DF == nil || v.Generation != ts.Generation {
		return s.search.TermStats(ctx, stems)
	}
	out := TermStats{Passages: ts.Passages, AvgLen: ts.AvgLen, Generation: ts.Generation, DF: make(map[string]int, len(stems))}
	for _, st := range stems {
		out.DF[st] = v.DF[st]
	}
	return out, nil
}

// defined widens the query with the acronyms the articles define (see
// Vocabulary.Aliases): "icc" also searches "International Criminal Court",
// and a passage with the name counts for it in the gate, even where the
// index holds the acronym too (passages after the definition often use
// only one of them). The other way round (the name also searching the
// acronym) cost 0.0013 nDCG@10 on SciFact, whose abstracts define many
// acronyms, and is not done. It reports whether it widened anything.
func defined(q *Query, aliases map[string]string) bool {
	widened := false
	for i, w := range q.Words {
		name := aliases[w]
		if name == "" && len(w) > 3 && strings.HasSuffix(w, "s") {
			name = aliases[w[:len(w)-1]] // "ngos"
		}
		if name != "" {
			q.widen(i, []string{name}, false)
			widened = true
		}
	}
	return widened
}

// minClipped: the shortest word read as a clipping of a longer synonym
// it begins ("memo": "memorandum"; not "us", "ad").
const minClipped = 4

// maxBridges bounds the WordNet synonyms searched for one word.
const maxBridges = 3

// bridge fills vocabulary gaps: a question word the index lacks (after
// spelling correction) is searched with its WordNet synonyms that the index
// has ("captives" → "prisoners", "dispatch" → "send"), which then count
// for it in the gate.
func (s *Service) bridge(ctx context.Context, q Query, ts TermStats, v Vocabulary) (Query, TermStats, error) {
	for i := range q.Stems {
		st := q.Stems[i]
		if ts.DF[st] > 0 || len(q.Alt[st]) > 0 && phraseDF(q.Alt[st][0], ts) > 0 {
			continue
		}
		// Only everyday words: a technical term the index lacks has no
		// everyday synonym, and its WordNet senses only add noise.
		// the quality an adjective describes first ("scared" → "fear"):
		// its synonyms are adjectives the articles are as unlikely to use
		syns := slices.Concat(qualities(q.Words[i]), text.WordNetSynonyms(st))
		phrase := text.PhraseSynonyms(q.phrases[q.Words[i]])
		if len(phrase) > 0 {
			// "beefing up" is "strengthen", whatever "beef" alone means
			syns = phrase
		} else if !text.CommonWord(st) {
			// a rarer word: only the longer synonym it clips ("memo" →
			// "memorandum"), which helps find passages as any WordNet
			// synonym does ("demo" is "demonstration", not the article's
			// "demonstrating")
			var clipped []string
			for _, syn := range syns {
				if w := q.Words[i]; len(w) >= minClipped && len(syn) > len(w) && strings.HasPrefix(syn, w) && !strings.Contains(syn, " ") {
					clipped = append(clipped, syn)
				}
			}
			syns = clipped
		}
		if len(syns) == 0 {
			continue
		}
		var stems []string
		for _, syn := range syns {
			stems = append(stems, stemSeq(syn)...)
		}
		more, err := s.termStats(ctx, v, ts, stems)
		if err != nil {
			return q, ts, err
		}
		keep := heldBridges(syns, more, ts)
		var opposite []string
		if len(keep) == 0 && len(phrase) == 0 && text.CommonWord(st) {
			// no synonym the articles use, but the deed's opposite: "why
			// the hurry" is answered by what "delay" costs
			if opposite, err = s.antonymsUsed(ctx, v, &ts, q.Words[i]); err != nil {
				return q, ts, err
			}
		}
		// a quality noun counts for its adjective in the gate and the
		// choice of sentences, as a synonym of text.Synonyms does; a
		// WordNet synonym only helps find passages
		// an opposite counts as well: what the articles say of it is
		// what they say of the question's word
		var quality, loose []string
		for _, k := range keep {
			if slices.Contains(qualities(q.Words[i]), k) {
				quality = append(quality, k)
			} else {
				loose = append(loose, k)
			}
		}
		if quality = append(quality, opposite...); len(quality) > 0 {
			q.widen(i, quality, false)
		}
		if len(loose) > 0 {
			q.widen(i, loose, true)
		}
	}
	return q, ts, nil
}

// heldBridges returns the words (or phrases) of words whose passage count
// in got is above zero, at most maxBridges, their words' counts added to
// ts.DF.
func heldBridges(words []string, got, ts TermStats) []string {
	var out []string
	for _, w := range words {
		if phraseDF(strings.Join(stemSeq(w), " "), got) > 0 && len(out) < maxBridges {
			out = append(out, w)
			for _, x := range stemSeq(w) {
				ts.DF[x] = got.DF[x]
			}
		}
	}
	return out
}

// antonymsUsed returns the verbs WordNet gives as the opposite of a
// question word (text.Antonyms: "delay" for "hurry" or "rush") that the
// index holds, at most maxBridges, their passage counts added to ts.
// Measured on the eval sets: right answers +5 checked, +2 probes, +1
// s19a–c; no near miss more answered. Nouns' and adjectives' opposites
// name other things ("top" for "bottom": the little FAQ "at the bottom"
// was lost), and stop words ("more" for "less") say nothing.
func (s *Service) antonymsUsed(ctx context.Context, v Vocabulary, ts *TermStats, word string) ([]string, error) {
	var ants, stems []string
	for _, ant := range text.Antonyms(word) {
		if !text.IsStopWord(ant) {
			ants = append(ants, ant)
			stems = append(stems, stemSeq(ant)...)
		}
	}
	if len(ants) == 0 {
		return nil, nil
	}
	a, err := s.termStats(ctx, v, *ts, stems) // one lookup for them all, as for synonyms
	if err != nil {
		return nil, err
	}
	return heldBridges(ants, a, *ts), nil
}

// qualities returns the nouns naming the quality a word describes, when
// it only describes: "port" names a place before it is the left side of
// a ship, and "position" is no other word for it.
func qualities(w string) []string {
	if !text.Describes(w) {
		return nil
	}
	return text.Qualities(w)
}

// correctionList says what was searched instead, in the articles' own
// spelling when a passage has the word: “Zelensky” (for “zelenksy”).
func correctionList(q Query, hits []Hit) string {
	var parts []string
	for from, to := range q.Corrected {
		parts = append(parts, "“"+shownAs(to, hits, q.spellings[text.Stem(to)]...)+"” (for “"+from+"”)")
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// shownAs returns word as the passages write it ("Zelensky" for the
// searched "zelenski"), else a variant spelling of it as they write it
// ("Zelenskyy"), or word itself when none does.
func shownAs(word string, hits []Hit, variants ...string) string {
	for _, stem := range append([]string{text.Stem(word)}, variants...) {
		for _, h := range hits {
			for _, t := range text.Tokenize(h.Text) {
				if text.Stem(t.Word) == stem {
					return h.Text[t.Start:t.End]
				}
			}
		}
	}
	return word
}
