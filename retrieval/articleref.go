package retrieval

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// How a question names one article of the collection: by its place ("the
// second article"), by words of its title, labels or headings ("the
// macron piece", "the faq one"), quoted, or by what it is about ("the one
// where macron calls zelensky"); resolved against the catalog.

// articleRefRe finds where a question names one article: "the macron
// article", "per the paris piece", "acc to the paris thing", "the can
// security guarantees piece" ("artcle" as typed too). The words naming it
// are read backwards from the noun (see articleRef).
var articleRefRe = regexp.MustCompile(`(?i)\b(article|artcle|articel|aritcle|artical|piece|story|report|page|post|one|thing)\b|\barticles(?:['’]s|['’])?(?:\s|$)`)

// collectionWords before "articles" make it the collection's, not one
// article's with its apostrophe dropped.
var collectionWords = map[string]bool{"these": true, "those": true, "all": true, "both": true, "other": true, "two": true,
	"three": true, "four": true, "five": true, "several": true, "many": true, "some": true, "news": true, "different": true}

// twoOrdinalsRe finds two articles named by their places at once.
var twoOrdinalsRe = regexp.MustCompile(`(?i)\b(?:the\s+)?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+(?:and|&|n)\s+(?:the\s+)?(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+(?:articles|ones|pieces|stories)\b`)

// quotedTitleRe finds a quoted span of a question: a title, when its words
// are one article's name (see articleRefs).
var quotedTitleRe = regexp.MustCompile(`(?:^|\s)(?:"([^"]+)"|“([^”]+)”|'([^'"]+)'|‘([^’]+)’)(?:\s|$|[,.?!:;])`)

// pluralVerbs after "the X articles" make it several articles doing it.
var pluralVerbs = map[string]bool{"say": true, "said": true, "mention": true, "mentioned": true, "talk": true, "describe": true,
	"discuss": true, "cover": true, "agree": true, "disagree": true, "think": true, "claim": true, "argue": true, "suggest": true,
	"show": true, "tell": true, "report": true, "see": true, "differ": true, "compare": true, "focus": true, "treat": true}

// articleNumberRe: a number after "article" makes it a treaty's or a
// law's ("article 5").
var articleNumberRe = regexp.MustCompile(`^\s*\d`)

// articleAboutRe finds "the piece on kyiv lobbying the ex-president", "the
// one where macron calls zelensky": an article named by what it is about,
// up to the end of the clause.
var articleAboutRe = regexp.MustCompile(`(?i)\bthe (?:(?:article|artcle|piece|story|report) (?:on|about|where|in which|(with)|that (?:talks|is) about|that (?:covers|mentions|(has|includes)))|one (?:about|where|in which|(with)|that (?:talks|is) about|that (?:covers|mentions|(has|includes)))) ([^,.;:?!]+)`)

// articleAskRe asks for what the catalog tells of an article, or for its
// gist: its title, date, length, sections or a summary. Only such a
// question names an article by what it has ("whats the title of the one
// with the pros and cons list"): in one asking what an article says, the
// words after "with" are often what is asked ("why does the article with
// zelensky and vance say…").
var articleAskRe = regexp.MustCompile(`(?i)\b(?:title|titled|headline|called|named|date|dated|published|long|length|sections?|headings?|summar\w*|tl;?dr|nutshell|gist|about)\b`)

// refLead are the words that end a reference read backwards ("in the
// macron article", "according to the long article"); with the
// determiner they are cut from the question with the reference.
var refLead = regexp.MustCompile(`(?i)(?:\b(?:in|per|from|by|acc to|according to|accordin to|acording to|going by|based on)\s+)?$`)

// articleRef is a reference to one article found in a question.
type articleRef struct {
	words      []string // the words naming it, in order
	start, end int      // the span to cut from the question
	loose      bool     // named as "the X one/thing": only a title or name match counts
	noun       string   // "article", "piece", "story"…
	about      bool     // named by its topic ("the piece on …")
}

