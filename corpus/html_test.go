package corpus

import (
	"fmt"
	"strings"
	"testing"
)

// blocksText is every block of a parsed page, one a line.
func blocksText(a article) string {
	var b strings.Builder
	for _, bl := range a.blocks {
		b.WriteString(bl.text + "\n")
	}
	return b.String()
}

// A page of several <article>s (release notes, one per version) is read
// whole: readability keeps one candidate and would drop the others.
func TestHTMLSeveralArticlesAllRead(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>Release notes</title></head><body><h1>Release notes</h1>`)
	for i, n := range []int{6, 1, 1, 3, 1} {
		fmt.Fprintf(&b, "<article><h2>Version 1.%d</h2>", i)
		for j := range n {
			fmt.Fprintf(&b, "<p>Version 1.%d changes item %d: the scheduler now retries failed jobs with backoff, and the config key retry_limit_%d sets how often.</p>", i, j, i)
		}
		b.WriteString("</article>")
	}
	b.WriteString("</body></html>")
	text := blocksText(parseHTML([]byte(b.String())))
	for i := range 5 {
		for _, want := range []string{fmt.Sprintf("Version 1.%d\n", i), fmt.Sprintf("Version 1.%d changes item 0", i)} {
			if !strings.Contains(text, want) {
				t.Errorf("lost %q; text:\n%s", want, text)
			}
		}
	}
}
