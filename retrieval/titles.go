package retrieval

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// People write a leader by a description ("the french leader", "kyiv's
// leader", "the ex-president"); news writes the name with its title
// ("French President Emmanuel Macron", "former U.S. President Donald
// Trump"). A question's leader word after a place or "former" is searched
// as the one name the index writes with that title, which then counts for
// both words in the gate.

// leaderNouns name a country's leader in chat.
var leaderNouns = map[string]bool{"leader": true, "president": true, "head": true, "boss": true, "chief": true,
	"guy": true, "dude": true, "premier": true}

// titledRe finds a name (group 2) after a title of office and the word
// before the title (group 1; "U.S." may come between): "French President
// Emmanuel Macron", "former U.S. President Donald Trump".
var titledRe = regexp.MustCompile(`\b(\pL+)(?i:\s+(?:U\.S\.\s+|US\s+)?)(?:President|Prime Minister|Chancellor|Premier)\s+((?:[A-Z][\pL'’-]+\s+){0,2}[A-Z][\pL'’-]+)`)

// maxLeaderGap bounds the words between the place and the leader word
// ("paris's top guy").
const maxLeaderGap = 2

// titledNames widens the query's leader words with the name the index
// writes with that title (see titledRe), or else with the one leader of
// that country WordNet knows whose name the index has (df: "the kremlin
// boss" is Putin, whom the articles call only "President Putin"); it
// reports whether it widened anything.
func (s *Service) titledNames(ctx context.Context, q *Query, df map[string]int) (bool, error) {
	widened := false
	for i, w := range q.Words {
		if !leaderNouns[w] || len(q.aliases[w]) > 0 {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-maxLeaderGap; j-- {
			qualifiers := titleQualifiers(q.Words[j])
			if len(qualifiers) == 0 {
				continue
			}
			name, err := s.titledName(ctx, qualifiers)
			if err != nil {
				return widened, err
			}
			if name == "" {
				name = knownLeader(qualifiers, df)
			}
			if name == "" || slices.Contains(q.Stems, text.Stem(name)) {
				break
			}
			q.widen(i, []string{name}, false)
			q.widen(j, []string{name}, false)
			widened = true
			break
		}
	}
	return widened, nil
}

// titleQualifiers returns the words news writes before a title for the
// holder a question's word describes: "former" for "ex" or "former"; a
// country's proper adjectives for it, its capital or its seat ("french"
// for "france" or "paris", "ukrainian" for "kyiv").
func titleQualifiers(w string) []string {
	if w == "ex" || w == "former" {
		return []string{"former"}
	}
	if p, ok := strings.CutSuffix(w, "s"); ok && text.Synonyms(w) == nil && text.Synonyms(p) != nil {
		w = p // "kyivs leader": a possessive typed without its apostrophe
	}
	places := []string{w}
	places = append(places, text.Synonyms(w)...)
	if d := text.Demonyms(w); len(d) > 0 {
		return []string{w}
	}
	var out []string
	for _, p := range places {
		for _, adj := range text.ProperAdjectives(p) {
			if !slices.Contains(out, adj) {
				out = append(out, adj)
			}
		}
	}
	return out
}

// titledName returns the surname of the one holder the index writes with
// a title after one of the qualifiers ("French President Emmanuel
// Macron"), or "" when it writes none or several.
func (s *Service) titledName(ctx context.Context, qualifiers []string) (string, error) {
	var names []string
	for _, qual := range qualifiers {
		hits, err := s.search.Search(ctx, `"`+strings.ReplaceAll(qual, `"`, "")+`" AND ("president" OR "minister" OR "chancellor" OR "premier")`, Filter{}, 20)
		if err != nil {
			return "", err
		}
		for _, h := range hits {
			for _, m := range titledRe.FindAllStringSubmatch(h.Text, -1) {
				if !strings.EqualFold(m[1], qual) {
					continue
				}
				full := strings.Fields(m[2])
				last := full[len(full)-1]
				surname := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(last, "’s"), "'s")) // "Macron’s"
				if !slices.ContainsFunc(names, func(n string) bool { return sameSurname(n, surname) }) {
					names = append(names, surname)
				}
			}
		}
	}
	if len(names) != 1 {
		return "", nil
	}
	return names[0], nil
}

// knownLeader returns the one name of a leader WordNet knows for the
// qualifiers' country ("russian") that the index has (df), or "".
func knownLeader(qualifiers []string, df map[string]int) string {
	var found []string
	for _, qual := range qualifiers {
		for _, name := range text.Leaders(qual) {
			if df[text.Stem(name)] > 0 && !slices.Contains(found, name) {
				found = append(found, name)
			}
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// sameSurname reports whether two surnames are one spelt two ways
// ("zelensky", "zelenskyy").
func sameSurname(a, b string) bool {
	return a == b || strings.HasPrefix(a, b) && len(a)-len(b) <= 1 || strings.HasPrefix(b, a) && len(b)-len(a) <= 1
}
