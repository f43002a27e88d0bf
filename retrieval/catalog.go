package retrieval

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/docbot/docbot/internal/text"
)

// Catalog lists the indexed articles and their passages. A Searcher that
// is also a Catalog (the store is) answers questions about the collection
// itself — how many articles, which ones, the newest, which one covers a
// topic — from the catalog rather than from passage text, where
// "article" would match "Article 5".
type Catalog interface {
	Docs(ctx context.Context) ([]Document, error)
	Passages(ctx context.Context, docID string) ([]Passage, error)
}

const docNouns = `(articles?|documents?|docs?|sources?|stories|story|pieces?|texts?|files?|reports?)`

// docNounsMany are docNouns in the plural: "the theme of the article" is
// about one article, "of the articles" about the collection.
const docNounsMany = `(articles|documents|docs|sources|stories|pieces|texts|files|reports)`

var (
	countDocsRe = regexp.MustCompile(`(?i)\bhow many ` + docNouns + `\b|\b(?:article|doc|document|story|piece)s?\s+count\b|\bnumber of (?:articles|docs|documents|stories|pieces)\b`)
	listDocsRe  = regexp.MustCompile(`(?i)\b(list|show|name|titles?)\b.*\b` + docNouns + `\b|\bwhat ` + docNouns + `\b(do you|are there|are in|have you|can you)|\bwhich ` + docNouns + ` (do you have|are there|are in)\b|` +
		// "what are the titles", "list the titles pls", "what sources are these from"
		`^\W*(?:what|which) (?:are|r) (?:the|their|all the) (?:titles|headlines)\W*$|\b(?:list|show|name|give me)\b.*\b(?:titles|headlines)\b|\bwhat (?:sources|outlets|sites|websites|publications|papers) (?:are|r|were|did) (?:these|they|those|the articles)\b|` +
		// "what titles do you have", "titles of everything u got", "what do u have"
		`\b(?:what|which) (?:titles|headlines) (?:do|have|did|can) (?:you|u)\b|\b(?:titles|headlines) of (?:everything|all)\b|^\W*(?:(?:so|ok|yo|hey|hi)\W+)?(?:what|wat)\s+(?:do|have)\s+(?:you|u|ya)\s+(?:got|have|get)(?:\s+(?:in here|here|loaded|indexed|for me))?\W*$|` +
		// "what docs do u have access to", "what kinda stuff can i ask u"
		`\b(?:what|which) ` + docNouns + ` (?:do|can|did) (?:you|u) (?:have )?(?:access|see|read|search|use)\b|\bwhat (?:kinds? of |kinda |sorts? of |types? of )?(?:stuff|things|questions|topics) (?:can|could|should|do) (?:i|we|people) ask\b`)
	// authorsRe asks who wrote the articles: the index keeps no authors
	authorsRe   = regexp.MustCompile(`(?i)\bwho(?:'s|’s|s)? (?:wrote|writes|authored|is the author of|are the authors of|the authors? of) (?:these|the|all|those|them|your)\b`)
	newestDocRe = regexp.MustCompile(`(?i)\b(newest|latest|most recent|oldest|earliest)\b`)
	aboutDocsRe = regexp.MustCompile(`(?i)\bwhat (are|r|is) (these|the|all the|all these|your|this|those) ` + docNouns + `(?:\s+(?:all|mostly|generally|really|even|actually|basically|overall)){0,2}\s+about\b|\bwhat('s| is) (the|this) collection about\b|\bwhat (topics|subjects|themes|issues)? ?do (the|these|your|all the|all these) ` + docNouns + ` (cover|discuss|talk about|deal with)\b|` +
		// "whats in the collection", "what topics do these cover"
		`\bwhat(?:'s|s| is)? in (?:the|this|your) (?:collection|library|corpus|index)\b|\bwhat (?:topics|subjects|themes|issues) do (?:these|they|those|u|you) (?:cover|discuss|talk about|deal with)\b|` +
		`\b(?:rundown|overview|summary) of (?:the|these|all the|all these|your|all|those) ` + docNouns + `\b|` +
		// what the articles share: "whats the common theme of these articles",
		// "what do the articles have in common", "what ties them together"
		`\b(?:common|main|shared|central|overall|recurring|general|big)?\s*(?:theme|topic|subject|thread|gist|idea|picture)s?\s+(?:of|in|across|through|behind|running through|between|linking|connecting)\s+(?:the|these|all the|all these|your|all|those) ` + docNounsMany + `\b|` +
		`\bwhat do (?:the|these|all the|all these|your|all|those) ` + docNouns + ` (?:all )?have in common\b|\bwhat (?:ties|links|connects|unites) (?:the|these|all the|all these|your|those) ` + docNouns + `(?: all)? together\b`)
	lengthDocRe = regexp.MustCompile(`(?i)\b(longest|shortest|biggest|smallest|longer|shorter|largest|lengthiest|quickest|fastest|briefest|(?:most|least) (?:detailed|in[\s-]depth|thorough|comprehensive))\b`)
	shortRe     = regexp.MustCompile(`(?i)\b(shortest|smallest|shorter|quickest|fastest|briefest|least (?:detailed|in[\s-]depth|thorough|comprehensive))\b`)
	// collectionCueRe: what asks of the collection in a clause after a story
	// ("ngl i just joined this server, what's actually in the collection?").
	collectionCueRe = regexp.MustCompile(`(?i)\b(?:longest|shortest|quickest|articles|docs|documents|collection|in here|titles|headlines)\b|\b(?:article|doc)\s+count\b`)

	// authorOfRe asks who wrote one article: "who wrote the macron piece".
	authorOfRe = regexp.MustCompile(`(?i)\bwho(?:'s|’s|s)?\s+(?:wrote|writes|authored|is the author of|the author of|the writer of)\b|\b(?:author|writer)s?\s+of\b|\bwho\s+(?:is|was)\s+(?:it|that)\s+(?:by|written by)\b`)
	// backRefRe: a clause asking of what the story before it told ("my
	// teacher said the us would send troops. is that in the articles?")
	backRefRe = regexp.MustCompile(`(?i)\b(?:that|this|it|those|them)\b`)
	// readInHereRe: "which is the quickest read in here" asks of the
	// articles without naming them
	readInHereRe = regexp.MustCompile(`(?i)\bread\b|\bin here\b`)
	// lengthRankRe: "the second longest one"
	lengthRankRe = regexp.MustCompile(`(?i)\b(second|third|fourth|fifth|2nd|3rd|4th|5th)[\s-]+(?:longest|shortest|biggest|smallest|largest|lengthiest|quickest|fastest|briefest)\b`)
	// positionDocRe: "which article is last in the collection", "which one
	// comes first"
	positionDocRe = regexp.MustCompile(`(?i)^\W*(?:so\s+|and\s+|ok\s+)?(?:which|what|wich)\s+(?:one|article|piece|story|doc|document)\s+(?:is|comes?)\s+(?:the\s+)?(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|final)\b(?:\s+(?:one|article|piece|story))?(?:\s+(?:in|on|of)\s+(?:the|your|this)\s+(?:collection|list|library|index|lot|bunch))?\W*$`)
	dateOfRe      = regexp.MustCompile(`(?i)\b(?:the )?date (?:on|of|at the top of|shown on)\b|\bwhen (?:was|is|were) (?:it|that|this|the)\b.*\b(?:published|written|posted|dated|released|put out)\b|\bwhat date (?:is|was) (?:on )?(?:it|that|this|the|shown)\b|\bhow (?:old|recent) is (?:it|that|this|the)\b`)
	titleOfRe     = regexp.MustCompile(`(?i)\b(title|headline)s? of\b|\bwhat('?s| is) (the|that|this) [\w\s]*(one|article|piece|story) called\b`)
	// titleEndRe asks an article's title after naming it: "3rd article
	// title?", "last article - what's it called" (with nothing else asked)
	titleEndRe = regexp.MustCompile(`(?i)\b(?:title|headline)\W*$|\bwhat(?:'s|’s|s| is)\s+(?:it|that|this|its\s+title)\s+called\b|\bwhat(?:'s|’s|s| is)\s+its\s+(?:title|name|headline)\b`)
	anyDocRe   = regexp.MustCompile(`(?i)^\W*(?:(?:is|are) there (?:an?y? )?|(?:is|are) any |do (?:you|u) have (?:an?y? )?|any |got (?:an?y? )?)(?:articles?|docs?|documents?|stories|story|pieces?|ones?|anything)\s+(?:(?:in\s+here|here|in\s+there|in\s+(?:the|this|your|ur)\s+(?:collection|list|bunch|lot))\s+)?(?:about|on|covering|regarding|with|having|containing|that (?:covers?|mentions?|talks? about|discuss(?:es)?|has|have|contains?))\s+(.+?)\W*$`)
	// docHasRe: "does any article have (like) a faq section", "do any of
	// the articles mention the cold war", and as chat asks it without
	// "do": "any of these mention minsk??"
	docHasRe    = regexp.MustCompile(`(?i)^\W*(?:(?:does|do|did)\s+(?:(?:any|one|either)\s+(?:of\s+(?:the|these|those|your)\s+)?(?:articles?|docs?|documents?|stories|story|pieces?|ones?)|any\s+of\s+(?:these|them|those|em)|anything\s+in\s+here)\s+(?:have|has|contain|mention|cover|talk about|discuss|bring up|say anything about)|any\s+(?:of\s+(?:these|them|those|em|the\s+articles|these\s+articles)|articles?)\s+(?:mention|mentions|cover|covers|talk about|talks about|bring up|brings up))\s+(?:like\s+)?(.+?)\W*$`)
	oneOfDocsRe = regexp.MustCompile(`(?i)^of (?:the |these |those |your |all the )?` + docNouns + `\b`)
	whichDocRe  = regexp.MustCompile(`(?i)^\W*(?:(?:lowkey|highkey|ngl|tbh|honestly|curious|wondering|i\s+wonder|i'?m\s+curious|i\s+wanna\s+know|idk|btw)\W+)*(which|what) (?:(?:two|three|four|2|3|4) )?(one|` + docNouns + `)\b(.*)$`)
	// whichOfDocsRe: "which of the articles has…", "which of these covers…"
	// (these, them: only before what an article does, see whichDoc)
	whichOfDocsRe = regexp.MustCompile(`(?i)^\W*(?:(?:lowkey|highkey|ngl|tbh|honestly|curious|wondering|i\s+wonder|i'?m\s+curious|i\s+wanna\s+know|idk|btw|so|ok)\W+)*(which|what)\s+(?:one\s+|ones\s+)?of\s+(?:(?:the|these|those|your|all\s+the|all\s+these|ur)\s+(` + docNouns[1:len(docNouns)-1] + `|ones)\b|(these|those|them|em)\b)(.*)$`)
	docNounRe     = regexp.MustCompile(`(?i)\b(one|` + docNouns + `)\b`)
	topicVerbsRe  = regexp.MustCompile(`(?i)^\W*(is|are|was)?\s*(?:the (?:one|article|piece)\s+(?:that\s+|which\s+)?(?:is\s+)?)?(should (?:i|u|you|we) read(?: first)?(?: about| on| for| to learn about)?|(?:is|would be) (?:the )?(?:best|good|most useful) (?:for|about|on|to learn about)|about|on|covers?|covering|talks? about|discuss(es)?|mentions?|has|have|contains?|suggests?|describes?|explains?|deals? with|says?|goes? into|brings? up|refers? to|references?|touch(es)? on|gets? into|cites?|quotes?|includes?|names?)\b`)
)

