package corpus

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	gmtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	"github.com/docbot/docbot/internal/text"
)

// markdownParser reads CommonMark with GitHub's tables and strikethrough,
// and heading attributes ("## Introduction {#intro}"), which it removes
// from the heading's text.
var markdownParser = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough),
	goldmark.WithParserOptions(parser.WithAttribute()),
).Parser()

// mystTargetRe is a MyST (Sphinx Markdown) cross-reference target, a line
// "(label)=" before a heading: markup, not text.
var mystTargetRe = regexp.MustCompile(`(?m)^\([\w.:-]+\)=[ \t]*$`)

// parseGoldmark reads Markdown with a CommonMark parser: headings become
// sections; paragraphs, list items, table rows and block quotes keep their
// words; link text stays without its URL; images inside links or alone with
// other images (badges) go, other images leave their alt text; code blocks
// are kept as one block each, line breaks and all; HTML comments go and
// other raw HTML leaves its visible text. Front matter is read as before.
func parseGoldmark(src string) article {
	var a article
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	src = strings.TrimPrefix(src, "\uFEFF")
	src = a.frontMatter(src)
	if strings.Contains(src, ")=") {
		src = mystTargetRe.ReplaceAllString(src, "")
	}
	source := []byte(src)
	root := markdownParser.Parse(gmtext.NewReader(source))
	m := mdWalker{src: source, a: &a}
	m.blocks(root)
	markHeadings(a.blocks)
	return a
}

type mdWalker struct {
	src []byte
	a   *article
}

func (m *mdWalker) add(b block) {
	if b.code {
		b.text = strings.Trim(b.text, "\n")
	} else {
		b.text = strings.Join(strings.Fields(b.text), " ")
	}
	if b.text != "" {
		m.a.blocks = append(m.a.blocks, b)
	}
}

// blocks walks the block-level children of n.
func (m *mdWalker) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		m.block(c, "")
	}
}

// block adds the blocks of n; marker prefixes a list item's first block.
func (m *mdWalker) block(n ast.Node, marker string) {
	switch n := n.(type) {
	case *ast.Heading:
		m.add(block{heading: true, level: n.Level, text: m.inline(n)})
	case *ast.Paragraph, *ast.TextBlock:
		if m.onlyImagesAndLinks(n) && hasImage(n) {
			return // a row of badges
		}
		if s, ok := n.FirstChild().(*ast.Emphasis); ok && s.Level == 2 && s.NextSibling() == nil && marker == "" {
			if t := m.inline(s); looksLikeHeading(t) {
				m.add(block{heading: true, text: t}) // a short line in bold alone is a heading
				return
			}
		}
		m.add(block{text: marker + m.inline(n)})
	case *ast.List:
		if isAnchorListMD(n) {
			return // an in-page table of contents
		}
		i := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			mk := "- "
			if n.IsOrdered() {
				mk = strconv.Itoa(i) + ". "
				i++
			}
			first := true
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				if first {
					m.block(c, mk)
					first = false
					continue
				}
				m.block(c, "")
			}
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(m.src))
		}
		m.add(block{code: true, text: strings.TrimRight(b.String(), " \t\n")})
	case *ast.HTMLBlock:
		if n.HTMLBlockType == ast.HTMLBlockType2 {
			return // a comment
		}
		var b bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(m.src))
		}
		if n.HasClosure() {
			b.Write(n.ClosureLine.Value(m.src))
		}
		for _, t := range htmlFragmentText(b.Bytes()) {
			m.add(block{text: t})
		}
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, strings.TrimSpace(m.inline(cell)))
			}
			m.add(block{text: marker + strings.Join(cells, " | ")})
			marker = ""
		}
	case *ast.ThematicBreak, *ast.LinkReferenceDefinition:
	default: // block quotes, list items, footnotes…
		if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeBlock {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				m.block(c, marker)
				marker = ""
			}
			return
		}
		m.add(block{text: marker + m.inline(n)})
	}
}

// inline is the visible text of n's inline children.
func (m *mdWalker) inline(n ast.Node) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.CodeSpan: // verbatim: a backslash in code is a backslash
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					b.Write(t.Segment.Value(m.src))
				} else if s, ok := c.(*ast.String); ok {
					b.Write(s.Value)
				}
			}
			return
		case *ast.Text:
			// as goldmark's renderer does: "\[" is "[", "&amp;" is "&"
			v := n.Segment.Value(m.src)
			if !n.IsRaw() {
				v = util.UnescapePunctuations(v)
				v = util.ResolveNumericReferences(v)
				v = util.ResolveEntityNames(v)
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
			return
		case *ast.String:
			b.Write(n.Value)
			return
		case *ast.AutoLink:
			b.Write(n.Label(m.src))
			return
		case *ast.RawHTML:
			return // tags; the text between them is in sibling nodes
		case *ast.Image:
			if _, inLink := n.Parent().(*ast.Link); inLink || isBadgeURL(string(n.Destination)) {
				return
			}
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// isBadgeURL reports an image that is a status badge.
func isBadgeURL(u string) bool {
	return strings.Contains(u, "shields.io") || strings.Contains(u, "badge")
}

// onlyImagesAndLinks reports an inline container holding nothing but
// images, links (to images) and spaces.
func (m *mdWalker) onlyImagesAndLinks(n ast.Node) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
		case *ast.Link:
			if !m.onlyImagesAndLinks(c) {
				return false
			}
		case *ast.Text:
			if len(bytes.TrimSpace(c.Segment.Value(m.src))) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func hasImage(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*ast.Image); ok && entering {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// isAnchorListMD reports a list whose every item is only a link to an
// anchor of the page ("- [Installing](#installing)"), nested lists of the
// same allowed: a table of contents.
func isAnchorListMD(list *ast.List) bool {
	items := 0
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.List:
				if !isAnchorListMD(c) {
					return false
				}
			case *ast.Paragraph, *ast.TextBlock:
				l, ok := c.FirstChild().(*ast.Link)
				if !ok || l.NextSibling() != nil || !bytes.HasPrefix(l.Destination, []byte("#")) {
					return false
				}
			default:
				return false
			}
		}
		items++
	}
	return items >= 2
}

// htmlFragmentText is the visible text of raw HTML in Markdown, one string
// per block; scripts, styles and comments say nothing.
func htmlFragmentText(raw []byte) []string {
	nodes, err := html.ParseFragment(bytes.NewReader(raw), nil)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range nodes {
		if t := strings.Join(strings.Fields(textOf(n)), " "); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// markHeadings applies plain text's rule to Markdown too: a short line
// standing alone before a longer paragraph is a section heading.
func markHeadings(blocks []block) {
	for i := range blocks {
		b := &blocks[i]
		if !b.heading && !b.code && i+1 < len(blocks) && looksLikeHeading(b.text) && !blocks[i+1].heading &&
			text.WordCount(blocks[i+1].text) > text.WordCount(b.text) {
			b.heading = true
		}
	}
}