// withoutRefs blanks out the references to articles in q ("the paris
// article"); all of them, or only those naming an article by its title
// or name, leaving "the piece on kyiv lobbying" whose words are a topic.
func withoutRefs(q string, all bool) string {
	for _, ref := range articleRefs(q) {
		if all || !ref.about {
			q = q[:ref.start] + strings.Repeat(" ", ref.end-ref.start) + q[ref.end:]
		}
	}
	return q
}

// articleRefs returns the references to an article in q.
func articleRefs(q string) []articleRef {
	var refs []articleRef
	for _, m := range articleAboutRe.FindAllStringSubmatchIndex(q, -1) {
		// groups 1–4 mark the "with" / "has" forms, 5 is the topic
		byWhatItHas := m[2] >= 0 || m[4] >= 0 || m[6] >= 0 || m[8] >= 0
		if byWhatItHas && !articleAskRe.MatchString(q) {
			continue // "the article with…" names one only in a question about it as a whole
		}
		m = []int{m[0], m[1], m[10], m[11]} // the match and its topic
		// the topic's words, up to a verb or question word ("the article
		// on macron say about troops" is about Macron), at most four
		var words []string
		end, content := m[2], 0
		toks := text.Tokenize(q[m[2]:m[3]])
		for i, t := range toks {
			if t.Word == "and" && content > 0 && i+2 <= len(toks) && i+3 >= len(toks) && !slices.ContainsFunc(toks[i+1:], func(n text.Token) bool { return text.IsStopWord(n.Word) || refStops[n.Word] }) {
				words, end = append(words, t.Word), m[2]+t.End
				continue // "the article about zelensky and trump?": both name it
			}
			if refStops[t.Word] || content == 4 {
				break
			}
			if !text.IsStopWord(t.Word) {
				content++
			}
			words, end = append(words, t.Word), m[2]+t.End
		}
		if content == 0 {
			continue
		}
		start := m[0] - len(refLead.FindString(q[:m[0]]))
		refs = append(refs, articleRef{words: words, start: start, end: end, about: true})
	}
	for _, m := range twoOrdinalsRe.FindAllStringSubmatchIndex(q, -1) {
		// "the 4th and 1st articles": two, by their places
		start := m[0] - len(refLead.FindString(q[:m[0]]))
		for _, g := range [][2]int{{m[2], m[3]}, {m[4], m[5]}} {
			refs = append(refs, articleRef{words: []string{strings.ToLower(q[g[0]:g[1]])}, start: start, end: m[1], noun: "article"})
		}
	}
	for _, m := range quotedTitleRe.FindAllStringSubmatchIndex(q, -1) {
		// "in 'can security guarantees bring peace' what happened…": a
		// title quoted, named by all its words (see resolveArticle)
		g := 2 // the quotes that matched: "…", “…”, '…' or ‘…’
		for g < len(m)-2 && m[g] < 0 {
			g += 2
		}
		var ws []string
		for _, t := range text.Tokenize(q[m[g]:m[g+1]]) {
			ws = append(ws, t.Word)
		}
		if len(ws) < 3 || len(ws) > 20 {
			continue // "- - -", "😡 😡 😡": no words
		}
		open := m[0] + len(q[m[0]:m[1]]) - len(strings.TrimLeft(q[m[0]:m[1]], " \t\n"))
		start := open - len(refLead.FindString(q[:open]))
		refs = append(refs, articleRef{words: ws, start: start, end: m[1], noun: "title", loose: true})
	}
	for _, m := range refNouns(q) {
		if overlaps(refs, m[0]) {
			continue
		}
		noun := strings.ToLower(strings.TrimSpace(q[m[0]:m[1]]))
		if n, ok := refNounTypo(noun); ok {
			noun = n
		}
		plural := strings.HasPrefix(noun, "articles")
		if plural && noun == "articles" {
			// without its apostrophe, one article's only before what it
			// has ("the shield articles call to action"), not before what
			// several do ("what do the zelensky articles say")
			next := text.Tokenize(q[m[1]:])
			if len(next) == 0 || pluralVerbs[next[0].Word] || text.IsStopWord(next[0].Word) {
				continue
			}
		}
		if plural {
			// "the shield articles call to action", "the first articles's
			// view": one article's, its apostrophe dropped or doubled
			noun = "article"
		}
		if articleNumberRe.MatchString(q[m[1]:]) {
			continue // "article 5", "nato article 5": a treaty's article
		}
		toks := text.Tokenize(q[:m[0]])
		i := len(toks) - 1
		var words []string
		for next := m[0]; i >= 0 && len(words) < 5; i-- {
			w := toks[i].Word
			if gap := q[toks[i].End:next]; strings.ContainsAny(gap, "!?;") || strings.Contains(gap, ".") && len(toks[i].Word) > 1 {
				break // "…the ukraine news. give me one pro": no reference across sentences ("the U.S. support article" is one)
			}
			next = toks[i].Start
			if o := ordinalSlip(w); len(words) == 0 && o != "" && (i == 0 || refDets[toks[i-1].Word]) {
				w = o
				// "the first article": by its place in the collection
				// (see resolveArticle); not "the first one to…", "the
				// fifth article of the nato treaty", "the first article
				// to mention…", "the first report of the attack"
				// (only in a message of one clause: "the article lists two
				// options, whats the second one about" asks of an option)
				oneClause := !strings.ContainsAny(q[:m[0]], ".,;!?")
				if (noun == "one" || noun == "thing") && !(oneClause && (oneAskedOf.MatchString(q[m[1]:]) || oneEndRe.MatchString(q[m[1]:]) && summaryLeadRe.MatchString(q[:m[0]]))) ||
					ordinalOf.MatchString(q[m[1]:]) && !ofCollection.MatchString(q[m[1]:]) {
					break
				}
				words = []string{w}
				i--
				break
			}
			if refDets[w] || refStops[w] {
				break
			}
			words = append([]string{w}, words...)
		}
		loose := noun == "one" || noun == "thing"
		start := 0
		switch {
		case len(words) == 0:
			continue // "which article…", "articles": no article named
		case plural && (len(words) > 2 || slices.ContainsFunc(words, func(w string) bool { return collectionWords[w] })):
			continue // "the US play across these articles": all of them
		case i < 0 && !plural:
			// "third article - what does it say…", "paris sumit artical
			// what message…": at the start of the question without its
			// determiner, only by its place or its name, not a topic
			// ("i skimmed these articles")
			loose = true
		case i < 0 || !refDets[toks[i].Word]:
			continue
		default:
			start = toks[i].Start
		}
		start -= len(refLead.FindString(q[:start]))
		end := m[1]
		if v := refVerbRe.FindString(q[end:]); v != "" && !auxBeforeRe.MatchString(q[:start]) {
			end += len(v) // "the losses the breaking news article talks about": its telling, no word asked
		}
		refs = append(refs, articleRef{words: words, start: start, end: end, noun: noun, loose: loose})
	}
	return refs
}

