package corpus

import (
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// Formats FuzzParse feeds its input as, chosen by the fuzzed selector.
var fuzzExts = []string{".txt", ".md", ".html"}

// FuzzParse cleans arbitrary text, Markdown and HTML. It must never panic,
// the cleaned text must be valid UTF-8 and hold no more text than the
// input (whitespace aside), and the passages must hold to checkPassages.
func FuzzParse(f *testing.F) {
	seeds, err := fs.Glob(Default(), "*.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range seeds {
		data, err := fs.ReadFile(Default(), name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Add([]byte("---\ntitle: \"Front matter\"\ndate: 2025-03-01\n---\n# Heading\n\nSome *bold* and [a link](http://x) text.\n\n- item one\n- item two\n"), uint8(1))
	f.Add([]byte("Title\n=====\n\nHard\nwrapped\nlines\nof text.\n\n```\ncode block\n```\n"), uint8(1))
	f.Add([]byte(`<html><head><title>T</title><meta property="article:published_time" content="2025-02-01"></head><body><nav>Home</nav><article><h1>Head</h1><p>One &amp; two &lt;three&gt;.</p><script>x()</script></article><footer>Cookies</footer></body></html>`), uint8(2))
	f.Add([]byte("<p>unclosed <b>tags <i>everywhere"), uint8(2))
	f.Add([]byte("\uFEFF\r\nWindows\r\nline endings\r\n"), uint8(0))

	f.Fuzz(func(t *testing.T, data []byte, sel uint8) {
		if len(data) > 64<<10 || !utf8.Valid(data) {
			return // Scan rejects larger files and repairs invalid UTF-8 before Parse
		}
		ext := fuzzExts[int(sel)%len(fuzzExts)]
		doc, err := Parse(File{Path: "f" + ext, ID: "f", Data: data})
		if err != nil {
			if len(doc.Passages) != 0 {
				t.Fatalf("error %v with %d passages", err, len(doc.Passages))
			}
			return
		}
		if !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Title) {
			t.Fatalf("cleaned text is not valid UTF-8")
		}
		// Layout may change (paragraphs are joined by a blank line); the
		// text itself may only shrink.
		if out, in := visibleBytes(doc.Text), visibleBytes(string(data)); out > in {
			t.Fatalf("cleaned text has %d non-space bytes, more than the input's %d", out, in)
		}
		checkPassages(t, doc.Text, doc.Passages, nil)
	})
}

// FuzzChunk cuts arbitrary paragraphs and headings into passages.
func FuzzChunk(f *testing.F) {
	f.Add("First paragraph.\x00## A heading\x00"+strings.Repeat("Word and more words. ", 60), uint8(2))
	f.Add(strings.Repeat("a ", 400), uint8(0))
	f.Add(strings.Repeat("Short one. ", 10)+"\x00"+strings.Repeat("x", 3000), uint8(0))
	f.Add("Überschrift\x00Ein Absatz mit Umlauten: äöü. ", uint8(1))

	f.Fuzz(func(t *testing.T, s string, headings uint8) {
		if len(s) > 64<<10 || !utf8.ValidString(s) {
			return
		}
		// Blocks are NUL-separated; bit i of headings marks block i a heading.
		// Parsers hand chunk trimmed, non-empty blocks.
		var blocks []block
		headingText := map[string]bool{}
		bodyBlocks := 0
		for i, part := range strings.Split(s, "\x00") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			b := block{heading: i < 8 && headings&(1<<i) != 0, text: part}
			if b.heading {
				headingText[part] = true
			} else {
				bodyBlocks++
			}
			blocks = append(blocks, b)
		}
		doc, passages := chunk(blocks)
		checkPassages(t, doc, passages, headingText)
		if len(passages) == 0 && bodyBlocks > 0 {
			t.Fatalf("%d body blocks gave no passage", bodyBlocks)
		}
		for _, p := range passages {
			if n := text.WordCount(p.Text); n > max(2*maxPassageWords, maxParagraphWords)+minPassageWords {
				t.Fatalf("passage %d has %d words", p.Ordinal, n)
			}
		}
	})
}

// checkPassages asserts what search and citations rely on: every passage
// is doc[Start:End], offsets lie inside the document on rune boundaries,
// passages come in order without overlap, ordinals count from 0, and
// when headings is not nil, together they cover every word of the text
// but the heading lines it names.
func checkPassages(t *testing.T, doc string, passages []Passage, headings map[string]bool) {
	t.Helper()
	covered := make([]bool, len(doc))
	prevEnd := 0
	for i, p := range passages {
		if p.Ordinal != i {
			t.Fatalf("passage %d has ordinal %d", i, p.Ordinal)
		}
		if p.Start < prevEnd || p.End <= p.Start || p.End > len(doc) {
			t.Fatalf("passage %d spans [%d,%d) after %d in a %d-byte text", i, p.Start, p.End, prevEnd, len(doc))
		}
		if !utf8.RuneStart(doc[p.Start]) || (p.End < len(doc) && !utf8.RuneStart(doc[p.End])) {
			t.Fatalf("passage %d cuts a rune: [%d,%d)", i, p.Start, p.End)
		}
		if p.Text != doc[p.Start:p.End] {
			t.Fatalf("passage %d text differs from doc[%d:%d]", i, p.Start, p.End)
		}
		if strings.TrimSpace(p.Text) == "" {
			t.Fatalf("passage %d is blank", i)
		}
		for j := p.Start; j < p.End; j++ {
			covered[j] = true
		}
		prevEnd = p.End
	}
	if headings == nil {
		return
	}
	// Every byte outside the passages is whitespace or a heading (the
	// longest first: one heading may contain another).
	hs := slices.SortedFunc(maps.Keys(headings), func(a, b string) int { return len(b) - len(a) })
	for _, run := range uncovered(doc, covered) {
		rest := run
		for _, h := range hs {
			rest = strings.ReplaceAll(rest, h, "")
		}
		if strings.TrimSpace(rest) != "" {
			t.Fatalf("text %q belongs to no passage", run)
		}
	}
}

// visibleBytes counts the bytes of s outside whitespace.
func visibleBytes(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		n += len(f)
	}
	return n
}

// uncovered returns the runs of doc not marked covered.
func uncovered(doc string, covered []bool) []string {
	var out []string
	start := -1
	for i := 0; i <= len(doc); i++ {
		if i < len(doc) && !covered[i] {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, doc[start:i])
			start = -1
		}
	}
	return out
}
