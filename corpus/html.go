package corpus

import (
	"bytes"
	"encoding/json"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
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

// headingLevel is each heading element's level.
var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

var headingElements = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// parseHTML extracts the readable content of an HTML page. Headings become
// section titles; scripts, styles, navigation, headers, footers and the
// chrome of documentation generators (mdBook, Sphinx, MkDocs, Docusaurus,
// Hugo: see chromeIDs and chromeClasses) are dropped, as are in-page
// tables of contents (lists of links to anchors of the page). When the
// page marks its content (<main>, role=main, one <article>), only that is
// read. A page that marks neither its content nor a known generator's
// chrome (a blog or news page laid out in <div>s, with sidebars, related
// links, comments and banners) is read through readability (see
// readableContent), whose cleaned tree goes through the same walk, so
// headings, lists, code and tables keep their structure; readability's
// choice stands only when it drops no more than links and chrome
// (dropsOnlyChrome). Title, canonical URL and publication date come from metadata; the
// title is chosen by chooseTitle. A redirect stub or a page of links only
// comes back with a.notArticle set.
func parseHTML(data []byte) article {
	var a article
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil { // nested deeper than the parser's limit (512 elements)
		return parseFlatHTML(data)
	}
	var head pageHead
	head.read(&a, root)
	content, marked := mainContent(root)
	brandsOutside := content // the content, whose <h1>s are not the site's name
	var readable string      // readability's title of the page, when it chose the content
	if !marked && !hasChrome(root) {
		if n, title := readableContent(root); n != nil && dropsOnlyChrome(content, n, head.title, head.ogTitle, title) {
			content, readable = n, title
		}
	}
	var buf strings.Builder
	var headline string
	headlineAt := -1 // index in a.blocks of the page's main heading
	flush := func(heading bool) {
		t := strings.Join(strings.Fields(buf.String()), " ")
		buf.Reset()
		if t != "" {
			a.blocks = append(a.blocks, block{heading: heading, text: t})
		}
	}
	var words, linkWords int
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Header && isArticleHeader(n):
				// an article's own header holds its headline: read it
			case skippedElements[n.DataAtom] || hasChromeRole(n) || isChrome(n) || n.DataAtom == atom.Title:
				return
			case (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol) && isAnchorList(n):
				return // an in-page table of contents
			case headingElements[n.DataAtom]:
				flush(false)
				buf.WriteString(textOf(n))
				before := len(a.blocks)
				flush(true)
				if len(a.blocks) > before { // an empty heading adds no block
					a.blocks[before].level = headingLevel[n.DataAtom]
				}
				if last := len(a.blocks) - 1; last >= 0 && a.blocks[last].heading && headlineAt < 0 &&
					(n.DataAtom == atom.H1 || last == 0) {
					headline, headlineAt = a.blocks[last].text, last
				}
				return
			case n.DataAtom == atom.Pre:
				// a code block (or preformatted text): its lines kept, so it is
				// searchable but read as code, not run together into prose
				flush(false)
				t := strings.Trim(preText(n), "\n")
				if strings.TrimSpace(t) != "" {
					a.blocks = append(a.blocks, block{code: true, text: t})
					w := len(strings.Fields(t))
					words += w
					if inLink {
						linkWords += w
					}
				}
				return
			case blockElements[n.DataAtom]:
				flush(false)
				if n.DataAtom == atom.Li {
					buf.WriteString("• ")
				}
				defer flush(false)
			case n.DataAtom == atom.A && attr(n, "href") != "":
				inLink = true
			}
		}
		if n.Type == html.TextNode {
			buf.WriteString(n.Data)
			w := len(strings.Fields(n.Data))
			words += w
			if inLink {
				linkWords += w
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(content, false)
	flush(false)
	switch {
	case head.noindex:
		a.notArticle = "marked noindex by its site (a print or search page)"
		return a
	case head.refresh != "" && words-linkWords < 30:
		a.notArticle = "a redirect to " + head.refresh
		return a
	case content.DataAtom != atom.Main && words > 0 && linkWords*10 >= words*9 && linkWords >= 20:
		a.notArticle = "only links (a table of contents or a menu)"
		return a
	}
	brands := brandHeadings(root, brandsOutside)
	if readable != "" && headline == "" {
		// readability drops the heading that repeats the page's title: it
		// is the headline, not the site's name
		if headline = pageHeadline(root, readable); headline != "" {
			kept := brands[:0]
			for _, b := range brands {
				if !strings.EqualFold(b, headline) {
					kept = append(kept, b)
				}
			}
			brands = kept
		}
	}
	a.title = chooseTitle(head, headline, brands)
	if a.title != "" {
		// The headline is the title, not a paragraph or a section.
		if headlineAt >= 0 && a.blocks[headlineAt].text == a.title {
			a.blocks = append(a.blocks[:headlineAt:headlineAt], a.blocks[headlineAt+1:]...)
		} else if len(a.blocks) > 0 && a.blocks[0].text == a.title {
			a.blocks = a.blocks[1:]
		}
	}
	return a
}

// isArticleHeader reports a <header> inside an <article> or <main> that
// holds a heading: the article's headline, not the site's banner.
func isArticleHeader(n *html.Node) bool {
	inside := false
	for p := n.Parent; p != nil && !inside; p = p.Parent {
		inside = p.Type == html.ElementNode && (p.DataAtom == atom.Article || p.DataAtom == atom.Main || attr(p, "role") == "main")
	}
	if !inside {
		return false
	}
	var has func(n *html.Node) bool
	has = func(n *html.Node) bool {
		if n.Type == html.ElementNode && headingElements[n.DataAtom] {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if has(c) {
				return true
			}
		}
		return false
	}
	return has(n)
}

// pageHead is what a page says about itself outside its text.
type pageHead struct {
	title    string // <title>
	ogTitle  string // <meta property="og:title">
	site     string // <meta property="og:site_name">
	docTitle string // the Go website's <!--{"Title": …}--> header
	refresh  string // the target of <meta http-equiv="refresh">
	noindex  bool   // <meta name="robots" content="noindex">: a print or search page
}

// read collects the page's metadata, setting a's URL and date.
func (h *pageHead) read(a *article, root *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.CommentNode && h.docTitle == "" && strings.HasPrefix(strings.TrimSpace(n.Data), "{"):
			var meta struct{ Title string }
			if json.Unmarshal([]byte(n.Data), &meta) == nil {
				h.docTitle = strings.TrimSpace(meta.Title)
			}
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Title:
			if h.title == "" {
				h.title = strings.Join(strings.Fields(textOf(n)), " ")
			}
			return
		case n.DataAtom == atom.Meta:
			if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
				if _, target, ok := strings.Cut(attr(n, "content"), "="); ok {
					h.refresh = strings.Trim(strings.TrimSpace(target), `'"`)
				}
			}
			switch metaKey(n) {
			case "robots":
				h.noindex = containsFold(attr(n, "content"), "noindex")
			case "og:title":
				h.ogTitle = strings.Join(strings.Fields(attr(n, "content")), " ")
			case "og:site_name":
				h.site = strings.TrimSpace(attr(n, "content"))
			}
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
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
}