// refVerbRe: what an article does with its subject, right after a
// reference that is no question's subject (see auxBeforeRe).
var refVerbRe = regexp.MustCompile(`(?i)^\s+(?:talks|talked|mentions|mentioned|discusses|discussed|describes|described|covers|covered|brings\s+up|brought\s+up|lists|listed|outlines|outlined|lays\s+out|laid\s+out|suggests|suggested|proposes|proposed|recommends|recommended)\b`)

// auxBeforeRe: an auxiliary right before a reference makes it the
// question's subject ("what does the paris article mention").
var auxBeforeRe = regexp.MustCompile(`(?i)\b(?:does|did|do|doesnt|didnt|dont|doesn't|didn't|don't)\s*$`)

// oneAskedOf: what follows "the 2nd one" when it names an article: the
// question's end, or what the article says ("wat is the 2nd one about",
// "tldr the 4th one"), not "the first one to…".
var oneAskedOf = regexp.MustCompile(`(?i)^\s*(?:(?:what(?:['’]?s| is)|whats|wats?)\s+(?:it|its)\b|about\b|says?\b|said\b|covers?\b|mentions?\b|talks?\b|discuss(?:es)?\b|is about\b|cites?\b|referenc(?:e|es)\b|quotes?\b|(?:in|on|from) (?:the|your|this) (?:list|collection)\b)`)