// objectOfOther reports whether the words after "which files" are a
// clause with a subject of its own ("…does go build ignore", "…do I need
// for a visa"): the files are what that subject acts on, things the
// documents tell of, not the documents themselves, which are the subject
// of "which files mention X" and the object only of the bot ("which
// articles do you have").
func objectOfOther(rest string) bool {
	f := strings.Fields(strings.ToLower(rest))
	// "which article should i read first": the asker's reading is of
	// the documents
	reading := len(f) >= 3 && (f[1] == "i" || f[1] == "we") && readVerbs[f[2]]
	return len(f) >= 3 && clauseAux[f[0]] && !botPronouns[f[1]] && !reading
}

var (
	clauseAux = map[string]bool{"do": true, "does": true, "did": true, "can": true, "could": true, "should": true,
		"will": true, "would": true, "must": true, "may": true, "might": true, "shall": true}
	botPronouns = map[string]bool{"you": true, "u": true, "ya": true, "ye": true}
	readVerbs   = map[string]bool{"read": true, "start": true, "check": true, "look": true, "open": true}
)

// endsInPrepositionRe: "which article does the paris summit appear in"
// asks where the documents tell of a thing, which the catalog answers.
var endsInPrepositionRe = regexp.MustCompile(`(?i)\b(?:in|on|from|within|inside)\W*$`)

// titleWordRe: "which article has the longest headline" compares titles,
// not articles' lengths (no catalog answer for it).
var titleWordRe = regexp.MustCompile(`(?i)\b(?:titles?|headlines?)\b`)

// collectionWordsRe are the words of a question about the collection.
var collectionWordsRe = regexp.MustCompile(`(?i)\b(` + docNouns[1:len(docNouns)-1] + `|list|give|show|shows|showing|name|names|titles?|headlines?|newest|latest|most recent|recent|oldest|earliest|first|last|published|many|collection|corpus|library|general|overall|mostly|generally|all|available|indexed|total|one|ones|count|number|have|got|there|them|even|any|topics?|subjects?|themes?|longest|shortest|biggest|smallest|longer|shorter|largest|loaded|load|full|complete|entire|whole|answer|here|included|read|reading|quickest|fastest|lengthiest|briefest|second|third|fourth|fifth|2nd|3rd|4th|5th|numbered|whatever|called|actually|same|time|access|ask|kinds?|kinda|sorts?|types?|stuff|things|questions|detailed|in-depth|depth|thorough|comprehensive|em|drop|least|set|bunch|everything|\d{1,2})\b`)

// datedWordsRe: a question about the newest article may ask whether any
// carries a date ("do any of them even have a date").
var datedWordsRe = regexp.MustCompile(`(?i)\b(date|dates|dated)\b`)

// datesRe asks when the articles were written, or whether they carry
// dates ("do any of the articles have a date on them", "when were these
// articles published"), with collectionNounsRe.
var datesRe = regexp.MustCompile(`(?i)\b(?:date|dates|dated|published|written|posted)\b`)

// collectionNounsRe names the documents as a collection: "when is the file
// written" asks about a file the documents tell of.
var collectionNounsRe = regexp.MustCompile(`(?i)\b(?:articles?|docs?|documents?|pieces?|stories|story|any of (?:these|them|those))\b`)

// whichIsRe asks which one something is ("what's the 3rd article").
var whichIsRe = regexp.MustCompile(`(?i)^\W*(?:so\s+|and\s+|ok\s+)?(?:what|which|wat|wich)(?:\s+(?:article|one|piece|doc|story))?(?:['’]?s|\s+is|\s+was)\s+(?:the|that|this)\b`)

// oneAboutRe names an article by its topic ("which article is the one
// about the paris summit"): answered with the passage that covers it,
// not the title alone.
var oneAboutRe = regexp.MustCompile(`(?i)\bthe\s+(?:one|article|piece|story|doc|writeup|write-up|report)\s+(?:about|on|that|which|with|where|covering|discussing)\b`)

// whichIsOnlyRe: nothing but "what's" is left beside the reference (and
// where it is: "what's the first article in the list").
var whichIsOnlyRe = regexp.MustCompile(`(?i)^\W*(?:so\s+|and\s+|ok\s+)?(?:what|which|wat|wich)(?:\s+(?:article|one|piece|doc|story))?(?:['’]?s|\s+is|\s+was)(?:\s+(?:the|that|this))?[\s\W]*(?:(?:in|on|of)\s+(?:the|your|this)\s+(?:list|collection|library)[\s\W]*)?$`)

// manyDocsRe names the documents as several, or the collection as a place.
var manyDocsRe = regexp.MustCompile(`(?i)\b(?:articles|docs|documents|stories|pieces|files)\b|\bin here\b`)

// onlyAboutCollection: once the collection's own words are gone, nothing
// searchable is left ("list the articles pls"), unlike "list everything
// the articles say guarantees could include", a question about content.
func onlyAboutCollection(q string) bool {
	// "what topics do the articles cover": its verb is about the
	// collection too
	q = aboutDocsRe.ReplaceAllString(q, " ")
	q = degreeRe.ReplaceAllString(q, " ")              // "which article is the longest one by far"
	q = numberedRe.ReplaceAllString(q, " numbered$1 ") // "article 5" is a thing the articles tell of
	_, err := BuildQuery(collectionWordsRe.ReplaceAllString(q, " "))
	return err != nil
}

// degreeRe: how far something holds, no subject ("by far", "of them all").
var degreeRe = regexp.MustCompile(`(?i)\b(?:by\s+far|of\s+(?:them\s+|em\s+|these\s+)?all|out\s+of\s+(?:all\s+(?:of\s+)?)?(?:them|these|em|the\s+bunch))\b`)

var numberedRe = regexp.MustCompile(`(?i)\b(?:articles?|sections?|clauses?|paragraphs?|points?|chapters?|resolutions?|phases?|g|p|e)[\s-]+(\d{1,3})\b`)

// maxListed bounds how many articles a catalog answer lists and cites.
const maxListed = 10