// titleSeparators split a <title> into the page's name and the site's.
var titleSeparators = []string{" | ", " - ", " — ", " – ", " · ", " :: ", " « ", " » ", " • "}

// chooseTitle picks a page's title: the Go website's header title, else
// og:title or <title> with the site's name removed (the name of
// og:site_name or of a heading outside the content, such as mdBook's menu
// bar), else the page's main heading. When the <title> is the main
// heading and the site's name, the heading is the title: "Installation -
// The Rust Programming Language" is "Installation".
func chooseTitle(h pageHead, headline string, brands []string) string {
	if h.docTitle != "" {
		return h.docTitle
	}
	if h.site != "" {
		brands = append(brands, h.site)
	}
	isBrand := func(s string) bool {
		for _, b := range brands {
			if strings.EqualFold(strings.TrimSpace(s), b) {
				return true
			}
		}
		return false
	}
	for _, t := range []string{h.ogTitle, h.title} {
		if t == "" || isBrand(t) {
			continue
		}
		if headline != "" && !isBrand(headline) && titleNames(t, headline) {
			return headline
		}
		return stripSiteName(t, isBrand)
	}
	if headline != "" {
		return headline
	}
	return h.title
}

// stripSiteName removes the segments of a title that name the site.
func stripSiteName(t string, isBrand func(string) bool) string {
	for _, sep := range titleSeparators {
		parts := strings.Split(t, sep)
		if len(parts) < 2 {
			continue
		}
		var kept []string
		for _, p := range parts {
			if !isBrand(p) {
				kept = append(kept, p)
			}
		}
		switch {
		case len(kept) == 0: // "Book - Book"
			return strings.TrimSpace(parts[0])
		case len(kept) < len(parts):
			return strings.TrimSpace(strings.Join(kept, sep))
		}
	}
	return t
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// titleNames reports a title that is the headline, or the headline and
// other segments ("Configuration — Sphinx documentation").
func titleNames(title, headline string) bool {
	if strings.EqualFold(title, headline) {
		return true
	}
	for _, sep := range titleSeparators {
		for _, p := range strings.Split(title, sep) {
			if strings.EqualFold(strings.TrimSpace(p), headline) {
				return true
			}
		}
	}
	return false
}

// mainContent is the element holding the page's own content: the one
// <main>, else the element with role=main, else the one <article>, else
// <body> (or the whole document). marked reports a page that delimits its
// content itself: by one of those elements, or by two or more <article>s
// not inside one another (a release-notes or a blog page, each entry an
// article: all are read, as readability would keep only one).
func mainContent(root *html.Node) (content *html.Node, marked bool) {
	var mains, roleMains, articles []*html.Node
	outerArticles := 0
	var body *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if skippedElements[n.DataAtom] && n.DataAtom != atom.Header && n.DataAtom != atom.Footer {
				return
			}
			switch {
			case n.DataAtom == atom.Body:
				body = n
			case n.DataAtom == atom.Main:
				mains = append(mains, n)
			case attr(n, "role") == "main":
				roleMains = append(roleMains, n)
			case n.DataAtom == atom.Article:
				articles = append(articles, n)
				if !insideArticle(n) {
					outerArticles++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, cands := range [][]*html.Node{mains, roleMains, articles} {
		if len(cands) == 1 {
			return cands[0], true
		}
	}
	marked = outerArticles >= 2
	if body != nil {
		return body, marked
	}
	return root, marked
}

// insideArticle reports an element within an <article>.
func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}

// readableContent is the page's content as readability finds it (a copy of
// the tree, cleaned of what scores as chrome) and the title it reads, or
// nil when it finds too little text to be an article.
func readableContent(root *html.Node) (*html.Node, string) {
	p := readability.NewParser()
	art, err := p.ParseDocument(root, nil)
	if err != nil || art.Node == nil || len(strings.Fields(textOf(art.Node))) < minReadableWords {
		return nil, ""
	}
	return art.Node, strings.Join(strings.Fields(art.Title()), " ")
}

// dropsOnlyChrome reports whether readability's content (kept) holds all
// of the page's content (as the walk of parseHTML reads it) but chrome: a
// div-laid documentation page whose sections are sibling <div>s loses all
// but one to readability, and its Flags table or Exit codes list must not
// be dropped with the sidebar. What readability may drop is text in links,
// the page's headline (a heading that titles names: readability drops it
// as the title), and whatever lies in an element whose class or id names
// chrome (comments, a sidebar, a cookie banner; see chromeWords). Beyond
// that, a dropped heading, table, <pre> or list with text outside links,
// or more than a tenth of the other words, means its choice is refused.
func dropsOnlyChrome(content, kept *html.Node, titles ...string) bool {
	keptText := " " + strings.Join(strings.Fields(textOf(kept)), " ") + " "
	keptWords := map[string]int{}
	for _, w := range strings.Fields(keptText) {
		keptWords[w]++
	}
	isTitle := func(h string) bool {
		for _, t := range titles {
			if t != "" && titleNames(t, h) {
				return true
			}
		}
		return false
	}
	at := 0 // readability keeps the order: each unit is looked for after the last
	words, missing := 0, 0
	dropped := false
	var walk func(n *html.Node, inLink, inUnit bool)
	walk = func(n *html.Node, inLink, inUnit bool) {
		if dropped {
			return
		}
		if n.Type == html.ElementNode {
			switch {
			case skippedElements[n.DataAtom] || hasChromeRole(n) || isChrome(n) || n.DataAtom == atom.Title || looksLikeChrome(n):
				return
			case (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol) && isAnchorList(n):
				return
			case headingElements[n.DataAtom] && isTitle(strings.Join(strings.Fields(textOf(n)), " ")):
				return // the headline, which readability reads as the title
			case n.DataAtom == atom.A && attr(n, "href") != "":
				inLink = true
			case !inUnit && (headingElements[n.DataAtom] || n.DataAtom == atom.Table || n.DataAtom == atom.Pre ||
				n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Dl) && hasUnlinkedText(n):
				inUnit = true
				t := " " + strings.Join(strings.Fields(textOf(n)), " ") + " "
				i := strings.Index(keptText[at:], t)
				if i < 0 {
					dropped = true
					return
				}
				at += i + len(t) - 1
			}
		}
		if n.Type == html.TextNode && !inLink {
			for _, w := range strings.Fields(n.Data) {
				words++
				if keptWords[w] > 0 {
					keptWords[w]--
				} else {
					missing++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink, inUnit)
		}
	}
	walk(content, false, false)
	return !dropped && missing*10 <= words
}

// hasUnlinkedText reports an element with words outside links.
func hasUnlinkedText(n *html.Node) bool {
	switch {
	case n.Type == html.TextNode:
		return strings.TrimSpace(n.Data) != ""
	case n.Type == html.ElementNode && (skippedElements[n.DataAtom] || isChrome(n) ||
		n.DataAtom == atom.A && attr(n, "href") != ""):
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasUnlinkedText(c) {
			return true
		}
	}
	return false
}

// chromeWords are the words of a class or id that name a news or blog
// site's chrome, which readability may drop.
var chromeWords = map[string]bool{
	"comment": true, "comments": true, "disqus": true, "replies": true, "sidebar": true, "side": true,
	"related": true, "share": true, "sharing": true, "social": true, "cookie": true, "cookies": true,
	"consent": true, "gdpr": true, "cc": true, "banner": true, "masthead": true, "widget": true,
	"promo": true, "sponsor": true, "sponsored": true, "newsletter": true, "subscribe": true,
	"footer": true, "foot": true, "header": true, "menu": true, "nav": true, "navbar": true,
	"breadcrumb": true, "breadcrumbs": true, "pagination": true, "pager": true, "popup": true,
	"modal": true, "byline": true, "ad": true, "ads": true, "advert": true, "advertisement": true,
}

// looksLikeChrome reports an element whose class or id has a word of
// chromeWords ("comments-area", "col-side", "cc-banner").
func looksLikeChrome(n *html.Node) bool {
	for _, v := range []string{attr(n, "class"), attr(n, "id")} {
		for _, w := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
			return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
		}) {
			if chromeWords[w] {
				return true
			}
		}
	}
	return false
}

// pageHeadline is the first <h1> outside the page's banner and navigation
// that readability's title names ("Getting started" of "Getting started ·
// Widget Docs"), or "".
func pageHeadline(root *html.Node, title string) string {
	var found string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if found != "" || n.Type == html.ElementNode && skippedElements[n.DataAtom] {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.H1 {
			if t := strings.Join(strings.Fields(textOf(n)), " "); t != "" && titleNames(title, t) {
				found = t
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return found
}

// minReadableWords is the least text readability must keep for its choice
// to stand; below it the whole <body> is read as before.
const minReadableWords = 50

// hasChrome reports a page made by a known documentation generator, whose
// content the generator's own markup already delimits: a generator <meta>
// naming one, or an id or class only that generator uses (generatorChrome).
// Generic names (footer, sidebar, related, toc, breadcrumb) do not count: a
// news theme uses them too, and its cookie banner and related stories must
// still go through readability; isChrome drops them either way.
func hasChrome(n *html.Node) bool {
	if n.Type == html.ElementNode && (generatorChrome(n) ||
		n.DataAtom == atom.Meta && strings.EqualFold(attr(n, "name"), "generator") && docGenerator(attr(n, "content"))) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if hasChrome(c) {
			return true
		}
	}
	return false
}

// brandHeadings are the texts of the <h1>s outside the content: a site's
// or a book's name in its menu bar.
func brandHeadings(root, content *html.Node) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n == content {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.H1 {
			if t := strings.Join(strings.Fields(textOf(n)), " "); t != "" {
				out = append(out, t)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// chromeIDs and chromeClasses name the chrome of documentation generators:
// mdBook's keyboard help, menu bar, sidebar and search; Sphinx's related
// bar, sidebar and heading permalinks ("¶"); MkDocs Material's skip link,
// header, sidebars and footer; Docusaurus's skip link, breadcrumbs, tables
// of contents and pagination; Hugo's and others' permalinks and TOCs.
var (
	chromeIDs = map[string]bool{
		"mdbook-help-container": true, "help-container": true, "mdbook-menu-bar": true, "menu-bar": true,
		"mdbook-sidebar": true, "sidebar": true, "mdbook-search-wrapper": true, "search-wrapper": true,
		"toc": true, "TableOfContents": true, "table-of-contents": true, "breadcrumbs": true, "skip-link": true,
	}
	chromeClasses = map[string]bool{
		"menu-bar": true, "sidebar": true, "nav-chapters": true, "mobile-nav-chapters": true, // mdBook
		"related": true, "sphinxsidebar": true, "headerlink": true, "footer": true, // Sphinx
		"md-skip": true, "md-header": true, "md-sidebar": true, "md-footer": true, "md-source": true, "md-search": true, // MkDocs
		"theme-doc-toc-desktop": true, "theme-doc-toc-mobile": true, "theme-doc-breadcrumbs": true, // Docusaurus
		"theme-doc-sidebar-container": true, "pagination-nav": true, "theme-doc-footer": true, "hash-link": true,
		"header-anchor": true, "anchorjs-link": true, "td-heading-self-link": true, // VuePress, anchor.js, Docsy
		"toc": true, "table-of-contents": true, "breadcrumbs": true, "breadcrumb": true,
		"skip-link": true, "skip-to-content": true, "skiplink": true,
	}
)

// generatorIDs and generatorClasses are the names of chromeIDs and
// chromeClasses that only a documentation generator uses.
var (
	generatorIDs = map[string]bool{
		"mdbook-help-container": true, "help-container": true, "mdbook-menu-bar": true,
		"mdbook-sidebar": true, "mdbook-search-wrapper": true, "search-wrapper": true, "TableOfContents": true,
	}
	generatorClasses = map[string]bool{
		"nav-chapters": true, "mobile-nav-chapters": true, "sphinxsidebar": true, "headerlink": true,
		"md-skip": true, "md-header": true, "md-sidebar": true, "md-footer": true, "md-source": true, "md-search": true,
		"theme-doc-toc-desktop": true, "theme-doc-toc-mobile": true, "theme-doc-breadcrumbs": true,
		"theme-doc-sidebar-container": true, "pagination-nav": true, "theme-doc-footer": true, "hash-link": true,
		"header-anchor": true, "anchorjs-link": true, "td-heading-self-link": true,
	}
)

// generatorChrome reports an element whose id or class only a
// documentation generator uses.
func generatorChrome(n *html.Node) bool { return markedBy(n, generatorIDs, generatorClasses) }

// docGenerator reports a generator <meta> naming a documentation generator.
func docGenerator(content string) bool {
	c := strings.ToLower(content)
	for _, g := range []string{"mdbook", "sphinx", "mkdocs", "docusaurus", "vuepress", "vitepress", "docsy", "antora", "gitbook"} {
		if strings.Contains(c, g) {
			return true
		}
	}
	return false
}

// isChrome reports an element whose id or class names generator chrome.
func isChrome(n *html.Node) bool { return markedBy(n, chromeIDs, chromeClasses) }

// markedBy reports an element whose id is one of ids or one of whose
// classes is one of classes (or Docusaurus's skipToContent…).
func markedBy(n *html.Node, ids, classes map[string]bool) bool {
	if ids[attr(n, "id")] {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if classes[c] || strings.HasPrefix(c, "skipToContent") {
			return true
		}
	}
	return false
}

// isAnchorList reports a list that only links to anchors of the page (an
// in-page table of contents): at least two such links and no other text.
func isAnchorList(n *html.Node) bool {
	anchors := 0
	other := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if other {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if strings.HasPrefix(attr(n, "href"), "#") {
				anchors++
				return
			}
			other = true
			return
		}
		if n.Type == html.TextNode && strings.Trim(n.Data, " \t\r\n•·0123456789.") != "" {
			other = true
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return !other && anchors >= 2
}

func metaKey(n *html.Node) string {
	if key := attr(n, "property"); key != "" {
		return key
	}
	return attr(n, "name")
}

func (a *article) meta(n *html.Node) {
	key := metaKey(n)
	content := strings.TrimSpace(attr(n, "content"))
	switch key {
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

// headingTrim are the permalink marks some generators leave in headings
// as text rather than in a marked element: "¶", "§", "🔗", and zero-width
// spaces ("#" stays: "C#").
const headingTrim = " \t\r\n¶§🔗\u200b"

// textOf is the visible text of n, words separated at line breaks and
// blocks, permalink marks removed from its ends.
// preText is the text of a <pre> element as it is laid out: whitespace
// and line breaks kept (a <br> is a line break), trailing spaces dropped.
func preText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && (skippedElements[n.DataAtom] || isChrome(n)):
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	lines := strings.Split(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (skippedElements[n.DataAtom] || isChrome(n)) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && blockElements[n.DataAtom] {
			b.WriteByte(' ') // "Series<br>Changes" is two words
			defer b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Trim(b.String(), headingTrim)
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