// oneEndRe and summaryLeadRe: "the 4th one" ending what asks for a
// summary or another thing of an article ("tldr the 4th one", "whos the
// author of the first one"), not "…i only rmbr the first one".
var (
	oneEndRe      = regexp.MustCompile(`^\s*(?:$|[?!.,;:-])`)
	summaryLeadRe = regexp.MustCompile(`(?i)\b(?:tldr|tl;?dr|summar\w*|sum up|gist|rundown|overview|recap|author|writer|wrote|title|headline|date|dated|published|sections?|headings?|sources?)\b[^.?!]*$`)
)

// ordinalSlip returns the ordinal w is ("first", "last"), or one slip of
// it that general English doesn't know ("frist", "firt", "fiest"); "".
func ordinalSlip(w string) string {
	if ordinals[w] > 0 || w == "last" {
		return w
	}
	if len(w) < 4 || !isLetters(w) || text.EnglishWord(text.Stem(w)) {
		return ""
	}
	for _, o := range []string{"first", "second", "third", "fourth", "fifth", "last"} {
		if osaDistance(w, o, 1) <= 1 {
			return o
		}
	}
	return ""
}

// ordinalOf: what follows "the first article" when it is no reference to
// one of the collection's: the article of something, the first to do
// something.
var ordinalOf = regexp.MustCompile(`(?i)^['’]?s?\s+(?:of|to|that|which|who|in which|where)\b`)

// ofCollection: "the last article that you have", "the first article of
// the collection" name one of the collection's after all.
var ofCollection = regexp.MustCompile(`(?i)^\s+(?:(?:of|in|from)\s+(?:the\s+|these\s+|your\s+|this\s+|my\s+)?(?:collection|list|library|index|articles|ones|docs|documents|lot|bunch|set|five|four|three|two|six)\b|(?:that|which)\s+(?:you|u|i|we)\b)`)

// refNouns returns the spans of the nouns that may end a reference to an
// article (articleRefRe), typed right or with one slip ("peice", "artilce").
func refNouns(q string) [][]int {
	spans := articleRefRe.FindAllStringIndex(q, -1)
	for _, t := range text.Tokenize(q) {
		if _, ok := refNounTypo(t.Word); ok && !slices.ContainsFunc(spans, func(m []int) bool { return m[0] == t.Start }) {
			spans = append(spans, []int{t.Start, t.End})
		}
	}
	slices.SortFunc(spans, func(a, b []int) int { return a[0] - b[0] })
	return spans
}

// refNounTypo returns the noun naming an article that w, a word general
// English doesn't know, is one slip of ("peice": piece; not "store").
func refNounTypo(w string) (string, bool) {
	if len(w) < 5 || text.EnglishWord(text.Stem(w)) || text.WordClasses(w) != "" {
		return "", false // "niece", "stork", "repost" are words
	}
	for _, n := range []string{"article", "piece", "story", "report"} {
		if w != n && osaDistance(w, n, 1) <= 1 {
			return n, true
		}
	}
	return "", false
}

func overlaps(refs []articleRef, at int) bool {
	for _, r := range refs {
		if at >= r.start && at < r.end {
			return true
		}
	}
	return false
}

var (
	refDets = map[string]bool{"the": true, "this": true, "that": true, "a": true, "an": true, "your": true, "ur": true, "yr": true}
	// refStops end the words naming an article read backwards: "what did
	// trump say in the macron article" names it by "macron" alone.
	refStops = map[string]bool{"in": true, "per": true, "from": true, "by": true, "to": true, "of": true, "on": true,
		"about": true, "does": true, "did": true, "do": true, "and": true, "or": true, "vs": true, "than": true, "is": true,
		"are": true, "was": true, "says": true, "say": true, "what": true, "which": true, "other": true, "same": true,
		"first": true, "second": true, "last": true, "next": true, "previous": true, "each": true, "every": true, "any": true,
		"said": true, "mention": true, "mentions": true, "mentioned": true, "claim": true, "claims": true, "argue": true,
		"argues": true, "think": true, "thinks": true, "who": true, "how": true, "why": true, "when": true, "where": true}
)

