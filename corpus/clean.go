package corpus

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// block is a paragraph or heading of an article, in reading order.
type block struct {
	heading bool
	level   int  // a heading's level (1 for <h1> or "#"), 0 when the format has none
	code    bool // a code block: its line breaks are kept
	page    bool // a PDF page's heading: always starts a new passage
	text    string
}

// article is what a parser extracts before cleaning and chunking.
type article struct {
	title, url, date string // from front matter or HTML metadata; win over detection
	titleSet         bool   // front matter named the title, possibly as empty
	notArticle       string // why the file is not an article (a redirect stub…); "" when it is
	// labels are the page's words that clean removes as chrome but a
	// reader may name the article by ("Breaking News", the weather
	// widget's "Los Angeles"): see Document.Labels
	labels []string
	blocks []block
}

// A boilerplateRule recognises site chrome at blocks[i]. It returns how many
// blocks to drop from i (0: no match), or dropRest to drop i and everything
// after it. Add rules to boilerplateRules; each is tested on the seeds.
type boilerplateRule struct {
	name  string
	match func(bs []block, i int) int
}

const dropRest = -1

// maxChromeLine bounds the length of a chrome or trailer line: longer
// blocks are article text and skip those (costly) patterns.
const maxChromeLine = 200

var (
	weatherRe = regexp.MustCompile(`^-?\d{1,3}(\.\d)?\s*°?\s*[CF]$`)
	teaserRe  = regexp.MustCompile(`^Key Takeaways:.*(\.\.\.|…)$`)
	// lines that are chrome wherever they appear
	chromeLineRe = regexp.MustCompile(`(?i)^(you must be logged in to post a comment\.?|your email address will not be published.*|` +
		`stay informed by joining our newsletter!?|subscribe to our newsletter.*|sign up for our newsletter.*|` +
		`check out other tags:?|share this (article|story|post):?|advertisement|comments|read more|breaking news|` +
		// documentation sites: skip links and the titles of tables of contents
		`skip to (the )?(main )?content|skip to navigation|(table of )?contents|on this page|in this (article|page))$`)
	// headings after which a page holds only chrome
	trailerRe = regexp.MustCompile(`(?i)^(leave a reply|leave a comment|related articles|related posts|` +
		`check out our other content|most popular articles|most popular|you may also like|more stories)$`)
)

var boilerplateRules = []boilerplateRule{
	{"weather widget", func(bs []block, i int) int {
		if len(bs[i].text) <= 16 && weatherRe.MatchString(bs[i].text) && i+1 < len(bs) && text.WordCount(bs[i+1].text) <= 3 {
			return 2 // "21.4 C" then the city
		}
		return 0
	}},
	{"teaser headline", func(bs []block, i int) int {
		if i+1 < len(bs) && strings.HasPrefix(bs[i+1].text, "Key Takeaways:") && teaserRe.MatchString(bs[i+1].text) {
			return 2 // another article's headline and its truncated takeaway
		}
		return 0
	}},
	{"repeated headline", func(bs []block, i int) int {
		t := strings.TrimPrefix(bs[i].text, "Breaking News")
		if t == bs[i].text {
			return 0
		}
		for _, b := range bs[:i] {
			if strings.TrimSpace(t) == b.text {
				return 1
			}
		}
		return 0
	}},
	{"chrome line", func(bs []block, i int) int {
		if len(bs[i].text) <= maxChromeLine && chromeLineRe.MatchString(bs[i].text) {
			return 1
		}
		return 0
	}},
	{"trailer", func(bs []block, i int) int {
		if len(bs[i].text) > maxChromeLine || !trailerRe.MatchString(bs[i].text) {
			return 0
		}
		for _, b := range bs[i+1:] { // only chrome may follow: no article paragraphs
			if text.WordCount(b.text) > 25 {
				return 0
			}
		}
		return dropRest
	}},
}

