package corpus

import (
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
)

// Real documentation pages reduced to what reproduced a defect: each
// fixture in testdata/docs holds the generator's markup around a little
// text. title is the document title wanted; keep must survive cleaning,
// drop (site chrome) must not appear in any passage or heading.
func TestDocumentationPages(t *testing.T) {
	tests := []struct {
		file  string
		title string
		keep  []string
		drop  []string
	}{
		{
			file:  "latin1.html", // declared ISO-8859-1
			title: "Interview with Tomás Pokorný",
			keep:  []string{"Tomás Pokorný maintains the café library in Brno and explains why naïve caching fails"},
			drop:  []string{"\uFFFD"},
		},
		{
			file:  "mdbook-chapter.html", // the menu's <h1> is the book's name, the chapter's heading an <h2>
			title: "Installation",
			keep:  []string{"The first step is to install Rust.", "$ curl --proto"},
			drop:  []string{"The Rust Programming Language", "Search this book"},
		},
		{
			file:  "sphinx.html",
			title: "Configuration",
			keep:  []string{"must contain a file named conf.py", "The documented project’s name."},
			drop:  []string{"Navigation", "Sphinx documentation", "Copyright", "Options for highlighting"},
		},
		{
			file:  "mkdocs-material.html",
			title: "Changing the fonts",
			keep:  []string{"directly integrates with Google Fonts", "valid Google Font via mkdocs.yml"},
			drop:  []string{"Changing the colors", "Made with Material", "Material for MkDocs\n"},
		},
		{
			file:  "docusaurus.html", // the headline is in the article's <header>
			title: "Installation",
			keep:  []string{"Docusaurus is essentially a set of npm packages.", "Node.js version 18.0 or above"},
			drop:  []string{"Edit this page", "Previous", "Docs sidebar", "Built with Docusaurus"},
		},
		{
			file:  "br-heading.html",
			title: "Patch Series",
			keep:  []string{"Sending the series"},
			drop:  []string{"SeriesChanges", "Sendingthe"},
		},
		{
			file:  "go-website.html", // the Go website's JSON header names the page
			title: "The Go Memory Model",
			keep:  []string{"The Go memory model specifies the conditions", "must serialize such access"},
			drop:  []string{"font-style"},
		},
		{
			file:  "skip-link.html", // skip links and a Markdown-style table of contents
			title: "Getting started",
			keep:  []string{"restart the daemon", "spin_rate key"},
			drop:  []string{"Widget Docs"},
		},
		{
			file:  "man-ls.txt", // man ls | col -bx: a header line of spaces, hyphenation, justification
			title: "ls(1): list directory contents",
			keep:  []string{"List information about the FILEs", "Sort entries alphabetically if none of -cftuvSUX nor --sort is specified."},
			drop:  []string{"LS(1)", "User Commands", "GNU coreutils 9.1", "speci‐"},
		},
		{
			file:  "emacs.txt",
			title: "Release procedure",
			keep:  []string{"Tag the release commit"},
			drop:  []string{"-*-"},
		},
		{
			file:  "news-sidebar.html", // a news page in divs: no <main>, no generator's chrome
			title: "Council approves hosepipe ban as reservoirs fall",
			keep: []string{"the lowest July level since records began in 1976", "Anyone caught breaking it",
				"Why the reservoirs are so low", "leave the lawn brown", "filling paddling pools",
				"Hollins Edge", "review the ban at its meeting on 9 September"},
			drop: []string{"We use cookies", "Accept all", "Subscribe today", "Related stories",
				"Heatwave warning", "Most read", "Late goal", "12 comments", "GardenGuy77", "dead roses",
				"Load more comments", "Share on Facebook", "morning briefing", "All rights reserved", "Terms and conditions"},
		},
		{
			file:  "myst.md", // MyST targets and heading attributes
			title: "Configuration",
			keep:  []string{"holds the build configuration", "Extensions", "The extensions setting lists"},
			drop:  []string{")=", "{#"},
		},
		{
			file:  "readme.md", // badges by reference, an HTML comment, a TOC, <style>, a table, code
			title: "widgetd",
			keep:  []string{"build it from source with the Go toolchain as shown below.", "go install example.com/widgetd@latest", "spin_rate | 60 | rotations per minute"},
			drop:  []string{"Build Status", "Coverage", "License", "generated from", "](", "margin", "https://"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			d := parseFixture(t, tt.file)
			if d.Title != tt.title {
				t.Errorf("title = %q, want %q", d.Title, tt.title)
			}
			all := d.Text
			for _, p := range d.Passages {
				all += "\n" + p.Heading
			}
			for _, k := range tt.keep {
				if !strings.Contains(d.Text, k) {
					t.Errorf("lost %q; text:\n%s", k, d.Text)
				}
			}
			for _, c := range append(tt.drop, chromePatterns...) {
				if strings.Contains(all, c) {
					t.Errorf("chrome %q kept; text:\n%s", c, all)
				}
			}
		})
	}
}

