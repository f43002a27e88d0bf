package text

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryRe matches the English name of a country or territory as
// golang.org/x/text names ISO 3166 regions ("Germany", "United States"),
// and the short forms news writes ("U.S.", "Britain").
var countryRe = sync.OnceValue(func() *regexp.Regexp {
	seen := map[string]bool{}
	names := []string{"U.S.", "U.K.", "USA", "America", "Britain", "Great Britain", "England", "Holland", "Türkiye"}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			if n := display.English.Regions().Name(r); n != "" && n != "United Nations" && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) }) // longest first
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	return regexp.MustCompile(`(?:^|[^\pL])(` + strings.Join(quoted, "|") + `)(?:[^\pL]|$)`)
})

// Countries returns the names of countries s mentions, as written.
func Countries(s string) []string {
	var out []string
	for _, m := range countryRe().FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}