// clean removes boilerplate, then finds the date and the title.
func (a *article) clean() {
	if a.date == "" {
		for i, b := range a.blocks[:min(len(a.blocks), 12)] {
			if d, ok := parseDateLine(b.text); ok {
				a.date = d
				a.blocks = append(a.blocks[:i:i], a.blocks[i+1:]...)
				break
			}
		}
	}
	var kept []block
	for i := 0; i < len(a.blocks); {
		drop := 0
		for _, r := range boilerplateRules {
			if drop = r.match(a.blocks, i); drop != 0 {
				break
			}
		}
		if drop == dropRest {
			break
		}
		if drop > 0 {
			a.labels = append(a.labels, pageLabels(a.blocks[i:i+drop])...)
			i += drop
			continue
		}
		kept = append(kept, a.blocks[i])
		i++
	}
	a.blocks = kept
	if len(a.blocks) == 0 {
		return
	}
	first := a.blocks[0].text
	if a.title == "" && !a.titleSet && looksLikeTitle(first) {
		a.title = first
	}
	if a.title != "" && first == a.title {
		a.blocks = a.blocks[1:] // the headline is the title, not a paragraph
	}
}

// pageLabels returns what dropped chrome blocks show a reader that names
// the page: a kicker before the headline ("Breaking News") and the
// weather widget's place ("Los Angeles"), not its temperature, teasers of
// other articles or links.
func pageLabels(dropped []block) []string {
	var out []string
	for i, b := range dropped {
		switch {
		case len(b.text) >= len("breaking news") && strings.EqualFold(b.text[:len("breaking news")], "breaking news"):
			out = append(out, "Breaking News")
		case i > 0 && weatherRe.MatchString(dropped[i-1].text):
			out = append(out, b.text)
		}
	}
	return out
}

func looksLikeTitle(s string) bool {
	return utf8.RuneCountInString(s) <= 200 && text.WordCount(s) <= 25 && !strings.HasSuffix(s, ".")
}

// looksLikeHeading: a short line that does not end like a sentence.
func looksLikeHeading(s string) bool {
	if len(s) > 4*100 || utf8.RuneCountInString(s) > 100 || text.WordCount(s) > 12 || isListItem(s) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	return !strings.ContainsRune(".,;:!…\"”", last)
}

var dateLayouts = []string{
	"Monday, January 2, 2006", "Monday, 2 January 2006", "January 2, 2006", "Jan 2, 2006",
	"2 January 2006", "2 Jan 2006", "2006-01-02", "Mon, Jan 2, 2006", time.RFC3339,
}

// parseDateLine parses a line that is only a date (a dateline), giving YYYY-MM-DD.
func parseDateLine(s string) (string, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Published:"))
	if len(s) > 40 || len(s) < 8 {
		return "", false
	}
	return ParseDate(s)
}

// ParseDate accepts the date formats found in articles and front matter.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	if len(s) >= 10 { // "2025-09-27T10:00:00+02:00" and similar
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

var (
	mdImageRe  = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLinkRe   = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdRefRe    = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdStrongRe = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmRe     = regexp.MustCompile(`(^|[\s(])[*_](\S(?:[^*_]*?\S)?)[*_]`)
	mdCodeRe   = regexp.MustCompile("`([^`]*)`")
	htmlTagRe  = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	listRe     = regexp.MustCompile(`^\s*([-*+•]|\d{1,3}[.)])\s+`)
	hruleRe    = regexp.MustCompile(`^\s*([-*_]\s*){3,}$`)
)

// listItem rewrites a list line as "marker text": the number of an ordered
// item is kept, "*" and "+" bullets become "-" (so they cannot read as
// emphasis), and the text never grows.
func listItem(line string) string {
	m := listRe.FindStringSubmatch(line)
	if m == nil {
		return line
	}
	marker := m[1]
	if marker == "*" || marker == "+" {
		marker = "-"
	}
	return marker + " " + strings.TrimSpace(line[len(m[0]):])
}

