package corpus

import (
	"fmt"
	"os"
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

// A documentation page laid out in sibling <div>s, one a section, marks
// neither its content nor a known generator's chrome: readability keeps the
// longest section and drops the others. Its choice is refused when it drops
// more than links and chrome, and the whole body is read.
func TestHTMLReadabilityKeepsDivSections(t *testing.T) {
	intro := "<p>The widget command manages widgets on a server. It reads its configuration from widget.toml in the current folder, and every flag below overrides the file. Run widget help for a summary of the commands it knows, and widget help name for one command in detail, with examples.</p>"
	page := `<html><head><title>Widget CLI reference · Widget Docs</title></head><body>
<div class="header"><a href="/">Widget Docs</a> <a href="/a">Guide</a> <a href="/b">API</a></div>
<div class="side-col"><ul><li><a href="/1">Install</a></li><li><a href="/2">Configure</a></li><li><a href="/3">Reference</a></li></ul></div>
<div class="section"><h1>Widget CLI reference</h1>` + intro + intro + `</div>
<div class="section"><h2>Flags</h2><table><tr><td>--port</td><td>port to listen on, default 8080</td></tr><tr><td>--data</td><td>folder of the database</td></tr><tr><td>--quiet</td><td>print nothing but errors</td></tr></table></div>
<div class="section"><h2>Example</h2><pre>widget serve --port 9090 --data /var/lib/widget</pre></div>
<div class="section"><h2>Exit codes</h2><ul><li>0 success</li><li>1 bad flags</li><li>2 cannot open the database</li></ul></div>
<div class="section"><h2>Environment</h2><p>WIDGET_TOKEN holds the API token.</p></div>
<div class="foot">© Widget</div></body></html>`
	a := parseHTML([]byte(page))
	text := blocksText(a)
	for _, want := range []string{"Flags", "port to listen on, default 8080", "widget serve --port 9090", "Exit codes", "2 cannot open the database", "WIDGET_TOKEN holds the API token."} {
		if !strings.Contains(text, want) {
			t.Errorf("lost %q; text:\n%s", want, text)
		}
	}
	if a.title != "Widget CLI reference" {
		t.Errorf("title = %q", a.title)
	}
}

// A news theme's generic class names (class="footer") are no generator's
// chrome: the page still goes through readability, which drops its cookie
// banner, related stories and comments.
func TestHTMLGenericChromeNamesKeepReadability(t *testing.T) {
	data, err := os.ReadFile("testdata/docs/news-sidebar.html")
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(string(data), `class="site-foot"`, `class="footer"`, 1)
	text := blocksText(parseHTML([]byte(page)))
	for _, chrome := range []string{"We use cookies", "Related stories", "GardenGuy77", "Most read"} {
		if strings.Contains(text, chrome) {
			t.Errorf("chrome %q indexed; text:\n%s", chrome, text)
		}
	}
	if !strings.Contains(text, "Hollins Edge") {
		t.Errorf("lost the story; text:\n%s", text)
	}
}