// askCatalog answers a question about the collection itself; ok is false
// when the question is not one, or the Searcher has no catalog. named is
// the article the question names, if any (see namedArticles).
func (s *Service) askCatalog(ctx context.Context, q, named string) (Answer, bool, error) {
	c, isCatalog := s.search.(Catalog)
	if !isCatalog {
		return Answer{}, false, nil
	}
	if asking := askingClauses(q); asking != "" && named == "" && collectionCueRe.MatchString(asking) && onlyAboutCollection(asking) && !backRefRe.MatchString(asking) {
		q = asking // "i don't have much time, which is the quickest read in here"
	}
	if named != "" && (authorsRe.MatchString(q) || authorOfRe.MatchString(q)) && onlyAboutCollection(withoutRefs(authorOfRe.ReplaceAllString(authorsRe.ReplaceAllString(q, " "), " "), true)) {
		// "whos the author of the first one": no author kept, said so
		a, ok, err := answerNamed(ctx, c, q, named, func(d Document, n int) string {
			return fmt.Sprintf("The index keeps no author names for “%s” [%d].", d.Title, n)
		})
		if ok && err == nil {
			a.Found, a.Nearest = false, []string{a.Citations[0].Title}
		}
		return a, ok, err
	}
	if readersRe.MatchString(q) && (docNounRe.MatchString(q) || named != "") && onlyAboutCollection(withoutRefs(readersRe.ReplaceAllString(q, " "), true)) {
		// "which article got the most views": none counted
		return Answer{Question: q, Mode: ModeExtractive, Text: "The index keeps no reader counts (views, likes, comments, shares)."}, true, nil
	}
	if rankLengthRe.MatchString(q) && named == "" && onlyAboutCollection(rankWordsRe.ReplaceAllString(q, " ")) {
		// "can u rank em by length, longest first"
		docs, err := c.Docs(ctx)
		if err != nil {
			return Answer{}, true, fmt.Errorf("catalog: %w", err)
		}
		a := Answer{Question: q, Mode: ModeExtractive, Found: true}
		return a, true, answerLengths(ctx, c, &a, docs, shortFirstRe.MatchString(q))
	}
	if named == "" && authorOfRe.MatchString(q) && docNounRe.MatchString(q) && !manyDocsRe.MatchString(q) && onlyAboutCollection(authorOfRe.ReplaceAllString(q, " ")) {
		// "whos the author of the longest one": none kept
		return Answer{Question: q, Mode: ModeExtractive, Text: "The index keeps no author names."}, true, nil
	}
	authors := authorsRe.MatchString(q) && named == "" && onlyAboutCollection(authorsRe.ReplaceAllString(q, " "))
	collection := authors || (countDocsRe.MatchString(q) || listDocsRe.MatchString(q) || aboutDocsRe.MatchString(q) && named == "" ||
		lengthDocRe.MatchString(q) && (docNounRe.MatchString(q) || readInHereRe.MatchString(q)) && !titleWordRe.MatchString(q)) && onlyAboutCollection(q) ||
		newestDocRe.MatchString(q) && docNounRe.MatchString(q) && onlyAboutCollection(datedWordsRe.ReplaceAllString(q, " "))
	// "wat articles u got", "what's in here? like what docs are loaded":
	// the collection named and nothing else asked
	collection = collection || !datesRe.MatchString(q) && named == "" && manyDocsRe.MatchString(q) && onlyAboutCollection(q)
	dates := !collection && named == "" && datesRe.MatchString(q) && collectionNounsRe.MatchString(q) && onlyAboutCollection(datesRe.ReplaceAllString(q, " "))
	collection = collection || dates
	if named != "" && (titleOfRe.MatchString(q) || titleEndRe.MatchString(q) && onlyAboutCollection(withoutRefs(titleEndRe.ReplaceAllString(q, " "), true)) || whichIsRe.MatchString(q) && !oneAboutRe.MatchString(q) && !lengthDocRe.MatchString(q) && !newestDocRe.MatchString(q) && !datesRe.MatchString(q) && whichIsOnlyRe.MatchString(withoutRefs(q, true)) && len(articleRefs(q)) == 1) {
		// (one reference: "whats the 'bulwark' thing in the seeking a
		// shield article" asks of a thing in it)
		// "what's the 3rd article": which one it is
		return s.answerTitle(ctx, c, q, named)
	}
	if rest := withoutRefs(sectionWordsRe.ReplaceAllString(q, " "), true); named != "" && sectionsRe.MatchString(q) && !sectionTopicRe.MatchString(withoutRefs(q, true)) && s.onlyNaming(ctx, rest, named) {
		return answerSections(ctx, c, q, named) // "what sections does the shield article have"
	}
	if rest := withoutRefs(sourcesWordsRe.ReplaceAllString(q, " "), true); named != "" && sourcesAskRe.MatchString(q) && s.onlyNaming(ctx, rest, named) {
		return answerSources(ctx, c, q, named) // "what sources does the bbc one cite"
	}
	if m := positionDocRe.FindStringSubmatch(q); m != nil && named == "" {
		docs, err := c.Docs(ctx)
		if err != nil || len(docs) == 0 {
			return Answer{}, false, err
		}
		n := ordinals[strings.ToLower(m[1])]
		if n == 0 { // last, final
			n = len(docs)
		}
		if n > len(docs) {
			return Answer{Question: q, Mode: ModeExtractive, Found: true, Text: fmt.Sprintf("There are only %d articles.", len(docs))}, true, nil
		}
		return s.answerTitle(ctx, c, q, docs[n-1].ID)
	}
	if faqListRe.MatchString(q) && faqAskRe.MatchString(q) && !whichDocRe.MatchString(q) && !anyDocRe.MatchString(q) && !docHasRe.MatchString(q) && !dateOfRe.MatchString(q) &&
		onlyAboutCollection(withoutRefs(faqAskWordsRe.ReplaceAllString(q, " "), true)) {
		// "what questions are in the faq"
		docs, err := c.Docs(ctx)
		if err != nil {
			return Answer{}, true, fmt.Errorf("catalog: %w", err)
		}
		a, err := answerFAQ(ctx, c, q, docs, named)
		return a, true, err
	}
	if dateOfRe.MatchString(q) && named != "" {
		return s.answerDate(ctx, c, q, named)
	}
	tq := text.TrimChat(q) // "is biden mentioned anywhere lol"
	if m := mentionCountRe.FindStringSubmatch(tq); m != nil && named == "" {
		return s.countMentions(ctx, c, q, m[2], countAsked, nil) // "how many articles mention crimea"
	}
	if m := whichMentionRe.FindStringSubmatch(tq); m != nil && named == "" && !strings.Contains(m[2], ",") {
		return s.countMentions(ctx, c, q, m[2], countAsked, nil) // "which articles mention trump"
	}
	if m := mostAboutRe.FindStringSubmatch(tq); m != nil && named == "" && !strings.Contains(m[1]+m[2], ",") {
		return s.countMentions(ctx, c, q, m[1]+m[2], mostAsked, nil) // "which article talks the most about trump"
	}
	if m := noneMentionRe.FindStringSubmatch(tq); m != nil && named == "" {
		return s.countMentions(ctx, c, q, m[1], notAsked, nil) // "which ones dont mention trump at all"
	}
	if m := allMentionRe.FindStringSubmatch(tq); m != nil && named == "" {
		return s.countMentions(ctx, c, q, m[2], allAsked, nil) // "do all the articles talk about nato"
	}
	if lengthOfRe.MatchString(q) {
		doc, rest := named, readTimeRe.ReplaceAllString(lengthOfRe.ReplaceAllString(q, " "), " ")
		if m := lengthRefRe.FindStringSubmatch(rest); doc == "" && m != nil {
			// "how long is the shortest one"
			docs, err := c.Docs(ctx)
			if err != nil {
				return Answer{}, true, fmt.Errorf("catalog: %w", err)
			}
			if len(docs) > 0 {
				doc = sortedByLength(docs, strings.EqualFold(m[1], "short") || shortRe.MatchString(m[1]))[0].ID
				rest = strings.Replace(rest, m[0], " ", 1)
			}
		}
		if doc != "" && s.onlyNaming(ctx, withoutRefs(rest, true), doc) {
			return answerLengthOf(ctx, c, q, doc) // "how long is the macron article", "…the seeking a shield article"
		}
	}
	if m := nameTheRe.FindStringSubmatchIndex(q); m != nil && nameTopicRe.MatchString(q[m[1]:]) {
		q = "which article " + q[m[1]:] // "name the article about paris"
	}
	if m := mentionedRe.FindStringSubmatch(tq); m != nil && named == "" {
		return s.countMentions(ctx, c, q, m[1], anyAsked, nil) // "is biden mentioned anywhere"
	}
	if m := whichEndRe.FindStringIndex(q); m != nil && m[0] > 0 && !collection && !(named == "" && orRe.MatchString(q[:m[0]])) && !(named == "" && thingAsked(q, m[0])) &&
		!(calledEndRe.MatchString(q[m[0]:]) && !docNounRe.MatchString(q)) {
		// (not "russia invaded crimea in 2014 or 2022, which is it": a
		// choice between what the articles say; nor "do any of these have
		// a date on them? which one", a question of the collection)
		if named != "" && onlyAboutCollection(withoutRefs(tagEndRe.ReplaceAllString(q[:m[0]], ""), true)) {
			return s.answerTitle(ctx, c, q, named) // "the one that mentions the icc, which is it"
		}
		// "i only care about the prisoner exchange stuff, which article
		// has that": what comes before names the topic
		topic := whichLeadRe.ReplaceAllString(tagEndRe.ReplaceAllString(q[:m[0]], ""), "")
		if mm := mentionedRe.FindStringSubmatch(topic); mm != nil && named == "" {
			return s.countMentions(ctx, c, q, mm[1], anyAsked, nil) // "is biden mentioned anywhere? which article"
		}
		if mm := docHasRe.FindStringSubmatch(topic); mm != nil {
			topic = mm[len(mm)-1] // "does any article mention the budapest memorandum? which ones"
		} else if mm := anyDocRe.FindStringSubmatch(topic); mm != nil {
			topic = mm[len(mm)-1] // "is there an article in here that has an faq section? which one"
		}
		if _, err := BuildQuery(topic); err == nil && named == "" {
			return s.whichArticle(ctx, q, topic, manyDocsRe.MatchString(q[m[0]:]) || strings.Contains(strings.ToLower(q[m[0]:]), "ones"))
		}
	}
	var topic string
	var plural bool
	m := anyDocRe.FindStringSubmatch(q)
	if m == nil {
		m = docHasRe.FindStringSubmatch(q)
	}
	if m != nil && !collection {
		// "is there an article about X", "do you have anything on X"
		topic, plural = strings.TrimSpace(m[len(m)-1]), true
		if _, err := BuildQuery(topic); err != nil {
			return Answer{}, false, nil
		}
	} else if m := whichDoc(text.TrimChat(q)); m != nil && !collection { // "hey which one of these covers the minsk stuff? thx"
		if rest := strings.TrimSpace(m[len(m)-1]); strings.HasPrefix(strings.ToLower(rest), "of ") && !oneOfDocsRe.MatchString(rest) {
			return Answer{}, false, nil // "which one of the leaders…": not about the articles
		}
		if objectOfOther(m[len(m)-1]) && !endsInPrepositionRe.MatchString(q) {
			return Answer{}, false, nil // "which files does go build ignore": files the documents tell of
		}
		if named != "" && !topicVerbsRe.MatchString(m[len(m)-1]) {
			// "which sources does the paris article cite": about its
			// content ("which article is the one about the paris summit"
			// asks for the article)
			return Answer{}, false, nil
		}
		topic = strings.TrimSpace(topicVerbsRe.ReplaceAllString(m[len(m)-1], ""))
		plural = strings.HasSuffix(strings.ToLower(m[2]), "s")
		if _, err := BuildQuery(topic); err != nil {
			return Answer{}, false, nil // "which one?" alone: not about the catalog
		}
	} else if !collection {
		return Answer{}, false, nil
	}
	docs, err := c.Docs(ctx)
	if err != nil {
		return Answer{}, true, fmt.Errorf("catalog: %w", err)
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	if len(docs) == 0 {
		a.Found, a.Text = false, "No articles are indexed yet: a moderator can add some and reload."
		return a, true, nil
	}
	switch {
	case topic != "":
		return s.whichArticle(ctx, q, topic, plural)
	case dates:
		err = answerDates(ctx, c, &a, docs)
	case newestDocRe.MatchString(q):
		err = answerByDate(ctx, c, &a, docs, strings.Contains(strings.ToLower(q), "old") || strings.Contains(strings.ToLower(q), "earliest"))
		if countDocsRe.MatchString(q) && !datesRe.MatchString(q) { // "how many articles u got and whats the newest" (not "how many are dated")
			a.Text = fmt.Sprintf("There are %d articles. ", len(docs)) + a.Text
		}
	case lengthDocRe.MatchString(q):
		rank := 1
		if m := lengthRankRe.FindStringSubmatch(q); m != nil {
			rank = ordinals[strings.ToLower(m[1])]
		}
		err = answerByLength(ctx, c, &a, docs, shortRe.MatchString(q), rank)
	default:
		err = answerList(ctx, c, &a, docs, countDocsRe.MatchString(q))
		if authors {
			a.Text = "The index keeps no author names. " + a.Text
		}
	}
	return a, true, err
}

// whichDoc matches a question asking which article does something:
// whichDocRe's groups (which, the noun, the rest), also for "which of the
// articles has…" and "which of these covers…" (not "which of these
// countries…": the rest must open with what an article does).
func whichDoc(q string) []string {
	if m := whichOfDocsRe.FindStringSubmatch(q); m != nil && (m[3] == "" || topicVerbsRe.MatchString(m[4])) {
		if m[3] != "" { // these, them
			m[2] = "one"
			if strings.Contains(strings.ToLower(m[0]), "ones") {
				m[2] = "ones" // "which ones of these mention nato": several
			}
		}
		return []string{m[0], m[1], m[2], m[4]}
	}
	return whichDocRe.FindStringSubmatch(q)
}

// answerByLength names the longest (or shortest) article, by passages,
// or the one rank places from it ("the second longest").
func answerByLength(ctx context.Context, c Catalog, a *Answer, docs []Document, shortest bool, rank int) error {
	byLength := sortedByLength(docs, shortest)
	if rank > len(byLength) {
		a.Text = fmt.Sprintf("There are only %d articles.", len(docs))
		return nil
	}
	d := byLength[rank-1]
	n, err := citeOpening(ctx, c, a, d)
	if err != nil {
		return err
	}
	which := "longest"
	if shortest {
		which = "shortest"
	}
	if rank > 1 {
		which = ordinalWords[rank-1] + " " + which
	}
	a.Text = fmt.Sprintf("The %s article is “%s”, %d passages [%d].", which, d.Title, d.Passages, n)
	return nil
}

// readersRe asks what readers did with an article: "which article got
// the most views", "how many likes"; not "what views does it express".
var readersRe = regexp.MustCompile(`(?i)\b(?:most|how many|number of|count of|more|fewer|any)\s+(?:views|likes|upvotes|comments|shares|clicks|reads|readers)\b|\bmost (?:read|viewed|liked|popular|shared|commented)\b|\btrending\b|\bpopularity\b`)

// rankWordsRe: the words asking for an order ("rank em by length").
var rankWordsRe = regexp.MustCompile(`(?i)\b(?:rank|ranked|sort|sorted|order|ordered|list|by|length|size|em|them|these|longest|shortest|biggest|smallest|first|to|from)\b`)

// shortFirstRe: the order asked is shortest first ("shortest first",
// "from shortest to longest"), not "from longest to shortest".
var shortFirstRe = regexp.MustCompile(`(?i)\b(?:shortest|smallest|shorter)\s+(?:first|to)\b|\bfrom\s+(?:the\s+)?(?:shortest|smallest)\b|\bascending\b`)

// rankLengthRe asks for the articles in order of length.
var rankLengthRe = regexp.MustCompile(`(?i)\b(?:rank|sort|order|list)\w*\b[^?]*\bby (?:length|size)\b`)

// answerLengths lists the articles by length, longest (or shortest)
// first, each cited with its opening passage.
func answerLengths(ctx context.Context, c Catalog, a *Answer, docs []Document, shortest bool) error {
	byLength := sortedByLength(docs, shortest)
	var parts []string
	for _, d := range byLength[:min(len(byLength), maxListed)] {
		n, err := citeOpening(ctx, c, a, d)
		if err != nil {
			return err
		}
		parts = append(parts, fmt.Sprintf("“%s”, %d passages [%d]", d.Title, d.Passages, n))
	}
	first := "longest"
	if shortest {
		first = "shortest"
	}
	a.Text = fmt.Sprintf("By length, %s first: %s.", first, strings.Join(parts, "; "))
	return nil
}

// sortedByLength returns docs by their passages, longest (or shortest)
// first, in the catalog's order among equals.
func sortedByLength(docs []Document, shortest bool) []Document {
	out := slices.Clone(docs)
	sort.SliceStable(out, func(i, j int) bool {
		if shortest {
			return out[i].Passages < out[j].Passages
		}
		return out[i].Passages > out[j].Passages
	})
	return out
}

// ordinalWords: the words for the first five ranks.
var ordinalWords = []string{"first", "second", "third", "fourth", "fifth"}

// answerTitle gives the title of the article a question names ("what's
// the title of the macron one").
func (s *Service) answerTitle(ctx context.Context, c Catalog, q, doc string) (Answer, bool, error) {
	return answerNamed(ctx, c, q, doc, func(d Document, n int) string {
		return fmt.Sprintf("It is titled “%s” [%d].", d.Title, n)
	})
}

// answerDate says the date of the article a question names, or that it
// carries none: then the date is not found (as a content question the
// articles don't answer is, and logged as a gap), the article named its
// nearest, so that the bot shows what was said.
func (s *Service) answerDate(ctx context.Context, c Catalog, q, doc string) (Answer, bool, error) {
	var undated string
	a, ok, err := answerNamed(ctx, c, q, doc, func(d Document, n int) string {
		if d.Date == "" {
			undated = d.Title
			return fmt.Sprintf("“%s” carries no date [%d].", d.Title, n)
		}
		return fmt.Sprintf("“%s” is dated %s [%d].", d.Title, longDate(d.Date), n)
	})
	// "what's the 3rd article and when was it published": which one it
	// is is answered
	if undated != "" && (!whichIsRe.MatchString(q) || dateAskRe.MatchString(q)) && !titleOfRe.MatchString(q) && !titleEndRe.MatchString(q) {
		a.Found, a.Nearest = false, []string{undated}
	}
	return a, ok, err
}

// dateAskRe: "what's the date…", "wats the publish date…" asks for a date,
// not which article one is (whichIsRe).
var dateAskRe = regexp.MustCompile(`(?i)^\W*(?:what|wat)(?:['’]?s|\s+is|\s+was)\s+(?:the|its)\s+(?:\pL+\s+)?(?:date|day)\b`)

// answerNamed answers a question about the article doc, citing its
// opening passage as n; say writes the answer.
func answerNamed(ctx context.Context, c Catalog, q, doc string, say func(d Document, n int) string) (Answer, bool, error) {
	docs, err := c.Docs(ctx)
	if err != nil {
		return Answer{}, true, fmt.Errorf("catalog: %w", err)
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	for _, d := range docs {
		if d.ID == doc {
			n, err := citeOpening(ctx, c, &a, d)
			if err != nil {
				return Answer{}, true, err
			}
			a.Text = say(d, n)
			return a, true, nil
		}
	}
	return Answer{}, false, nil
}

// longDate writes an ISO date the way the articles do ("Saturday, September 27,
// 2025"); another form is returned as it is.
func longDate(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("Monday, January 2, 2006")
}

// answerList names the articles (at most maxListed), each cited with its
// opening passage.
func answerList(ctx context.Context, c Catalog, a *Answer, docs []Document, count bool) error {
	var b strings.Builder
	if count || len(docs) > 1 {
		fmt.Fprintf(&b, "There are %d articles", len(docs))
	} else {
		b.WriteString("There is 1 article")
	}
	b.WriteString(": ")
	var names []string
	for _, d := range docs[:min(maxListed, len(docs))] {
		n, err := citeOpening(ctx, c, a, d)
		if err != nil {
			return err
		}
		names = append(names, fmt.Sprintf("“%s” [%d]", d.Title, n))
	}
	b.WriteString(strings.Join(names, "; "))
	if len(docs) > maxListed {
		fmt.Fprintf(&b, "; and %d more (see /docs)", len(docs)-maxListed)
	}
	b.WriteString(".")
	a.Text = b.String()
	return nil
}

// answerByDate names the newest (or oldest) dated article, saying plainly
// how many articles carry no date.
func answerByDate(ctx context.Context, c Catalog, a *Answer, docs []Document, oldest bool) error {
	var dated []Document
	for _, d := range docs {
		if d.Date != "" {
			dated = append(dated, d)
		}
	}
	if len(dated) == 0 {
		a.Found = false
		a.Text = fmt.Sprintf("None of the %d articles carries a date, so I can't tell which is the newest or oldest.", len(docs))
		return nil
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].Date > dated[j].Date })
	d, word := dated[0], "newest"
	if oldest {
		d, word = dated[len(dated)-1], "oldest"
	}
	n, err := citeOpening(ctx, c, a, d)
	if err != nil {
		return err
	}
	a.Text = fmt.Sprintf("The %s dated article is “%s”, dated %s [%d].", word, d.Title, longDate(d.Date), n)
	if undated := len(docs) - len(dated); undated > 0 {
		a.Text += fmt.Sprintf(" %d of the %d articles carry no date and could be newer or older.", undated, len(docs))
	}
	return nil
}

