package retrieval

import (
	"slices"
	"sync"

	"github.com/docbot/docbot/internal/text"
)

// Names WordNet defines (see text.Name) bridge a paraphrase people write:
// a name the articles use, said another way ("the black sea peninsula" for
// Crimea, "the french capital" for Paris). The name searched for stands
// for the question's words in the gate, as an acronym the articles define
// does. The other way (a name the articles lack, "the kremlin", searched
// as the names its definition gives, "Moscow", "Russian") found nothing
// more on the QA sets and cost a hit; counted in the gate it let "did
// Hungary veto…" through as "Europe". Acronyms ("MS" for "multiple
// sclerosis") are left out: they cost SciFact 0.004 nDCG@10.

// nameRef is a way a question may call a name the index holds: the stems
// of one of its other names ("french capit"), or its kind ("peninsula")
// with one of the names its definition gives ("black sea", "ukrainian").
type nameRef struct {
	name   string     // the name, as FTS5 is to search it
	stem   string     // its stem
	phrase []string   // stems of another name, or nil
	head   string     // stem of its kind, with gloss
	gloss  [][]string // stems of its definition's names
}

// maxKindNames: a kind WordNet gives more names than this ("city",
// "state", "genus") does not pick one out.
const maxKindNames = 60

// nameKinds counts the names WordNet gives each kind; the table is fixed,
// so it is counted once, not per index generation.
var nameKinds = sync.OnceValue(func() map[string]int {
	kinds := map[string]int{}
	text.EachName(func(_ string, n text.Name) { kinds[n.Head]++ })
	return kinds
})

// nameIndex holds, per index generation, the refs of the names the index
// holds, by the last stem of each other name and by the stem of its kind.
type nameIndex struct {
	mu  sync.Mutex
	gen int64
	by  map[string][]nameRef
}

func (c *nameIndex) get(v Vocabulary) map[string][]nameRef {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by != nil && c.gen == v.Generation {
		return c.by
	}
	kinds := nameKinds()
	by := map[string][]nameRef{}
	text.EachName(func(name string, n text.Name) {
		stem := text.Stem(name)
		if v.DF[stem] == 0 {
			return
		}
		for _, also := range n.Also {
			if st := text.Terms(also); len(st) > 1 {
				by[st[len(st)-1]] = append(by[st[len(st)-1]], nameRef{name: name, stem: stem, phrase: st})
			}
		}
		// a kind shared by many names ("state": every US state is one "in
		// the United States") says too little to pick one
		if n.Head == "" || len(n.Gloss) == 0 || kinds[n.Head] > maxKindNames {
			return
		}
		ref := nameRef{name: name, stem: stem, head: text.Stem(n.Head)}
		for _, g := range n.Gloss {
			if st := text.Terms(g); len(st) > 0 {
				ref.gloss = append(ref.gloss, st)
			}
		}
		by[ref.head] = append(by[ref.head], ref)
	})
	c.gen, c.by = v.Generation, by
	return by
}

// callsNames widens the query with the names the index holds that the
// question calls another way: each of the question's words that call it
// also searches it, and the name in a passage counts for them. It reports
// whether it widened anything.
func callsNames(q *Query, by map[string][]nameRef) bool {
	widen := map[int][]string{}
	for i, st := range q.Stems {
		for _, ref := range by[st] {
			if slices.Contains(q.Stems, ref.stem) {
				continue // the question names it already
			}
			var words []int
			if ref.phrase != nil {
				words = runAt(q.Stems, ref.phrase, i)
			} else {
				// the kind next to a name of its definition: "black sea
				// peninsula", "peninsula on the black sea"
				for _, g := range ref.gloss {
					if at := runAt(q.Stems, g, i-1); at != nil {
						words = append(at, i)
						break
					}
					if at := runAt(q.Stems, g, i+len(g)); at != nil && !slices.Contains(g, st) {
						words = append(at, i)
						break
					}
				}
			}
			for _, j := range words {
				if !slices.Contains(widen[j], ref.name) {
					widen[j] = append(widen[j], ref.name)
				}
			}
		}
	}
	if len(widen) == 0 {
		return false
	}
	aliases := make(map[string][]string, len(q.aliases)+len(widen))
	for w, s := range q.aliases {
		aliases[w] = s
	}
	for j, ns := range widen {
		aliases[q.Words[j]] = append(slices.Clone(aliases[q.Words[j]]), ns...)
	}
	q.aliases = aliases
	q.build()
	return true
}

// runAt returns the positions of run in seq when it ends at end, else nil.
func runAt(seq, run []string, end int) []int {
	start := end - len(run) + 1
	if start < 0 || end >= len(seq) || !slices.Equal(seq[start:end+1], run) {
		return nil
	}
	out := make([]int, len(run))
	for k := range out {
		out[k] = start + k
	}
	return out
}

// rarerPart: a word of an acronym's name stands for the acronym where the
// index holds the acronym at least this many times as often.
const rarerPart = 4

// partOfName widens the query with an acronym the index holds whose
// spelled-out name has a name's word the index lacks: "the atlantic
// alliance" is NATO (North Atlantic Treaty Organization), where the
// articles write only "NATO". The acronyms are those the articles define
// (aliases) and the common ones (text.KnownAcronyms); a word of several
// acronyms' names ("united") picks none. It reports whether it widened
// anything.
func partOfName(q *Query, df map[string]int, aliases map[string]string) bool {
	widened := false
	for i, w := range q.Words {
		st := q.Stems[i]
		if text.IsStopWord(w) || !text.NameLike(st) || len(q.aliases[w]) > 0 {
			continue
		}
		var found []string
		for _, names := range []map[string]string{aliases, text.KnownAcronyms()} {
			for acr, name := range names {
				n := df[text.Stem(acr)]
				if n > 0 && n >= rarerPart*df[st] && slices.Contains(text.Terms(name), st) && !slices.Contains(found, acr) {
					found = append(found, acr)
				}
			}
		}
		if len(found) == 1 {
			q.widen(i, found, false)
			widened = true
		}
	}
	return widened
}