// namedArticles returns the articles a question names ("according to the
// paris article", "in the seeking a shield piece", "the long article",
// "the piece on kyiv lobbying the ex-president"), in the order it names
// them, and the stems of the words that name them. Ask searches one
// article named in it alone, and each of several (see askEach).
func (s *Service) namedArticles(ctx context.Context, q string) (named []Document, naming []string, err error) {
	c, ok := s.search.(Catalog)
	if !ok {
		return nil, nil, nil
	}
	refs := articleRefs(q)
	if len(refs) == 0 {
		return nil, nil, nil
	}
	docs, err := c.Docs(ctx)
	if err != nil || len(docs) < 2 {
		return nil, nil, err
	}
	for _, ref := range refs {
		d, err := s.resolveArticle(ctx, docs, ref)
		if err != nil {
			return nil, nil, err
		}
		if d == "" {
			continue
		}
		if !slices.ContainsFunc(named, func(x Document) bool { return x.ID == d }) {
			i := slices.IndexFunc(docs, func(x Document) bool { return x.ID == d })
			named = append(named, docs[i])
		}
		if ref.about {
			// its topic is what the question is about, too, unless a
			// heading of it is what names it ("the article about a daring
			// vision": "Conclusion: towards a daring vision of…")
			if ok, err := s.headingNames(ctx, d, ref.words); err != nil || !ok {
				if err != nil {
					return nil, nil, err
				}
				continue
			}
		}
		for _, w := range ref.words {
			naming = append(naming, text.Stem(w))
		}
	}
	return named, naming, nil
}