// chromePatterns must appear in no passage of any documentation page.
var chromePatterns = []string{
	"Keyboard shortcuts", "Press ? to show this help", // mdBook's help popup
	"Skip to content", "Skip to main content", // skip links
	"Table of contents", "Table of Contents", "On this page", "\n\nContents\n", // tables of contents
	"Redirecting", "¶", "\u200b", // redirect stubs, permalinks
}

// Pages that are not articles are skipped with a reason, not indexed.
func TestDocumentationPagesSkipped(t *testing.T) {
	for file, want := range map[string]string{
		"mdbook-redirect.html": "a redirect to ch18-02-trait-objects.html",
		"mdbook-toc.html":      "only links",
	} {
		f, skip, err := Read(t.Context(), os.DirFS("testdata/docs"), Entry{Path: file, ID: file}, 0)
		if err != nil || skip != nil {
			t.Fatalf("read %s: skip %v, err %v", file, skip, err)
		}
		_, err = Parse(f)
		var na *NotArticleError
		if !errors.As(err, &na) || !strings.Contains(na.Reason, want) {
			t.Errorf("Parse(%s) error %v, want a NotArticleError saying %q", file, err, want)
		}
	}
	page := `<html><head><meta name="robots" content="noindex"><title>Print</title></head><body><p>Every chapter again.</p></body></html>`
	if _, err := Parse(File{Path: "print.html", ID: "print", Data: []byte(page)}); !strings.Contains(fmt.Sprint(err), "noindex") {
		t.Errorf("noindex page: error %v", err)
	}
}

// parseFixture reads testdata/docs/name through Read (charset decoding
// included) and parses it.
func parseFixture(t *testing.T, name string) Document {
	t.Helper()
	fsys := os.DirFS("testdata/docs")
	f, skip, err := Read(t.Context(), fsys, Entry{Path: name, ID: strings.TrimSuffix(name, path.Ext(name))}, 0)
	if err != nil || skip != nil {
		t.Fatalf("read %s: skip %v, err %v", name, skip, err)
	}
	d, err := Parse(f)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return d
}

func TestSummarizeSkips(t *testing.T) {
	var skips []Skip
	for i, ext := range []string{".js", ".js", ".css", ".js", ".woff2", ".css", ""} {
		skips = append(skips, Skip{Path: fmt.Sprintf("site/f%d%s", i, ext), Reason: ReasonUnsupported})
	}
	skips = append(skips, Skip{Path: "big.html", Reason: "too large"})
	summary, rest := SummarizeSkips(skips)
	if want := "7 unsupported files: .js 3, .css 2, .woff2 1, no extension 1"; summary != want {
		t.Errorf("summary = %q, want %q", summary, want)
	}
	if len(rest) != 1 || rest[0].Path != "big.html" {
		t.Errorf("rest = %v, want only big.html", rest)
	}
	// A few are listed one by one.
	if summary, rest := SummarizeSkips(skips[:2]); summary != "" || len(rest) != 2 {
		t.Errorf("two skips: summary %q, rest %v", summary, rest)
	}
}