// answerDates says which articles carry a date, and when, citing them
// (at most maxListed), and how many carry none.
func answerDates(ctx context.Context, c Catalog, a *Answer, docs []Document) error {
	var dated []Document
	for _, d := range docs {
		if d.Date != "" {
			dated = append(dated, d)
		}
	}
	if len(dated) == 0 {
		a.Found = false // nothing to cite
		a.Text = fmt.Sprintf("None of the %d articles carries a date.", len(docs))
		return nil
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].Date > dated[j].Date })
	var b strings.Builder
	if len(dated) == 1 {
		fmt.Fprintf(&b, "%d of the %d articles carries a date: ", len(dated), len(docs))
	} else {
		fmt.Fprintf(&b, "%d of the %d articles carry a date, newest first: ", len(dated), len(docs))
	}
	for i, d := range dated[:min(len(dated), maxListed)] {
		n, err := citeOpening(ctx, c, a, d)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "“%s”, dated %s [%d]", d.Title, longDate(d.Date), n)
	}
	b.WriteString(".")
	if undated := len(docs) - len(dated); undated > 0 {
		fmt.Fprintf(&b, " The other %d carry none.", undated)
	}
	a.Text = b.String()
	return nil
}

// whichArticle answers "which article covers X" by article-level
// retrieval: the articles with a passage holding all of X (or, when none
// does, as much of it as any), best passage first; one article for
// "which article", every such article for "which articles". A long
// article's many passages that each hold part of X do not outweigh a
// short one that holds all of it.
func (s *Service) whichArticle(ctx context.Context, q, topic string, plural bool) (Answer, bool, error) {
	r, err := s.Retrieve(ctx, topic, Filter{}, DefaultK)
	r.Hits = distinctHits(r.Hits) // one quote of a text two articles hold
	if err != nil || !r.Found || len(r.Hits) == 0 {
		if err != nil && !isNoTerms(err) {
			return Answer{}, true, err
		}
		return notFound(q, r), true, nil
	}
	covs := make([]float64, len(r.Hits))
	most := 0.0
	for i, h := range r.Hits {
		covs[i] = coverage(stemSeq(h.Title+" "+h.Heading+" "+h.Text), r.Weights, r.Query)
		most = max(most, covs[i])
	}
	var best []Hit // each article's best passage holding the most of the topic, in rank order
	seen := map[string]bool{}
	for i, h := range r.Hits {
		if covs[i] >= most-1e-9 && !seen[h.DocID] {
			seen[h.DocID] = true
			best = append(best, h)
		}
	}
	if !plural {
		best = best[:1]
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true, Passages: r.Hits, Notes: r.Notes}
	var parts []string
	for _, h := range best {
		ex, err := Extractive{}.Answer(ctx, Request{Question: topic, Query: r.Query, Weights: r.Weights, Passages: []Hit{h}})
		if err != nil {
			return Answer{}, true, err
		}
		n := len(a.Citations) + 1
		a.Citations = append(a.Citations, citation(n, h.Passage, h.Text))
		where := ""
		if hd := headingMatched(h, r.Query, r.Weights); hd != "" {
			// "is there an article with an faq section": the section's
			// heading is what matched, so the answer names it
			where = fmt.Sprintf(", in its section “%s”", hd)
		}
		if len(ex.Citations) == 0 {
			parts = append(parts, fmt.Sprintf("“%s” covers it%s [%d].", h.Title, where, n))
			continue
		}
		a.Citations[n-1].Quote = ex.Citations[0].Quote
		// the one passage's sentences, cited with this article's number
		parts = append(parts, fmt.Sprintf("“%s” covers it%s: %s", h.Title, where, strings.ReplaceAll(ex.Text, "[1]", fmt.Sprintf("[%d]", n))))
	}
	a.Text = strings.Join(parts, " ")
	return a, true, nil
}