// isListItem reports what listRe matches ("- ", "• ", "12. ", "3) "
// after optional space), without running the regexp on every paragraph.
func isListItem(s string) bool {
	const space = " \t\n\f\r" // regexp's \s
	s = strings.TrimLeft(s, space)
	rest := s
	if r, size := utf8.DecodeRuneInString(s); strings.ContainsRune("-*+•", r) {
		rest = s[size:]
	} else {
		digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
		if digits == 0 || digits > 3 || digits == len(s) || (s[digits] != '.' && s[digits] != ')') {
			return false
		}
		rest = s[digits+1:]
	}
	return rest != "" && strings.IndexByte(space, rest[0]) >= 0
}

// inlineRules are stripInline's rewrites, in order. Each runs only when
// its trigger occurs in the text: most paragraphs carry no markup, and a
// regexp scan that finds nothing still costs most of the cleaning time.
var inlineRules = []struct {
	trigger string // any of these bytes must occur for re to match
	re      *regexp.Regexp
	repl    string
}{
	{"!", mdImageRe, "$1"},
	{"(", mdLinkRe, "$1"},
	{"]", mdRefRe, "$1"},
	{"`", mdCodeRe, "$1"},
	{"*_", mdStrongRe, "$2"},
	{"*_", mdEmRe, "$1$2"},
	{"<", htmlTagRe, ""},
}

// stripInline removes Markdown inline markup, keeping the words.
func stripInline(s string) string {
	for _, r := range inlineRules {
		if strings.ContainsAny(s, r.trigger) {
			s = r.re.ReplaceAllString(s, r.repl)
		}
	}
	return strings.TrimSpace(s)
}

// parseText reads plain text with light Markdown-like rules: a "# " line or
// a line in bold alone is a heading, "**" and other inline markup are
// dropped, and every line is its own paragraph unless the text is
// hard-wrapped. Markdown files go through parseGoldmark instead.
func parseText(src string) article {
	var a article
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	src = strings.TrimPrefix(src, "\uFEFF")
	src = a.frontMatter(src)
	src = dropModeLine(src)
	if title, body, ok := manPage(src); ok {
		src = body
		if !a.titleSet {
			a.title, a.titleSet = title, true
		}
	}
	lines := strings.Split(src, "\n")
	var para []string
	flush := func() {
		if len(para) > 0 {
			if t := stripInline(strings.Join(para, " ")); t != "" {
				a.blocks = append(a.blocks, block{text: t})
			}
			para = nil
		}
	}
	wrapped := hardWrappedGroups(lines)
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "#"):
			flush()
			if h := stripInline(strings.Trim(line, "# ")); h != "" {
				a.blocks = append(a.blocks, block{heading: true, text: h})
			}
		case len(line) > 4 && strings.HasPrefix(line, "**") && strings.HasSuffix(line, "**") && !strings.Contains(strings.Trim(line, "* "), "**"):
			flush() // a line in bold alone is a heading
			a.blocks = append(a.blocks, block{heading: true, text: stripInline(strings.Trim(line, "* "))})
		case hruleRe.MatchString(line):
			flush()
		case isListItem(line):
			flush()
			para = append(para, listItem(line))
		case strings.HasPrefix(line, ">"):
			para = append(para, strings.TrimSpace(strings.TrimLeft(line, "> ")))
		default:
			if len(para) > 0 && !wrapped[i] {
				flush()
			}
			para = append(para, line)
		}
	}
	flush()
	markHeadings(a.blocks)
	return a
}

// modeLineRe is an Emacs mode line ("-*- text -*-"), an editor setting on
// a file's first line.
var modeLineRe = regexp.MustCompile(`^[ \t]*-\*-.*-\*-[ \t]*(\n|$)`)

// dropModeLine removes an Emacs mode line from the top of src, after
// blank lines, along with a MyST-style "(label)=" target anywhere.
func dropModeLine(src string) string {
	rest := strings.TrimLeft(src, "\n")
	if loc := modeLineRe.FindStringIndex(rest); loc != nil {
		src = rest[loc[1]:]
	}
	if strings.Contains(src, ")=") {
		src = mystTargetRe.ReplaceAllString(src, "")
	}
	return src
}

