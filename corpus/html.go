package corpus

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold no article text: code, styling, navigation, chrome.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Footer: true,
	atom.Header: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Svg: true,
	atom.Template: true, atom.Button: true, atom.Select: true,
}

// blockElements end the paragraph being collected.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Blockquote: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Pre: true, atom.Br: true,
	atom.Figcaption: true, atom.Dd: true, atom.Dt: true, atom.Hr: true,
}

var headingElements = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// parseHTML extracts the visible text of an HTML page: headings become
// section titles, scripts, styles, navigation, headers and footers are
// dropped. Title, canonical URL and publication date come from metadata.
func parseHTML(data []byte) article {
	var a article
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil { // nested deeper than the parser's limit (512 elements)
		return parseFlatHTML(data)
	}
	var docTitle, h1 string
	var buf strings.Builder
	flush := func(heading bool) {
		t := strings.Join(strings.Fields(buf.String()), " ")
		buf.Reset()
		if t != "" {
			a.blocks = append(a.blocks, block{heading: heading, text: t})
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Title:
				docTitle = strings.TrimSpace(textOf(n))
				return
			case n.DataAtom == atom.Meta:
				a.meta(n)
				return
			case n.DataAtom == atom.Link:
				if attr(n, "rel") == "canonical" && a.url == "" {
					a.url = attr(n, "href")
				}
				return
			case n.DataAtom == atom.Time && a.date == "":
				if d, ok := ParseDate(attr(n, "datetime")); ok {
					a.date = d
				}
			case skippedElements[n.DataAtom] || hasChromeRole(n):
				return
			case headingElements[n.DataAtom]:
				flush(false)
				buf.WriteString(textOf(n))
				if n.DataAtom == atom.H1 && h1 == "" {
					h1 = strings.Join(strings.Fields(buf.String()), " ")
				}
				flush(true)
				return
			case blockElements[n.DataAtom]:
				flush(false)
				if n.DataAtom == atom.Li {
					buf.WriteString("• ")
				}
				defer flush(false)
			}
		}
		if n.Type == html.TextNode {
			buf.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	flush(false)
	if a.title == "" {
		a.title = h1
	}
	if a.title == "" {
		a.title = docTitle
	}
	if a.title != "" && len(a.blocks) > 0 && a.blocks[0].text == a.title {
		a.blocks = a.blocks[1:]
	}
	return a
}

func (a *article) meta(n *html.Node) {
	key := attr(n, "property")
	if key == "" {
		key = attr(n, "name")
	}
	content := strings.TrimSpace(attr(n, "content"))
	switch key {
	case "og:title":
		a.title = content
	case "og:url":
		if a.url == "" {
			a.url = content
		}
	case "article:published_time", "date", "pubdate", "publish-date":
		if d, ok := ParseDate(content); ok && a.date == "" {
			a.date = d
		}
	}
}

func hasChromeRole(n *html.Node) bool {
	switch attr(n, "role") {
	case "navigation", "banner", "contentinfo", "complementary", "search":
		return true
	}
	return attr(n, "aria-hidden") == "true" || hasAttr(n, "hidden")
}

func attr(n *html.Node, key string) string {
	for _, at := range n.Attr {
		if at.Key == key {
			return at.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, at := range n.Attr {
		if at.Key == key {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (skippedElements[n.DataAtom]) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// parseFlatHTML reads the text of a page the tree parser refuses (nested
// deeper than its 512-element limit) with the tokenizer, which has no
// depth: scripts, styles and other non-text elements are still dropped,
// headings and block elements still delimit blocks, but navigation and
// chrome roles are not recognised.
func parseFlatHTML(data []byte) article {
	var a article
	z := html.NewTokenizer(bytes.NewReader(data))
	var buf strings.Builder
	flush := func(heading bool) {
		t := strings.Join(strings.Fields(buf.String()), " ")
		buf.Reset()
		if t != "" {
			a.blocks = append(a.blocks, block{heading: heading, text: t})
		}
	}
	skip := 0 // open skipped elements
	inTitle, inHeading := false, false
	var docTitle strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch {
			case skippedElements[tok.DataAtom]:
				if tt == html.StartTagToken {
					skip++
				}
			case tok.DataAtom == atom.Title:
				inTitle = tt == html.StartTagToken
			case headingElements[tok.DataAtom] && skip == 0:
				flush(false)
				inHeading = true
			case blockElements[tok.DataAtom] && skip == 0:
				flush(inHeading)
				if tok.DataAtom == atom.Li {
					buf.WriteString("• ")
				}
			}
		case html.EndTagToken:
			switch {
			case skippedElements[tok.DataAtom]:
				skip = max(skip-1, 0)
			case tok.DataAtom == atom.Title:
				inTitle = false
			case headingElements[tok.DataAtom] && skip == 0:
				flush(inHeading)
				inHeading = false
			case blockElements[tok.DataAtom] && skip == 0:
				flush(inHeading)
			}
		case html.TextToken:
			switch {
			case inTitle:
				docTitle.WriteString(tok.Data)
			case skip == 0:
				buf.WriteString(tok.Data)
			}
		}
	}
	flush(inHeading)
	a.title = strings.Join(strings.Fields(docTitle.String()), " ")
	if a.title == "" && len(a.blocks) > 0 && a.blocks[0].heading {
		a.title = a.blocks[0].text
	}
	if a.title != "" && len(a.blocks) > 0 && a.blocks[0].text == a.title {
		a.blocks = a.blocks[1:]
	}
	return a
}