// mentionCountRe asks in how many articles something is: "how many
// articles mention crimea", "how many of the docs talk about nato".
var mentionCountRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?how many (?:of (?:the|these|those|your|ur) )?` + docNouns +
	`\s+(?:(?:even|actually|really|here|in here)\s+)?(?:mention|mentions|cover|talk about|discuss|bring up|are about|refer to|reference|name|say anything about|deal with|touch on|contain(?:\s+the\s+words?)?|have (?:anything|something) (?:on|about))\s+(.+?)\W*$`)

// whichMentionRe asks which articles name something: "which articles
// mention trump", "what articles bring up the cold war".
var whichMentionRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?(?:which|what|wich) (?:of (?:the|these|those)\s+)?(articles|ones|pieces|docs|documents|stories|sources)\s+(?:(?:even|actually|really|also)\s+)?(?:mention|mentions|refer to|refers to|reference|references|bring up|brings up)\s+(.+?)\W*$`)

// mostAboutRe asks which article says the most of something: "which
// article talks the most about trump", "which one mentions nato the most".
var mostAboutRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?(?:which|what|wich) (?:one|article|piece|story|doc|document|source)\s+(?:` +
	`(?:talks|says|writes|focuses|is|goes|gets)\s+(?:the\s+)?most\s+(?:about|on|into)\s+(.+?)|` +
	`(?:talks about|mentions|covers|discusses|focuses on|is about|brings up)\s+(.+?)\s+(?:the\s+)?most(?:\s+(?:often|of all))?)\W*$`)

// mentionedRe asks whether the articles name something at all: "is biden
// mentioned anywhere", "is hungary mentioned in any of the articles".
var mentionedRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|wait)\s+)?(?:is|are|was|were)\s+(.+?)\s+(?:(?:ever|even|actually)\s+)?(?:mentioned|named|discussed|covered|brought up|talked about|referenced)(?:\s+(?:anywhere|at all|in (?:here|there|the articles|these articles|any (?:of the |of these )?(?:articles?|docs?|pieces?))))+\W*$`)

// whichEndRe finds a message ending by asking which article told what
// it says before: "…, which article has that", "is biden mentioned
// anywhere? which article", "the one that mentions the icc, which is it",
// "…which article was that".
var whichEndRe = regexp.MustCompile(`(?i)(?:[,.;:?!-]+\s*|\s+)(?:so\s+|but\s+|and\s+|like\s+)?(?:(?:which|what|wich)\s+(?:one|article|piece|story|doc|source)s?(?:\s+(?:is|was)\s+(?:it|that|this|that in|this in|it in|that from|it from)|\s+(?:has|had|said|says|mentions?|mentioned|covers?|covered|talks? about|talked about|brought up|brings up)\s+(?:that|this|it|them|those)|\s+(?:is|was)\s+that\s+(?:one|article)|\s+(?:did|does)\s+(?:that|this|it))?|(?:what|wat)(?:['’]?s|\s+is)?\s+(?:that|this|the|it)(?:\s+(?:one|article|piece|story))?\s+called|(?:what|wat)(?:['’]?s|\s+is)\s+(?:its|the)\s+(?:title|name)(?:\s+of\s+(?:it|that(?:\s+one)?))?|which\s+(?:is|was)\s+(?:it|that)|which|wich)(?:\s+(?:again|exactly|lol|lmao|tho|pls|please|ngl|fr|tbh))*\W*$`)