var (
	// manHeaderRe is the first line of a formatted man page:
	// "LS(1)      User Commands      LS(1)".
	manHeaderRe = regexp.MustCompile(`^([^\s(]+)\((\w+)\)[ \t]{2,}.*[ \t]{2,}[^\s(]+\(\w+\)[ \t]*$`)
	// manFooterRe is its last line: "GNU coreutils 9.1   September 2022   LS(1)".
	manFooterRe  = regexp.MustCompile(`[ \t]{2,}[^\s(]+\(\w+\)[ \t]*$`)
	manHyphenRe  = regexp.MustCompile("[\u2010-][ \t]*\n[ \t]+") // "speci‐\n       fied"
	manSpacingRe = regexp.MustCompile(`(\S)  +(\S)`)             // justified "List  information"
)

// manPage recognises a man page formatted as text (man ls | col -bx):
// its header and footer lines go, words hyphenated at line ends are
// joined, justification spaces collapse, and its title comes from the
// NAME section: "ls(1): list directory contents".
func manPage(src string) (title, body string, ok bool) {
	src = strings.Trim(src, "\n")
	first, _, _ := strings.Cut(src, "\n")
	if !strings.Contains(first, ")  ") {
		return "", "", false // not a man header: skip the regexp
	}
	m := manHeaderRe.FindStringSubmatch(first)
	if m == nil {
		return "", "", false
	}
	lines := strings.Split(src, "\n")
	lines = lines[1:]
	if n := len(lines); n > 0 && manFooterRe.MatchString(lines[n-1]) {
		lines = lines[:n-1]
	}
	body = strings.Join(lines, "\n")
	body = manHyphenRe.ReplaceAllStringFunc(body, func(s string) string {
		if strings.HasPrefix(s, "-") {
			return "-" // a hyphenated compound: keep its hyphen
		}
		return ""
	})
	body = manSpacingRe.ReplaceAllString(body, "$1 $2")
	body = manSpacingRe.ReplaceAllString(body, "$1 $2") // overlapping runs
	name := strings.ToLower(m[1])
	title = name + "(" + m[2] + ")"
	for i, l := range lines {
		if strings.TrimSpace(l) != "NAME" {
			continue
		}
		for _, next := range lines[i+1:] {
			if next = strings.TrimSpace(next); next != "" {
				if _, what, ok := strings.Cut(next, " - "); ok {
					title += ": " + strings.TrimSpace(what)
				}
				break
			}
		}
		break
	}
	return title, body, true
}

// hardWrappedGroups marks the lines of plain text whose paragraph (a run
// of non-blank lines) looks cut at a fixed width: every line but the last
// between 40 and 100 characters. Such lines join into one paragraph; in
// other text every line is a paragraph of its own.
func hardWrappedGroups(lines []string) []bool {
	wrapped := make([]bool, len(lines))
	for start := 0; start < len(lines); {
		if strings.TrimSpace(lines[start]) == "" {
			start++
			continue
		}
		end := start
		for end < len(lines) && strings.TrimSpace(lines[end]) != "" {
			end++
		}
		ok := end-start >= 2
		for _, l := range lines[start : end-1] {
			if n := utf8.RuneCountInString(strings.TrimSpace(l)); n < 40 || n > 100 {
				ok = false
				break
			}
		}
		for i := start; i < end; i++ {
			wrapped[i] = ok
		}
		start = end
	}
	return wrapped
}

// frontMatter reads an optional "---" block at the top and returns the rest.
func (a *article) frontMatter(src string) string {
	if !strings.HasPrefix(src, "---\n") {
		return src
	}
	end := strings.Index(src[4:], "\n---")
	if end < 0 {
		return src
	}
	head := src[4 : 4+end]
	rest := src[4+end+4:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 && strings.TrimSpace(rest[:nl]) == "" {
		rest = rest[nl+1:]
	} else if strings.TrimSpace(rest) == "" {
		rest = ""
	}
	for _, line := range strings.Split(head, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "title":
			a.title, a.titleSet = v, true
		case "url", "link", "source":
			a.url = v
		case "date", "published":
			if d, ok := ParseDate(v); ok {
				a.date = d
			}
		}
	}
	return rest
}