// headingNames reports whether a heading of article doc holds every
// content word of a reference to it, and its article's title none of
// them: the reference names the article by that heading.
func (s *Service) headingNames(ctx context.Context, doc string, words []string) (bool, error) {
	var content []string
	for _, w := range words {
		if !text.IsStopWord(w) {
			content = append(content, text.Stem(w))
		}
	}
	if len(content) < 2 {
		return false, nil
	}
	r, err := s.Retrieve(ctx, strings.Join(words, " "), Filter{DocID: doc}, DefaultK)
	if isNoTerms(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, h := range r.Hits {
		heading, title := stemSet(h.Heading), stemSet(h.Title)
		if !slices.ContainsFunc(content, func(st string) bool { return !heading[st] || title[st] }) {
			return true, nil
		}
	}
	return false, nil
}

// resolveArticle finds the one article a reference names: by length
// ("the long article"), by every content word of it in the article's
// title or its name (file name, address), ties going to the article
// whose title holds more of the reference's words in a row, then more of
// them at all; else, for a reference
// naming it by a topic, the article whose passages score far best for it.
func (s *Service) resolveArticle(ctx context.Context, docs []Document, ref articleRef) (string, error) {
	if len(ref.words) == 0 {
		return "", nil
	}
	if len(ref.words) == 1 && !ref.loose && ref.noun != "story" && ref.noun != "report" { // "the long story" is an idiom
		switch ref.words[0] {
		case "long", "longest", "longer", "short", "shortest", "shorter":
			sorted := sortedByLength(docs, false)
			if strings.HasPrefix(ref.words[0], "short") {
				return sorted[len(sorted)-1].ID, nil
			}
			return sorted[0].ID, nil
		}
	}
	if w := ref.words[len(ref.words)-1]; !ref.loose && len(ref.words) <= 2 && (newestWords[w] || oldestWords[w]) && (len(ref.words) == 1 || ref.words[0] == "most") {
		// "the most recent article", "the oldest one": by date, among the
		// dated ones, when one is
		return datedEnd(docs, oldestWords[w]), nil
	}
	if len(ref.words) == 1 && ref.words[0] == "middle" {
		if len(docs)%2 == 0 {
			return "", nil // no one article is in the middle
		}
		return docs[len(docs)/2].ID, nil
	}
	if n := ordinals[ref.words[0]]; len(ref.words) == 1 && (n > 0 || ref.words[0] == "last") {
		// the catalog lists the articles in the collection's order
		if n == 0 {
			n = len(docs) // "the last article"
		}
		if n > len(docs) {
			return "", nil
		}
		return docs[n-1].ID, nil
	}
	var content []string
	for _, w := range ref.words {
		if !text.IsStopWord(w) {
			content = append(content, text.Stem(w))
		}
	}
	if len(content) == 0 {
		return "", nil
	}
	names := make([]map[string]bool, len(docs))
	all := map[string]bool{}
	for i, d := range docs {
		names[i] = docNames(d)
		maps.Copy(all, names[i])
	}
	content = respellNames(content, all)
	best, bestScore, tie := "", -1, false
	for i, d := range docs {
		names := names[i]
		title := stemSet(d.Title)
		all := true
		for _, st := range content {
			if !names[st] {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		score := 10 * longestRun(stemSeq(d.Title), stemSeq(strings.Join(ref.words, " ")))
		for _, w := range ref.words {
			if title[text.Stem(w)] {
				score++
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = d.ID, score, false
		case score == bestScore:
			tie = true
		}
	}
	if best != "" {
		if tie {
			return "", nil
		}
		if ref.noun == "title" && !mostOfTitle(docs, best, content) {
			return "", nil // "who is urging "security guarantees from trump"": a phrase, not the title
		}
		return best, nil
	}
	if d := mostNamed(docs, names, content); d != "" && !ref.loose {
		// "the one about zelensky asking trump for guarantees": a title
		// holds most of the words, and more than any other
		return d, nil
	}
	if len(content) == 1 && faqWords[content[0]] {
		// "the faq one": the one article with a questions section
		return s.faqArticle(ctx, docs)
	}
	// one word that is no title's is searched for only when general
	// English doesn't use, or writes as a name ("the faq article", "the
	// sheild piece"; not "the big article")
	if ref.loose && ref.noun != "title" && allNames(content) {
		// "the bbc one", "the chatham house thing": a name only one
		// article's text holds
		return s.onlyArticleWith(ctx, content)
	}
	if ref.loose || !ref.about && len(content) < 2 && text.EnglishWord(content[0]) && !text.NameLike(content[0]) {
		return "", nil
	}
	return s.topArticle(ctx, strings.Join(ref.words, " "))
}

// allNames reports whether every stem is a name's: one general English
// writes with a capital, or doesn't know ("bbc").
func allNames(stems []string) bool {
	for _, st := range stems {
		if text.EnglishWord(st) && !text.NameLike(st) {
			return false
		}
	}
	return len(stems) > 0
}

// onlyArticleWith returns the one article whose passages hold all of
// stems, or "" when none or several do.
func (s *Service) onlyArticleWith(ctx context.Context, stems []string) (string, error) {
	r, err := s.Retrieve(ctx, strings.Join(stems, " "), Filter{}, candidates(DefaultK))
	if isNoTerms(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	doc := ""
	for _, h := range r.Hits {
		have := stemSet(h.Text)
		if !slices.ContainsFunc(stems, func(st string) bool { return !have[st] }) {
			if doc != "" && doc != h.DocID {
				return "", nil
			}
			doc = h.DocID
		}
	}
	return doc, nil
}

// docNames are the stems a reference may name an article by: its title's,
// its file name's and address's, its labels' (with their initials), and
// "dated" when it carries a date.
func docNames(d Document) map[string]bool {
	names := d.Title + " " + nameWords(d.ID) + " " + nameWords(d.URL) + " " + labelNames(d.Labels)
	if d.Date != "" {
		names += " dated" // "the dated one": the one article with a date, when only one has
	}
	return stemSet(names)
}

// respellNames reads a word of a reference that no article's name (all:
// every docNames stem) holds as the one such word a slip away ("the prais
// article", "the pars piece": Paris; "the mcron one": Macron), when
// exactly one is.
func respellNames(content []string, all map[string]bool) []string {
	out := slices.Clone(content)
	for i, st := range content {
		if all[st] || len(st) < 3 {
			continue
		}
		maxDist := 1
		if len(st) >= 6 {
			maxDist = 2
		}
		fix, n := "", 0
		for name := range all {
			if len(name) >= 3 && osaDistance(st, name, maxDist) <= maxDist {
				fix, n = name, n+1
			}
		}
		if n == 1 {
			out[i] = fix
		}
	}
	return out
}

// longestRun is the length of the longest run of words that a and b
// share in the same order.
func longestRun(a, b []string) int {
	best := 0
	for i := range a {
		for j := range b {
			n := 0
			for i+n < len(a) && j+n < len(b) && a[i+n] == b[j+n] {
				n++
			}
			best = max(best, n)
		}
	}
	return best
}

// A topic names the article whose best passage holds topicCoverage of its
// weight and topicMargin more than any other article's best.
const (
	topicCoverage = 0.6
	topicMargin   = 0.2
)

// topArticle is the article whose passages score best for topic, when it
// scores at least twice the next one, or else whose best passage holds
// clearly the most of it (see topicCoverage); "" otherwise.
func (s *Service) topArticle(ctx context.Context, topic string) (string, error) {
	r, err := s.Retrieve(ctx, topic, Filter{}, DefaultK)
	r.Hits = distinctHits(r.Hits)
	if isNoTerms(err) || err == nil && len(r.Hits) == 0 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	score := map[string]float64{}
	for _, h := range r.Hits {
		score[h.DocID] += h.Score
	}
	best, second := "", 0.0
	for d, sc := range score {
		if best == "" || sc > score[best] {
			if best != "" {
				second = score[best]
			}
			best = d
		} else if sc > second {
			second = sc
		}
	}
	if score[best] >= 2*second {
		return best, nil
	}
	// else the article one of whose passages holds clearly more of the
	// topic than any other article's: "the one where macron calls
	// zelensky" (a long article's "Call to Action" passages score too)
	cov := map[string]float64{}
	for _, h := range r.Hits {
		cov[h.DocID] = max(cov[h.DocID], coverage(stemSeq(h.Title+" "+h.Heading+" "+h.Text), r.Weights, r.Query))
	}
	best, first, second := "", 0.0, 0.0
	for d, c := range cov {
		switch {
		case c > first:
			best, first, second = d, c, first
		case c > second:
			second = c
		}
	}
	if first >= topicCoverage && first-second >= topicMargin {
		return best, nil
	}
	return "", nil
}

// labelNames returns a document's labels with the initials of each label
// of several capitalised words: "the LA article" is the page whose
// weather widget showed "Los Angeles".
func labelNames(labels string) string {
	out := labels
	for _, l := range strings.Split(labels, ";") {
		var initials strings.Builder
		words := strings.Fields(l)
		for _, w := range words {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				initials.WriteRune(r)
			}
		}
		if len(words) > 1 && initials.Len() == len(words) {
			out += " " + initials.String()
		}
	}
	return out
}

// nameWords splits a file name or address into words: "western-allies-paris-summit.md"
// → "western allies paris summit md".
func nameWords(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return ' '
	}, s)
}

func stemSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range text.Tokenize(s) {
		m[text.Stem(t.Word)] = true
	}
	return m
}

// mostOfTitle reports whether content holds most (three in five) of the
// words of article id's title other than stop words: a title quoted, not
// a phrase it shares.
func mostOfTitle(docs []Document, id string, content []string) bool {
	i := slices.IndexFunc(docs, func(d Document) bool { return d.ID == id })
	title := 0
	for _, t := range text.Tokenize(docs[i].Title) {
		if !text.IsStopWord(t.Word) {
			title++
		}
	}
	return 5*len(content) >= 3*title
}

// mostNamed returns the article whose names hold the most of a
// reference's content stems: two at least, half of them at least, and
// more than any other article's; else "".
func mostNamed(docs []Document, names []map[string]bool, content []string) string {
	best, most, second := "", 0, 0
	for i, d := range docs {
		n := 0
		for _, st := range content {
			if names[i][st] {
				n++
			}
		}
		switch {
		case n > most:
			best, most, second = d.ID, n, most
		case n > second:
			second = n
		}
	}
	if most < 2 || 2*most < len(content) || most == second {
		return ""
	}
	i := slices.IndexFunc(docs, func(d Document) bool { return d.ID == best })
	for _, st := range content {
		if (text.NameLike(st) || !text.EnglishWord(st)) && !names[i][st] {
			return "" // "the piece about trump's support for ukraine": not one whose name lacks Trump
		}
	}
	return best
}