// thingLeadRe opens a message with a thing it points at ("that peninsula
// russia grabbed…", "the guy who…"): its noun, in group 1.
var thingLeadRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|like|wait|hey|yo)\W+)*(?:that|this|the|those|these)\s+([\pL-]+)`)

// thingAsked reports whether a closing "which one was it" (at end) asks
// which thing the message points at ("that peninsula russia grabbed back
// in 2014, which one was it": Crimea), not which article: no document is
// named, and the message opens with a thing that is none.
func thingAsked(q string, end int) bool {
	lead := q[:end]
	m := thingLeadRe.FindStringSubmatch(lead)
	// only a bare "which one was it" ("…, which one covers it" asks for an
	// article), after a plain noun: "the paris summit, which one was it"
	// and "that macron interview" name an article's topic
	return m != nil && whichThingRe.MatchString(q[end:]) && !docNounRe.MatchString(lead) &&
		!collectionNounsRe.MatchString(lead) && !text.NameLike(text.Stem(text.Fold(m[1])))
}

// whichThingRe is a closing "which one was it", "which is it".
var whichThingRe = regexp.MustCompile(`(?i)^\W*(?:so\s+|but\s+|and\s+|like\s+)?which(?:\s+one)?\s+(?:is|was)\s+it(?:\s+(?:again|exactly|lol|lmao|tho|pls|please|ngl|fr|tbh))*\W*$`)

// calledEndRe: whichEndRe asking for a name ("…, whats it called"): of an
// article only where the message names one ("the one about…"), not
// "russia took crimea, what is it called".
var calledEndRe = regexp.MustCompile(`(?i)\b(?:called|title|name)\b`)

// whichLeadRe: the chat around a topic named before a closing "which
// article": "the one that mentions X", "theres one that mentions X right?".
var whichLeadRe = regexp.MustCompile(`(?i)^\W*(?:the|there(?:'s|’s|s| is)|theres)\s+(?:one|article|piece|story)\s+(?:that|which|where|with)\s+`)

// tagEndRe: a tag question closing a statement ("…the three seas
// initiative right?").
var tagEndRe = regexp.MustCompile(`(?i)[\s,]+(?:right|yeah|yes|correct|innit|no)\W*$`)

// allMentionRe asks whether every article holds something: "do all the
// articles talk about nato".
var allMentionRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?(?:do|does|did) (?:all|every|each)(?: one)?(?: of)?(?: the| these| those| your| ur)? ` + docNouns +
	`\s+(?:(?:even|actually|really|all)\s+)?(?:mention|talk about|cover|discuss|bring up|say anything about|deal with|touch on|refer to|contain(?:\s+the\s+words?)?|have (?:anything|something) (?:on|about))\s+(.+?)\W*$`)

// lengthOfRe asks how long an article is: "how long is the macron article".
var lengthOfRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?how (?:long|big|short|lengthy) (?:is|was)\b|\bhow (?:long|much time) (?:does|would|will) (?:it|the\b.*) take to read\b|\bhow many words\b`)

// readTimeRe: how long a read takes, asked after "how long is…" ("…gonna
// take to read", "…to read").
var readTimeRe = regexp.MustCompile(`(?i)\b(?:(?:gonna|going to|will|would|does it|it'?ll|it will)\s+)?take(?:\s+(?:me|u|you))?\s+to\s+read\b|\bto read\b`)

// nameTheRe asks for an article by its topic in the imperative: "name the
// article about paris", "tell me the one on prisoner swaps".
var nameTheRe = regexp.MustCompile(`(?i)^\W*(?:(?:pls|please|can you|could you)\s+)?(?:name|give me|tell me|show me) the (?:article|one|piece|story)(?:\s+(?:that|which))?(?:\s+|$)`)

// nameTopicRe: what follows nameTheRe when it names an article by its
// topic ("…about paris", "…that mentions rare earths"), not "give me the
// one reason…".
var nameTopicRe = regexp.MustCompile(`(?i)^(?:about|on|with|where|covering|mentioning|mentions|covers|talks|has|discusses|brings up)\b`)

// wordsPerMinute is the reading speed a read time is given at.
const wordsPerMinute = 230

// answerLengthOf gives the named article's length: passages, words and
// the minutes a read takes.
func answerLengthOf(ctx context.Context, c Catalog, q, doc string) (Answer, bool, error) {
	ps, err := c.Passages(ctx, doc)
	if err != nil {
		return Answer{}, true, fmt.Errorf("catalog: %w", err)
	}
	words := 0
	for _, p := range ps {
		words += len(strings.Fields(p.Text))
	}
	return answerNamed(ctx, c, q, doc, func(d Document, n int) string {
		return fmt.Sprintf("“%s” is %d passages long, about %d words: a %d-minute read [%d].", d.Title, d.Passages, words, max(1, (words+wordsPerMinute/2)/wordsPerMinute), n)
	})
}

// mention is an article holding a topic: its first passage that does, and
// how many do.
type mention struct {
	doc      Document
	first    Passage
	passages int
}

// What countMentions is asked.
const (
	countAsked = iota // "how many articles mention X"
	mostAsked         // "which article talks the most about X"
	allAsked          // "do all the articles mention X"
	anyAsked          // "is X mentioned anywhere"
	notAsked          // "which articles don't mention X"
)

// noneMentionRe asks which articles lack something: "which ones dont
// mention trump at all".
var noneMentionRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and)\s+)?(?:which|what) (?:ones|articles|docs|documents|pieces|stories|sources)\s+(?:(?:dont|don't|don’t|do not|never|doesnt|doesn't|does not)\s+(?:even\s+)?(?:mention|talk about|cover|discuss|bring up|say anything about|name|refer to)|(?:have|has|say|said)\s+nothing\s+(?:on|about))\s+(.+?)(?:\s+at all)?\W*$`)

// compareMentions answers which of two articles says more of a topic
// ("which is more about trump, the bbc one or the seeking a shield one").
func (s *Service) compareMentions(ctx context.Context, q string, docs []Document) (Answer, bool, error) {
	c, ok := s.search.(Catalog)
	m := moreAboutRe.FindStringSubmatch(q)
	if !ok || len(docs) != 2 || m == nil {
		return Answer{}, false, nil
	}
	topic := withoutRefs(m[1], true)
	if _, err := BuildQuery(topic); err != nil {
		return Answer{}, false, nil
	}
	return s.countMentions(ctx, c, q, topic, mostAsked, docs)
}

// moreAboutRe asks which article says more of a topic: "which is more
// about trump, …", "which one talks more about nato".
var moreAboutRe = regexp.MustCompile(`(?i)\bwhich\b(?:\s+(?:one|article|piece|story))?\s+(?:is|talks|says|goes|focuses|writes)\s+(?:more|most)\s+(?:about|on|into)\s+([^,?;:]+?)(?:\s*[,?;:]|\s+but\b|\s+(?:the|a)\s+\S+(?:\s+\S+)*?\s+(?:one|article|piece)\b|$)`)

// countMentions answers how many articles name the topic (its words in a
// row, or one of several asked with "or"), naming and quoting each; with
// mostAsked, which one names it in the most passages. Only the words and
// the articles' own spellings of a name count, no synonym: "how many
// articles mention soldiers" is not answered by "troops". An article is
// counted by what it says, every passage read, not by what a search ranks
// first.
func (s *Service) countMentions(ctx context.Context, c Catalog, q, topic string, asked int, among []Document) (Answer, bool, error) {
	var alts []phraseWant
	var notes []string
	shown := strings.TrimSpace(topic)
	for _, alt := range orRe.Split(strings.TrimSpace(topic), maxAlternatives) {
		r, err := s.Retrieve(ctx, alt, Filter{}, DefaultK)
		if isNoTerms(err) {
			continue
		}
		if err != nil {
			return Answer{}, true, err
		}
		alts = append(alts, wantPhrase(r.Query))
		if len(r.Query.Words) == 1 {
			// one name written otherwise: "the us" is "the U.S.", "the United
			// States"; "icc" what the articles spell out
			w := r.Query.Words[0]
			names := r.Query.aliases[w]
			if syns := text.Synonyms(w); (len(w) <= 3 || isCountry(w)) && slices.ContainsFunc(syns, isCountry) {
				// a country's abbreviation or other name, not a seat
				// of government ("the kremlin" is no mention of Russia)
				names = append(names, syns...)
			}
			for _, n := range names {
				if st := stemSeq(n); len(st) > 0 {
					var p phraseWant
					for _, x := range st {
						p = append(p, []string{x})
					}
					alts = append(alts, p)
				}
			}
		}
		notes = append(notes, r.Notes...)
		for w, fix := range r.Query.Corrected { // "zelenksy" said as the articles spell it
			shown = regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(w)+`\b`).ReplaceAllLiteralString(shown, shownAs(fix, r.Hits))
		}
	}
	if len(alts) == 0 {
		return Answer{}, false, nil
	}
	docs := among
	if docs == nil {
		var err error
		if docs, err = c.Docs(ctx); err != nil {
			return Answer{}, true, fmt.Errorf("catalog: %w", err)
		}
	}
	if len(docs) > maxCountedDocs {
		return Answer{}, false, nil // reading every passage of a large site: searched instead
	}
	apart := false // a topic of several words no article writes in a row: its words in one sentence
	names := func(text string) bool {
		return slices.ContainsFunc(alts, func(w phraseWant) bool { return w.in(text) || apart && w.inSentence(text) })
	}
	var found []mention
	for pass := 0; pass < 2 && len(found) == 0; pass++ {
		if apart = pass == 1; apart && !slices.ContainsFunc(alts, func(w phraseWant) bool { return len(w) > 1 }) {
			break
		}
		for _, d := range docs {
			ps, err := c.Passages(ctx, d.ID)
			if err != nil {
				return Answer{}, true, fmt.Errorf("catalog: %w", err)
			}
			m := mention{doc: d}
			for _, p := range ps {
				if names(p.Heading + " " + p.Text) {
					if m.passages == 0 {
						m.first = p
					}
					m.passages++
				}
			}
			if m.passages > 0 {
				found = append(found, m)
			}
		}
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true, Notes: notes}
	what := "“" + shown + "”"
	if asked == notAsked {
		return s.notMentioning(ctx, c, a, docs, found, what)
	}
	if len(found) == 0 {
		a.Found = false
		if strings.Contains(shown, " ") {
			what += " in those words" // "the macron call": it may be said otherwise
		}
		switch {
		case len(docs) == 1:
			a.Text = fmt.Sprintf("The article never mentions %s.", what)
		case len(docs) == 2:
			a.Text = fmt.Sprintf("Neither article mentions %s.", what)
		default:
			a.Text = fmt.Sprintf("None of the %d articles mentions %s.", len(docs), what)
		}
		if asked == allAsked || asked == anyAsked {
			a.Text = "No. " + a.Text
		}
		return a, true, nil
	}
	quote := func(m mention) string { // the passage's first sentence naming the topic
		for _, sp := range text.Sentences(m.first.Text) {
			if sentence := m.first.Text[sp.Start:sp.End]; names(sentence) {
				return sentence
			}
		}
		return m.first.Text
	}
	cited := func(m mention) string {
		said := quote(m)
		return fmt.Sprintf("%s [%d]", strings.TrimRight(said, " ."), a.cite(m.first, said))
	}
	if asked == mostAsked {
		sort.SliceStable(found, func(i, j int) bool { return found[i].passages > found[j].passages })
		top := found[0]
		if len(found) > 1 && found[1].passages == top.passages {
			a.Text = fmt.Sprintf("“%s” and “%s” mention %s as often, in %s each: %s; %s.", top.doc.Title, found[1].doc.Title, what, nounCount(top.passages, "passage"), cited(top), cited(found[1]))
		} else {
			most := "the most"
			if among != nil {
				most = "more" // of two articles named
			}
			a.Text = fmt.Sprintf("“%s” mentions %s %s, in %d of its %s: %s.", top.doc.Title, what, most, top.passages, nounCount(top.doc.Passages, "passage"), cited(top))
		}
		var others []string
		for _, m := range found[1:] {
			if m.doc.ID != found[1].doc.ID || found[1].passages != top.passages {
				others = append(others, fmt.Sprintf("“%s” in %d", m.doc.Title, m.passages))
			}
		}
		if len(others) > 0 {
			a.Text += " Then " + strings.Join(others, ", ") + "."
		}
		if len(docs) > len(found) {
			a.Text += fmt.Sprintf(" %s never %s it.", nounCount(len(docs)-len(found), "other article"), plural(len(docs)-len(found), "mentions", "mention"))
		}
		return a, true, nil
	}
	var quoted []string
	for _, m := range found[:min(maxListed, len(found))] {
		quoted = append(quoted, fmt.Sprintf("“%s”: %s", m.doc.Title, cited(m)))
	}
	switch {
	case len(docs) == 1:
		a.Text = fmt.Sprintf("The article mentions %s: %s.", what, quoted[0])
	case len(found) == len(docs):
		a.Text = fmt.Sprintf("All %d articles mention %s: %s.", len(docs), what, strings.Join(quoted, "; "))
	default:
		a.Text = fmt.Sprintf("%d of the %d articles %s %s: %s.", len(found), len(docs), plural(len(found), "mentions", "mention"), what, strings.Join(quoted, "; "))
	}
	if asked == anyAsked {
		a.Text = "Yes. " + a.Text
	}
	if asked == allAsked {
		if len(found) == len(docs) {
			a.Text = "Yes. " + a.Text
		} else {
			a.Text = "No. " + a.Text
		}
	}
	return a, true, nil
}

// orRe splits a topic asked with "or" ("trump or biden") into the
// alternatives an article may mention, at most maxAlternatives.
var orRe = regexp.MustCompile(`(?i)\s+(?:or|and/or)\s+|\s*/\s*`)

const maxAlternatives = 4

// maxCountedDocs bounds the collection countMentions reads whole, every
// passage of every article, for one question.
const maxCountedDocs = 200

// phraseWant is a topic's words in order, each with the stems that count
// for it: its own and the articles' other spellings of a name.
type phraseWant [][]string

// wantPhrase returns what a topic's query (its words read again, slips
// corrected) asks an article to say.
func wantPhrase(q Query) phraseWant {
	var w phraseWant
	for _, st := range q.Stems {
		w = append(w, append([]string{st}, q.spellings[st]...))
	}
	return w
}

// in reports whether s says the phrase: its words in a row, stop words
// between them aside.
func (w phraseWant) in(s string) bool {
	if len(w) == 0 {
		return false
	}
	// stop words between the words aside, unless the phrase has some
	// ("u.s" is "u s")
	stops := slices.ContainsFunc(w, func(forms []string) bool { return stopStems()[forms[0]] })
	var seq []string
	for _, t := range text.Tokenize(s) {
		if stops || !text.IsStopWord(t.Word) {
			seq = append(seq, text.Stem(t.Word))
		}
	}
	for i := 0; i+len(w) <= len(seq); i++ {
		ok := true
		for k, forms := range w {
			if !slices.Contains(forms, seq[i+k]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// inSentence reports whether one sentence of s holds every word of the
// phrase, in any order ("the paris meeting": "The meeting in Paris…").
func (w phraseWant) inSentence(s string) bool {
	for _, sp := range text.Sentences(s) {
		seen := map[string]bool{}
		for _, t := range text.Tokenize(s[sp.Start:sp.End]) {
			seen[text.Stem(t.Word)] = true
		}
		if !slices.ContainsFunc(w, func(forms []string) bool {
			return !slices.ContainsFunc(forms, func(f string) bool { return seen[f] })
		}) {
			return true
		}
	}
	return false
}

// nounCount writes n and noun, with an s when n is not 1.
func nounCount(n int, noun string) string {
	return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s"))
}

// notMentioning answers which articles (of docs) are not among found,
// each cited with its opening passage.
func (s *Service) notMentioning(ctx context.Context, c Catalog, a Answer, docs []Document, found []mention, what string) (Answer, bool, error) {
	has := map[string]bool{}
	for _, m := range found {
		has[m.doc.ID] = true
	}
	var names []string
	for _, d := range docs {
		if has[d.ID] || len(names) == maxListed {
			continue
		}
		n, err := citeOpening(ctx, c, &a, d)
		if err != nil {
			return Answer{}, true, err
		}
		names = append(names, fmt.Sprintf("“%s” [%d]", d.Title, n))
	}
	missing := len(docs) - len(found)
	switch {
	case missing == 0 && len(docs) == 1:
		a.Text = fmt.Sprintf("The article mentions %s.", what)
	case missing == 0:
		a.Text = fmt.Sprintf("All %d articles mention %s.", len(docs), what)
	case missing == len(docs) && len(docs) == 1:
		a.Citations, a.Passages = nil, nil
		a.Text = fmt.Sprintf("The article never mentions %s.", what)
	case missing == len(docs):
		a.Citations, a.Passages = nil, nil
		a.Text = fmt.Sprintf("None of the %d articles mentions %s.", len(docs), what)
	default:
		a.Text = fmt.Sprintf("%d of the %d articles never %s %s: %s.", missing, len(docs), plural(missing, "mentions", "mention"), what, strings.Join(names, "; "))
	}
	return a, true, nil
}

// headingMatched returns the level of the hit's heading path ("FAQ ·
// What are…") that holds question words its text lacks, weighing half
// the question at least (the topic, not "called" matching "Call to
// Action"), or "".
func headingMatched(h Hit, q Query, w map[string]float64) string {
	inText := q.present(stemSeq(h.Text))
	var total float64 // of the question words the hit holds: not "section"
	for st := range q.present(stemSeq(h.Heading + " " + h.Text)) {
		total += w[st]
	}
	for _, level := range strings.Split(h.Heading, " · ") {
		var only float64
		for st := range q.present(stemSeq(level)) {
			if !inText[st] {
				only += w[st]
			}
		}
		if total > 0 && only >= total/2 {
			return strings.TrimSpace(level)
		}
	}
	return ""
}

// citeOpening cites an article's opening passage (its first sentences)
// and returns the citation's number.
func citeOpening(ctx context.Context, c Catalog, a *Answer, d Document) (int, error) {
	ps, err := c.Passages(ctx, d.ID)
	if err != nil {
		return 0, fmt.Errorf("catalog: %w", err)
	}
	n := len(a.Citations) + 1
	if len(ps) == 0 {
		a.Citations = append(a.Citations, Citation{N: n, DocID: d.ID, Title: d.Title, URL: d.URL, Date: d.Date})
		return n, nil
	}
	p := ps[0]
	quote := p.Text
	if spans := text.Sentences(p.Text); len(spans) > 2 {
		quote = p.Text[spans[0].Start:spans[1].End]
	}
	return a.cite(p, quote), nil
}

// cite adds passage p, quoted as quote, to a's citations and passages and
// returns its marker's number.
func (a *Answer) cite(p Passage, quote string) int {
	n := len(a.Citations) + 1
	a.Citations = append(a.Citations, citation(n, p, quote))
	a.Passages = append(a.Passages, Hit{Passage: p})
	return n
}

func citation(n int, p Passage, quote string) Citation {
	return Citation{N: n, DocID: p.DocID, Title: p.Title, URL: p.URL, PassageID: p.ID, Date: p.Date, Quote: quote}
}

func isNoTerms(err error) bool { return errors.Is(err, ErrNoTerms) }

// maxSections bounds the sections a sections answer lists and cites.
const maxSections = 20

// sectionsRe asks for the sections of an article: "what sections does the
// shield article have", "what are the headings in the faq one".
var sectionsRe = regexp.MustCompile(`(?i)\b(?:sections?|headings?|headers?|parts|chapters|table of contents|outline)\b.*\b(?:in|of|does|do|has|have)\b|\bhow is (?:it|the\b.*) (?:organi[sz]ed|structured|laid out)\b`)

// sectionTopicRe: a question about what a section holds ("which section
// of the paris article is about US support", "in which sections is trump
// mentioned"), or about parts of something else ("what parts of ukraine").
var sectionTopicRe = regexp.MustCompile(`(?i)\b(?:about|on|mentions?|mentioned|says?|said|discuss(?:es|ed)?|talks?|covers?|covered|first|second|third|last|which|where)\b|\bparts of (?:the |a )?(?:ukraine|guarantees?|\pL+ (?:plan|deal|guarantees?))\b|\b(?:guarantees?|plan|deal|security)\b[^?]*\bstructured\b`)

// sectionWordsRe: the words asking for sections, which ask nothing else
// ("which section of the paris article talks about the bbc" asks more).
var sectionWordsRe = regexp.MustCompile(`(?i)\b(?:sections?|headings?|headers?|parts|chapters|table of contents|outline|organi[sz]ed|structured|laid out|how is it|it)\b`)

// answerSections lists an article's section headings, in order, each
// cited with its first passage; an article without any says so.
func answerSections(ctx context.Context, c Catalog, q, doc string) (Answer, bool, error) {
	ps, err := c.Passages(ctx, doc)
	if err != nil {
		return Answer{}, true, fmt.Errorf("catalog: %w", err)
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	var names []string
	seen := map[string]bool{}
	total := 0
	for _, p := range ps {
		// a passage's heading names every heading it spans ("A · B")
		for _, h := range strings.Split(p.Heading, " · ") {
			if h = strings.TrimSpace(h); h == "" || seen[h] {
				continue
			}
			seen[h] = true
			total++
			if len(names) == maxSections {
				continue
			}
			names = append(names, fmt.Sprintf("“%s” [%d]", h, a.cite(p, h)))
		}
	}
	if len(ps) == 0 {
		return Answer{}, false, nil
	}
	title := ps[0].Title
	switch {
	case total == 0:
		a.Text = fmt.Sprintf("“%s” has no section headings.", title)
	case total == 1:
		a.Text = fmt.Sprintf("“%s” has 1 section: %s.", title, names[0])
	case total > len(names):
		a.Text = fmt.Sprintf("“%s” has %d sections; the first %d: %s.", title, total, len(names), strings.Join(names, "; "))
	default:
		a.Text = fmt.Sprintf("“%s” has %d sections: %s.", title, total, strings.Join(names, "; "))
	}
	return a, true, nil
}

// newestWords and oldestWords name an article by its date.
var (
	newestWords = map[string]bool{"newest": true, "latest": true, "recent": true, "newer": true}
	oldestWords = map[string]bool{"oldest": true, "earliest": true, "older": true}
)

// datedEnd returns the newest dated article (the oldest when oldest), or
// "" when none is dated or two share the date.
func datedEnd(docs []Document, oldest bool) string {
	best, tie := "", false
	var date string
	for _, d := range docs {
		if d.Date == "" {
			continue
		}
		switch {
		case best == "" || oldest && d.Date < date || !oldest && d.Date > date:
			best, date, tie = d.ID, d.Date, false
		case d.Date == date:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// faqHeadingRe: the heading of an article's section of questions and
// answers.
var faqHeadingRe = regexp.MustCompile(`(?i)^\W*(?:faqs?|frequently asked questions|questions (?:and|&) answers|q\s*&\s*a)\W*$`)

// faqWords: the stems a reference names such an article by ("the faq one").
var faqWords = map[string]bool{"faq": true, "faqs": true}

// faqOf returns the questions of an article's section of questions and
// answers: the headings after its heading that end with a question
// mark, each with its passage; nil when it has none.
func faqOf(ps []Passage) (questions []string, at []Passage) {
	in := false
	seen := map[string]bool{}
	for _, p := range ps {
		for _, h := range strings.Split(p.Heading, " · ") {
			switch h = strings.TrimSpace(h); {
			case faqHeadingRe.MatchString(h):
				in = true
			case in && strings.HasSuffix(h, "?") && !seen[h]:
				seen[h] = true
				questions, at = append(questions, h), append(at, p)
			case in && h != "" && !seen[h] && len(questions) > 0:
				return questions, at // the section after it
			}
		}
	}
	return questions, at
}

// faqArticle returns the one article with a section of questions and
// answers, or "" when none or several have one.
func (s *Service) faqArticle(ctx context.Context, docs []Document) (string, error) {
	c, ok := s.search.(Catalog)
	if !ok {
		return "", nil
	}
	found := ""
	for _, d := range docs {
		ps, err := c.Passages(ctx, d.ID)
		if err != nil {
			return "", fmt.Errorf("faq of %s: %w", d.ID, err)
		}
		if qs, _ := faqOf(ps); len(qs) > 0 {
			if found != "" {
				return "", nil
			}
			found = d.ID
		}
	}
	return found, nil
}

// faqListRe asks which questions an FAQ holds: "what questions are in the
// faq", "what does the faq cover", "list the faq questions".
var faqListRe = regexp.MustCompile(`(?i)\b(?:faqs?|frequently asked questions)\b`)

// faqAskRe: what asks for an FAQ's questions, not for the article with
// one ("which one has an faq section").
var faqAskRe = regexp.MustCompile(`(?i)\b(?:questions|qs)\b.*\b(?:faq|faqs)\b|\b(?:faq|faqs)\b.*\b(?:questions|qs)\b|\bwhat(?:'s|s| is)? in (?:the|its|that|this)\s+(?:faq|frequently asked questions)\b|\b(?:list|show|give)\b.*\b(?:faq|frequently asked questions)\b|\b(?:faq|frequently asked questions)\b.*\b(?:cover|covers|ask|asks)\b|\bwhat (?:questions|qs)\b`)

// faqAskWordsRe: the words such a question asks with, besides the
// collection's.
var faqAskWordsRe = regexp.MustCompile(`(?i)\b(?:faqs?|frequently|asked|questions?|qs|section|part|cover|covers|ask|asks|answer|answers|answered|in|inside|at|end|bottom)\b`)

// answerFAQ lists the questions of the FAQ of the named article, or of
// every article that has one.
func answerFAQ(ctx context.Context, c Catalog, q string, docs []Document, named string) (Answer, error) {
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	var parts []string
	for _, d := range docs {
		if named != "" && d.ID != named {
			continue
		}
		ps, err := c.Passages(ctx, d.ID)
		if err != nil {
			return Answer{}, fmt.Errorf("faq of %s: %w", d.ID, err)
		}
		qs, at := faqOf(ps)
		if len(qs) == 0 {
			continue
		}
		var listed []string
		for i, question := range qs {
			listed = append(listed, fmt.Sprintf("“%s” [%d]", question, a.cite(at[i], question)))
		}
		parts = append(parts, fmt.Sprintf("The FAQ of “%s” asks %d questions: %s.", d.Title, len(qs), strings.Join(listed, "; ")))
	}
	if len(parts) == 0 {
		a.Found = false
		a.Text = "None of the articles has a section of frequently asked questions."
		if named != "" {
			a.Text = "That article has no section of frequently asked questions."
		}
		return a, nil
	}
	a.Text = strings.Join(parts, " ")
	return a, nil
}

// sourcesAskRe asks which sources an article cites: "what sources does
// the bbc one cite", "does the long trump article cite any think tanks".
var sourcesAskRe = regexp.MustCompile(`(?i)\b(?:sources?|outlets?|think\s*tanks?|orgs?|organi[sz]ations?|references?|citations?|reports?)\b[^?]*\b(?:cite[sd]?|referenc(?:e|es|ed)|quote[sd]?|rel(?:y|ies) on|draws? on|use[sd]?)\b|\b(?:cite[sd]?|referenc(?:e|es|ed))\b[^?]*\b(?:sources?|outlets?|think\s*tanks?|orgs?|organi[sz]ations?|anything|anyone|any)\b`)

// sourcesWordsRe: the words such a question asks with.
var sourcesWordsRe = regexp.MustCompile(`(?i)\b(?:sources?|outlets?|think\s*tanks?|orgs?|organi[sz]ations?|references?|citations?|reports?|cite[sd]?|referenc(?:e|es|ed)|quote[sd]?|rel(?:y|ies)|draws?|use[sd]?|mention(?:s|ed)?|anything|anyone|any|or)\b`)

// sourceCueRe finds a sentence telling where its facts come from: a
// report, an analysis, a tracker, what an organisation says.
var sourceCueRe = regexp.MustCompile(`(?i)\b(?:report(?:s|ed)?|analys[ie]s (?:from|by)|according to|tracker|study|survey|resources from|sources close|told reporters|to reporters)\b`)

// maxSources bounds the sentences a sources answer quotes.
const maxSources = 6

// answerSources quotes the sentences of the named article that tell where
// its facts come from (see sourceCueRe), each cited; or says it names none.
func answerSources(ctx context.Context, c Catalog, q, doc string) (Answer, bool, error) {
	ps, err := c.Passages(ctx, doc)
	if err != nil {
		return Answer{}, true, fmt.Errorf("catalog: %w", err)
	}
	if len(ps) == 0 {
		return Answer{}, false, nil
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	var quoted []string
	for _, p := range ps {
		for _, sp := range text.Sentences(p.Text) {
			sentence := strings.TrimSpace(p.Text[sp.Start:sp.End])
			if !sourceCueRe.MatchString(sentence) || len(quoted) == maxSources {
				continue
			}
			n := a.cite(p, sentence)
			end := ""
			if i := len(sentence) - 1; i >= 0 && strings.ContainsRune(".!?", rune(sentence[i])) {
				sentence, end = sentence[:i], sentence[i:]
			}
			quoted = append(quoted, fmt.Sprintf("%s [%d]%s", sentence, n, end))
		}
	}
	if len(quoted) == 0 {
		a.Found, a.Nearest = false, []string{ps[0].Title}
		a.Text = fmt.Sprintf("“%s” names no source for what it says.", ps[0].Title)
		return a, true, nil
	}
	a.Text = fmt.Sprintf("“%s” names its sources in these sentences: %s", ps[0].Title, strings.Join(quoted, " "))
	return a, true, nil
}

// compareLengths answers which of two articles named is longer (or
// shorter, as asked), each cited with its opening passage.
func (s *Service) compareLengths(ctx context.Context, q string, docs []Document) (Answer, bool, error) {
	c, ok := s.search.(Catalog)
	if !ok || len(docs) != 2 {
		return Answer{}, false, nil
	}
	a := Answer{Question: q, Mode: ModeExtractive, Found: true}
	first, second := docs[0], docs[1] // the longer first, or the shorter when asked "which is shorter"
	shorter := shortRe.MatchString(q)
	if (second.Passages > first.Passages) != shorter && second.Passages != first.Passages {
		first, second = second, first
	}
	n, err := citeOpening(ctx, c, &a, first)
	if err != nil {
		return Answer{}, true, err
	}
	m, err := citeOpening(ctx, c, &a, second)
	if err != nil {
		return Answer{}, true, err
	}
	switch {
	case first.Passages == second.Passages:
		a.Text = fmt.Sprintf("“%s” [%d] and “%s” [%d] are as long: %d passages each.", first.Title, n, second.Title, m, first.Passages)
	case shorter:
		a.Text = fmt.Sprintf("“%s” is shorter, %d passages [%d], than “%s”, %d passages [%d].", first.Title, first.Passages, n, second.Title, second.Passages, m)
	default:
		a.Text = fmt.Sprintf("“%s” is longer, %d passages [%d], than “%s”, %d passages [%d].", first.Title, first.Passages, n, second.Title, second.Passages, m)
	}
	return a, true, nil
}
