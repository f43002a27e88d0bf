package retrieval

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// MaxQueryTerms bounds the size of a MATCH expression whatever the input
// (long enough for argument-length queries such as ArguAna's).
const MaxQueryTerms = 128

// Query is a question made safe for FTS5.
type Query struct {
	// Text is the question read again with its slips corrected (see
	// reread), when it had any.
	Text  string
	Words []string // folded search words in question order, without stop words or repeats
	Stems []string // Stem(Words[i]), as the FTS5 porter tokenizer indexes them
	Match string   // FTS5 expression: every word (and synonym) quoted, joined with OR
	// Alt maps a stem to its synonyms, also searched: a question word the
	// articles never use counts as present when one of its synonyms is. A
	// synonym of several words ("united states") is its stems joined by
	// spaces and counts where they occur in a row.
	Alt map[string][]string
	// Corrected maps a question word that was respelled to the word
	// searched instead ("zelenksy" → "zelensky").
	Corrected map[string]string
	// focus holds the stems of the words naming the thing asked for ("how
	// many nuclear warheads did…" → nuclear, warhead).
	focus []string
	// askedAny: focus names what a yes/no question asks whether there is
	// any of ("has the icc issued any arrest warrants")
	askedAny bool
	// task holds the verb a how-to question asks to do ("how do I
	// convert…" → convert): documentation names a task by its action noun
	// ("Numeric Conversions"), which is searched too (see build).
	task map[string]bool
	// define holds the stems of what a definition question asks about
	// ("what is uintptr"), nil for other questions (see rerank).
	define []string

	terms []matchTerm // Match's terms, for matchWithout
	// more holds synonyms found for a word beyond text.Synonyms (WordNet's,
	// kept when the index has them), by folded word.
	more map[string][]string
	// tf counts a stem's repeats in the question beyond the first: a word
	// an argument repeats matters more to it (see matchWithout).
	tf map[string]int
	// guessed holds the question words read as others by a guess: a slip
	// of a common English word, or two edits from an index term (see
	// retrieve's notes).
	guessed map[string]bool
	// read maps a question word to the word it was read as (a slip, chat
	// shorthand; see reread), stop words included.
	read map[string]string
	// phrases maps a word to the WordNet phrase it is part of in the
	// question ("beefing" → "beef up"), by its words' stems (see
	// text.PhraseSynonyms): a word the index lacks is searched with the
	// phrase's synonyms (see bridge).
	phrases map[string]string
	// loose marks the Alt entries that came from more.
	loose map[string]bool
	// aliases holds what a word stands for in this index ("icc" →
	// "international criminal court", learned from the articles): it
	// counts for the word like a synonym of text.Synonyms.
	aliases map[string][]string
	// spellings maps a name's stem to the stems of its other spellings in
	// the index ("zelenski" → "zelenskyy"): they count for it in the gate
	// and in picking sentences, but are not searched (searching them
	// raised the articles spelling the name so more than the question).
	spellings map[string][]string
	// context holds the stems that only the sentences around the question
	// of a chat message use ("my cousin says… what are the options?"):
	// they help find passages but weigh little in the gate and the
	// choice of sentences, and never name a missing subject.
	context map[string]bool
	// scope holds the stems of the question that name the one article it
	// is limited to ("in the macron article, which countries…"): true of
	// every passage searched, so a window of two sentences holds them too.
	scope map[string]bool
	// kind is the kind of answer the question asks for (see classify),
	// read once here for the gate and the term weights
	kind answerType
	// joined maps the stem of a hyphenated word's first search word to
	// the word written without its hyphens ("il-6" → "il6",
	// "pro-inflammatory" → "proinflammatory"), also searched.
	joined map[string][]string
	// listOnly holds the words naming one side of a list that the
	// articles never use ("drawbacks"): only a labelled list answers them
	// (see labelled).
	listOnly []string
	// years maps a year written with two digits to the year in full
	// ("back in 94": 1994), also searched (see fullYears).
	years map[string]string
	// didAsk holds the verbs asked of the past with "did" ("did trump
	// meet…"), whose irregular past forms are searched too (see build).
	didAsk map[string]bool
}

// typed reports whether the question asks for a number, a date, a place
// or a person, which the gate checks a passage holds (see typedSupport).
func (q Query) typed() bool { return q.kind >= quantityAnswer && q.kind <= personAnswer }

// askingRe finds a sentence that asks: a question mark, or a question or
// request word opening it.
var askingRe = regexp.MustCompile(`(?i)\?\s*$|` + askStartRe.String())

// askStartRe finds a sentence opening with a question or request word.
var askStartRe = regexp.MustCompile(`(?i)^\W*(?:(?:yo|ok|okay|so|ngl|tbh|pls|plz|please|lol|bruh|hey|idk|btw|anyway|anyways|honestly|also|but|and)\W+)*(what|whats|wat|why|how|hw|who|whom|whose|when|where|which|do|does|did|is|are|was|were|can|could|will|would|should|has|have|tell|explain|describe|list|summari[sz]e|any|anyone)\b`)

// chatSentences splits a chat message after each ".", "!" or "?" that a
// space or the end follows, but not after an abbreviation ("go.mod",
// "the U.S. place" and "Mr. Vance" stay whole).
func chatSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c == '.' || c == '!' || c == '?') && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\n') &&
			(c != '.' || !text.IsAbbreviation(s[:i])) {
			if t := strings.TrimSpace(s[start : i+1]); t != "" {
				out = append(out, t)
			}
			start = i + 1
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// clauseAskRe finds a question asked after a clause of telling, inside
// one chat sentence: "theres this big meeting with like thirty countries
// - what is it trying to achieve".
// After a comma only "what", "why" and "how" open one: ", who's described
// as…" is a relative clause.
var clauseAskRe = regexp.MustCompile(`(?i)(?:(?:\s+[-–—]+|[;:]|\s+(?:so|anyway|anyways|but))\s+((?:what|whats|why|how|who|when|where|which)\b)|,\s+((?:what|whats|why|how)\b))`)

// referBackRe finds a word pointing at something named before.
var referBackRe = regexp.MustCompile(`(?i)\b(?:it|its|that|this|they|them|their|those|these|there|he|she|him|her|his)\b`)

// topicRe opens a clause naming what the question after it is about.
// (A condition, "if ukraine gave up nukes and got promises, why…", is
// split off: the dev, blind and s8 sets answer three more that way.)
var topicRe = regexp.MustCompile(`(?i)^\W*(?:about|re|regarding|as for|as to|quick q|quick question)\b`)

var versusRe = regexp.MustCompile(`(?i)\b(?:vs|versus)\b`)

// chatPart is a sentence of a chat message, or a clause of one, and
// whether it asks.
type chatPart struct {
	text   string
	asking bool
}

// chatParts splits a chat message into its telling and asking sentences
// (a question after a clause of telling is a sentence of its own).
func chatParts(s string) []chatPart {
	var parts []chatPart
	for _, sent := range chatSentences(s) {
		// "budapest vs minsk - what went wrong in each": the clause names
		// what is compared, no story
		// "quick q about the minerals deal - when did they sign": the
		// clause names the subject, no story
		if m := clauseAskRe.FindStringSubmatchIndex(sent); m != nil && !askStartRe.MatchString(sent) && !versusRe.MatchString(sent[:m[0]]) &&
			!topicRe.MatchString(sent[:m[0]]) {
			// "some big summit with thirty countries, what was its goal":
			// a question pointing back, or of one word, asks about the
			// clause before it
			ask := sent[max(m[2], m[4]):]
			parts = append(parts, chatPart{strings.TrimSpace(sent[:m[0]]), referBackRe.MatchString(ask) || len(text.Terms(ask)) < 2})
			sent = ask
		}
		if m := tellingTailRe.FindStringIndex(sent); m != nil && askingRe.MatchString(sent[:m[0]]) && !asksWh(sent[m[0]:]) {
			// "when did the invasion start, my little bro asked and i
			// blanked": the clause after the question tells of the asker
			parts = append(parts, chatPart{sent[:m[0]], true}, chatPart{strings.TrimSpace(sent[m[0]+1:]), false})
			continue
		}
		parts = append(parts, chatPart{sent, askingRe.MatchString(sent) && !toldOfSelf(sent)})
	}
	// "ukraine gave up the nukes, then russia grabbed crimea anyway
	// right? so what did the west do": a story checked with a tag, told
	// before what is asked
	for i := range parts {
		if t := tagQuestionRe.FindStringIndex(parts[i].text); t != nil && parts[i].asking && !wordAskRe.MatchString(parts[i].text[:t[0]]) {
			// (not when what is asked next is of "it": "the budapest
			// thing was a total L right? why didnt it protect ukraine")
			if j := slices.IndexFunc(parts[i+1:], func(p chatPart) bool { return p.asking }); j >= 0 && !askedOfPronounRe.MatchString(parts[i+1+j].text) {
				parts[i].asking = false
			}
		}
	}
	return parts
}

// selfTellRe: a sentence of chat telling what the asker was doing, its
// "I" left out ("was arguing with some guy on reddit who said…"): it opens
// like a question ("was it…") but its verb follows at once.
var selfTellRe = regexp.MustCompile(`(?i)^\W*(?:(?:yo|ok|okay|so|ngl|tbh|lol|bruh|hey|honestly|also|but|and)\W+)*(?:was|were)\s+(?:just\s+|literally\s+|actually\s+|really\s+)?(\pL+ing)\b[^?]*$`)

// toldOfSelf reports whether a sentence tells what the asker was doing
// (see selfTellRe), not wondering or asking.
func toldOfSelf(sent string) bool {
	m := selfTellRe.FindStringSubmatch(sent)
	return m != nil && !slices.Contains([]string{"wondering", "asking", "hoping", "curious", "trying"}, strings.ToLower(m[1]))
}

// tagQuestionRe ends a sentence that tells with a tag asking to confirm
// it: "…anyway right?", "…, correct?", "…didn't they?".
var tagQuestionRe = regexp.MustCompile(`(?i)(?:,\s*|\s+)(?:right|correct|yeah|yes|no|innit|true|isn'?t it|wasn'?t it|didn'?t (?:they|it|he|she|we)|don'?t they|aren'?t they)\s*\?+\s*$`)

// askedOfPronounRe finds a question whose subject is a pronoun: "why
// didnt it actually protect ukraine".
var askedOfPronounRe = regexp.MustCompile(`(?i)\b(?:is|isnt|isn't|was|wasnt|wasn't|are|were|do|does|doesnt|doesn't|did|didnt|didn't|will|would|wouldnt|wouldn't|can|could|couldnt|couldn't|has|have|hasnt|hasn't)\s+(?:it|that|this|they|he|she)\b`)

// wordAskRe finds a word that asks something of its own ("what", "why",
// "how", "is it"), not a tag's.
var wordAskRe = regexp.MustCompile(`(?i)\b(?:what|whats|why|how|who|whom|whose|when|where|which)\b|^\W*(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have)\b`)

// tellingTailRe finds a clause of the asker's own after a question in one
// chat sentence: ", my little bro asked and i blanked hard", " - i forgot".
// Not "i mean" or "i think", which say more of what is asked.
var tellingTailRe = regexp.MustCompile(`(?i)(?:,|\s[-–—]+|;)\s+(?:i|im|i'm|i’m|ive|i've|i’ve|my|we|our)\s+(?:(?:little|lil|big|older|younger|history|poli|dumb|kid|baby|best|old|whole)\s+)?(?:asked|forgot|blanked|was|were|am|have|had|got|keep|kept|said|says|heard|saw|read|watched|dont|don't|didnt|didn't|cant|can't|bro|brother|sister|sis|mom|dad|friend|friends|teacher|prof|professor|roommate|uncle|aunt|cousin|boss|coworker|grandpa|grandma|class|group|parents)\b[^?]*$`)

// maxStoryParts and maxLastAsks bound a chat message whose last sentence
// is read as what it asks when none asks: a few sentences, the last one
// short.
const (
	maxStoryParts = 3
	maxLastAsks   = 8
)

// contextStems returns the stems used only in the sentences of s that do
// not ask, when s has both kinds: a rambling message's story around its
// question.
func contextStems(s string) map[string]bool {
	if !asksWh(s) && len(chatSentences(s)) < 2 {
		return nil // one sentence, and no clause asking after it: one part
	}
	parts := chatParts(s)
	if len(parts) < 2 {
		return nil
	}
	parts = askBack(parts)
	asking, telling := map[string]bool{}, map[string]bool{}
	for _, p := range parts {
		m := telling
		if p.asking {
			m = asking
		}
		for _, st := range text.Terms(p.text) {
			m[st] = true
		}
	}
	if last := parts[len(parts)-1].text; len(asking) == 0 && len(parts) <= maxStoryParts && len(text.Terms(last)) <= maxLastAsks &&
		!strings.HasSuffix(last, ".") {
		// "been reading about this on twitter and it's confusing. three
		// seas initiative": the last sentence is what is asked (in a
		// short message, and not a statement ending in a full stop: a
		// pasted text, or SciFact's "X interacts with Y. There is no
		// known interaction between…", asks nothing)
		for _, st := range text.Terms(parts[len(parts)-1].text) {
			asking[st] = true
		}
		telling = map[string]bool{}
		for _, p := range parts[:len(parts)-1] {
			for _, st := range text.Terms(p.text) {
				telling[st] = true
			}
		}
	}
	if len(asking) == 0 {
		// "a coworker mentioned some 'three seas' thing. what is that":
		// the words quoted are what is asked about
		for _, m := range quotedRe.FindAllStringSubmatch(s, -1) {
			for _, st := range text.Terms(strings.Join(m[1:], " ")) {
				asking[st] = true
			}
		}
	}
	if len(asking) == 0 || len(telling) == 0 {
		return nil
	}
	if len(asking) <= maxBackAsks && backRefAskRe.MatchString(parts[len(parts)-1].text) {
		// "…keeps going on about turkey and the nordic countries teaming
		// up w nato. … what was that proposal?": the question points back
		// at the story, which names what is asked
		return nil
	}
	namedInStory(parts, asking)
	ctx := map[string]bool{}
	for st := range telling {
		if !asking[st] {
			ctx[st] = true
		}
	}
	return ctx
}

// namedInStory adds to asking the words of the story that name what the
// question asks about as "the X": "my cousin keeps bringing up the
// Zaporizhzhia nuclear plant… what will happen to the plant" asks about
// the Zaporizhzhia nuclear plant, which the articles never name.
func namedInStory(parts []chatPart, asking map[string]bool) {
	referred := map[string]bool{}
	for _, p := range parts {
		if !p.asking {
			continue
		}
		toks := text.Tokenize(p.text)
		for i := 1; i < len(toks); i++ {
			if toks[i-1].Word == "the" && !text.IsStopWord(toks[i].Word) {
				referred[text.Stem(toks[i].Word)] = true
			}
		}
	}
	for _, p := range parts {
		if p.asking {
			continue
		}
		toks := text.Tokenize(p.text)
		for i, t := range toks {
			if !referred[text.Stem(t.Word)] {
				continue
			}
			for j := i - 1; j >= 0 && j >= i-maxStoryModifiers; j-- {
				if text.IsStopWord(toks[j].Word) || strings.ContainsAny(p.text[toks[j].End:toks[j+1].Start], ",.;:!?") {
					break
				}
				asking[text.Stem(toks[j].Word)] = true
			}
		}
	}
}

// maxStoryModifiers bounds the words before a noun of the story that name
// it with it.
const maxStoryModifiers = 3

// maxBackAsks bounds the words of a question pointing back at its story
// (see backRefAskRe).
const maxBackAsks = 2

// backRefAskRe: a question pointing back at what the story told ("what
// was that proposal", "what went wrong with it", "does any article
// suggest a fix for that", "is something like that being considered for
// ukraine").
var backRefAskRe = regexp.MustCompile(`(?i)\b(?:that|this|those|these)\s+(?:\pL+\s+)?(?:proposal|idea|plan|thing|stuff|one|deal|part|bit|claim|point|argument|issue)\b|\b(?:something|anything|stuff|things?)\s+(?:like|similar\s+to)\s+(?:that|this|those|these|it)\b|\b(?:with|about|for|of|to|on)\s+(?:it|that|this|them|those)\W*$`)

// askBack marks as asking the claim of the story a question checks: "my
// friend from lviv said the call with macron came right after a huge
// attack. is that right? what was the context of that call" asks about
// the call and the attack, not about some context, nor about Lviv. Only
// the claim is asked: what follows "said", "says"… when the story reports
// it.
func askBack(parts []chatPart) []chatPart {
	for i := 1; i < len(parts); i++ {
		if !parts[i].asking || parts[i-1].asking || !checkingRe.MatchString(parts[i].text) {
			continue
		}
		story := parts[i-1].text
		if m := reportingRe.FindStringIndex(story); m != nil {
			told := chatPart{strings.TrimSpace(story[:m[1]]), false}
			parts = slices.Insert(parts, i-1, told)
			i++
			story = story[m[1]:]
		}
		parts[i-1] = chatPart{story, true}
		// the check's own words ("back that up", "exaggerating") are
		// not what is asked
		parts[i].asking = false
	}
	return parts
}

// checkingRe finds a question asking whether what was just told is so.
var checkingRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|okay|but|and)\W+)?(?:(?:is|was|isnt|isn't|wasnt|wasn't)\s+(?:that|this|it)\s+(?:even\s+|actually\s+|really\s+)?(?:right|true|correct|accurate|legit|real|so|a thing)|(?:true|really|right|legit|fr)\s*\?+|` +
	// "do any of these articles actually back that up", "does it actually say that or is she reaching"
	`(?:do|does|did)\s+(?:\pL+\s+){0,6}?(?:back|support|confirm|say|mention|show)\s+(?:that|this|it)(?:\s+up)?(?:\s+or\s+[^?]*)?|` +
	// "is she right", "is he exaggerating", "who's right"
	`(?:is|are)\s+(?:she|he|they)\s+(?:right|wrong|correct|exaggerating|reaching|lying)(?:\s+or\s+[^?]*)?|who(?:'s|’s|s|\s+is)\s+right)\W*$`)

// reportingRe finds where a story's claim begins after who told it: "my
// friend from lviv said (that) ", "i heard ", "ppl keep saying ".
var reportingRe = regexp.MustCompile(`(?i)^.*?\b(?:said|says|saying|say|told me|tells me|telling me|claims|claimed|claiming|thinks|thought|reckons|swears|insists|insisted|heard|read|reading|saw)\s+(?:that\s+)?`)

// quotedRe finds a phrase of a few words in quotes.
var quotedRe = regexp.MustCompile(`(?:^|\W)'([^']{2,40})'(?:\W|$)|"([^"]{2,40})"|‘([^’]{2,40})’|“([^”]{2,40})”`)

// optionRe finds words written as command-line options or language names
// ("-i", "--force", "c++", "c#"): they are searched even when short or
// common.
var optionRe = guardedRe{regexp.MustCompile(`(?:^|[\s(\[,])--?([A-Za-z0-9][A-Za-z0-9-]*)|\b([A-Za-z])(?:\+\+|#)`), writesOption}

// taskRe finds the verb of a how-to question, the thing the asker wants
// to do: "how do I convert…", "how to trim…", "can I add…", "is it
// possible to catch…".
var taskRe = regexp.MustCompile(`(?i)\b(?:how (?:do|can|could|should|would|will|shall) (?:i|you|we|one|u)|how to|(?:can|could|should|may) (?:i|you|we|one|u)|(?:is|are) (?:it|there a way) (?:possible )?to|ways? to|want to|need to|have to)\s+(\pL+)`)

// whRe matches a question opening with "what" or "how many": its first
// search word is the thing asked for. ("Which broadcaster…" names only the
// kind of answer: the answer, "the BBC", need not say "broadcaster".)
// countRe: whRe asking for a count.
var countRe = regexp.MustCompile(`(?i)^\W*how (?:many|much)\b`)

var whRe = regexp.MustCompile(`(?i)^\W*(what|wat|wht|whats|wats|whts|how (many|much|long|big|large|old|far))\b`)

// whenIsRe asks when a thing is or was, opening the question or a clause
// of it: the words after it name the thing.
var whenIsRe = regexp.MustCompile(`(?i)(?:^|[,.;:!?-]\s)\W*(?:so\s+|and\s+|ok\s+)?when(?:'s|’s|\s+(?:is|are|was|were|will be))\s+`)

// anyThingRe finds a yes/no question asking whether there is any of a
// thing: the words after "any" name it.
var anyThingRe = regexp.MustCompile(`(?i)^\W*(?:(?:has|have|had|did|does|do|is|are|was|were|will|would|can|could)\b[^?]*?\bany\s+|(?:is|are|was|were)\s+there\s+an?\s+)`)

var auxRe = regexp.MustCompile(`^(does|did|do|will|would|can|could|should|has|have|had|might|may|must|shall)$`)

// answerKinds name the kind of answer a "what X" question wants; the
// answer need not repeat them ("what year…" → "in 2014").
var answerKinds = map[string]bool{"year": true, "years": true, "month": true, "months": true, "date": true, "day": true,
	"days": true, "time": true, "number": true, "percentage": true, "percent": true, "amount": true, "size": true,
	"name": true, "names": true, "country": true, "countries": true, "city": true, "place": true, "person": true,
	"role": true, "reason": true, "reasons": true, "figure": true, "figures": true, "total": true, "timeline": true,
	"chronology": true, "point": true, "purpose": true, "job": true, "jobs": true, "task": true, "tasks": true, "status": true}

// causeVerbs ask for a cause after "what" ("what prompted the call",
// "what triggered the talks", "what's driving the urgency").
var causeVerbs = map[string]bool{"prompted": true, "triggered": true, "sparked": true, "caused": true, "motivated": true,
	"drove": true, "spurred": true, "provoked": true, "prompts": true, "triggers": true, "causes": true, "motivates": true,
	"driving": true, "prompting": true, "causing": true, "fueling": true, "fuelling": true, "motivating": true}

// beVerbs: "what is driving…", "what's driving…" ("what" "s").
var beVerbs = map[string]bool{"is": true, "was": true, "are": true, "were": true, "s": true}

// kindModifiers qualify an answer kind ("the main point", "the key
// reason") without naming a subject.
var kindModifiers = map[string]bool{"main": true, "key": true, "central": true, "whole": true, "overall": true, "basic": true, "real": true, "actual": true, "big": true}

// checkedKinds are the answer kinds whose answer the gate checks for
// (a date, a number, a name: see typedSupport), so the word itself need
// not be in the articles: "what's the timeline of the war…" is no question
// about a subject called a timeline.
var checkedKinds = map[string]bool{"year": true, "years": true, "month": true, "months": true, "date": true, "day": true,
	"days": true, "time": true, "timeline": true, "chronology": true, "number": true, "percentage": true, "percent": true,
	"amount": true, "total": true, "figure": true, "figures": true, "name": true, "names": true}

// sourceKinds name the kind of source a "which X" question asks for: the
// answer names it ("The BBC report…", "The analysis from Chatham House…")
// and need not say what it is.
var sourceKinds = map[string]bool{"outlet": true, "outlets": true, "newspaper": true, "newspapers": true,
	"broadcaster": true, "publication": true, "publications": true, "tank": true, "tanks": true}

// sourceWorks: what a kind of source makes, which a passage citing it
// names it by.
var sourceWorks = map[string]string{"tank": "analysis", "tanks": "analysis", "outlet": "report", "outlets": "report",
	"newspaper": "report", "newspapers": "report", "broadcaster": "report", "publication": "report", "publications": "report"}

// citeVerbs tell that an article cites a source: in a question asking
// which source (see sourceKind), no word of the answer.
var citeVerbs = map[string]bool{"cite": true, "cites": true, "cited": true, "citing": true, "quote": true, "quotes": true,
	"quoted": true, "quoting": true, "reference": true, "references": true, "referenced": true, "referencing": true,
	"point": true, "points": true, "pointed": true, "refer": true, "refers": true, "referred": true,
	"mentioned": true, "mentions": true, "mention": true}

// asksSource reports whether a question asks which source (a sourceKind
// word among its words).
func asksSource(toks []text.Token) bool {
	for i := range toks {
		if sourceKind(toks, i) {
			return true
		}
	}
	return false
}

// sourceKind reports whether toks[i] names the kind of source a which /
// what question asks for ("which news outlet", "which think tank's
// analysis"), or is "think" of "think tank".
func sourceKind(toks []text.Token, i int) bool {
	w := toks[i].Word
	if w == "think" && i+1 < len(toks) && (toks[i+1].Word == "tank" || toks[i+1].Word == "tanks") {
		return sourceKind(toks, i+1)
	}
	if !sourceKinds[w] || (w == "tank" || w == "tanks") && (i == 0 || toks[i-1].Word != "think") {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		switch toks[j].Word {
		case "which", "what", "wat", "wich":
			return true
		}
	}
	return false
}

// timeKinds are the answer kinds a date answers.
var timeKinds = map[string]bool{"year": true, "years": true, "month": true, "months": true, "date": true, "day": true, "days": true, "time": true}

// focusStems returns the stems of the first run of search words after
// the question word, up to the next stop word: the phrase naming what is
// asked for ("the exact calendar date of…" → exact, calendar, date). For
// a count (counted: "how many…"), a verb ends the phrase.
func focusStems(toks []text.Token, counted bool) []string {
	var out []string
	kind := false
	for i, t := range toks {
		if answerKinds[t.Word] {
			kind = true
			continue // "what year…", "what percentage…": the kind of answer, not its subject
		}
		if kindModifiers[t.Word] && i+1 < len(toks) && answerKinds[toks[i+1].Word] {
			continue // "the main point": what qualifies the kind is none either
		}
		if t.Word == "s" && len(out) > 0 && i > 0 && t.Start-toks[i-1].End <= len("’") {
			continue // "ukraine's elections": the thing is the elections
		}
		if text.IsStopWord(t.Word) || len(t.Word) < 2 {
			if kind && len(out) == 0 && auxRe.MatchString(t.Word) {
				break // "what year did ukraine give up…": the year is what is asked for
			}
			if len(out) > 0 {
				// "how many nato soldiers guard the baltic states": a word
				// followed by a determiner is the verb, not the thing asked for
				if len(out) > 1 && determiners[t.Word] && i > 0 {
					out = out[:len(out)-1]
				}
				break
			}
			continue
		}
		if c := text.WordClasses(t.Word); counted && (len(out) > 0 || kind) && strings.ContainsRune(c, 'v') && !strings.ContainsAny(c, "na") {
			break // "how many countries came to…": the thing is countries, not their coming
		}
		out = append(out, text.Stem(t.Word))
	}
	return out
}

// discourseRe finds a phrase that places the question, not its subject:
// "why are prisoner exchanges important in this context" is not asking
// about the "Broader Context of the War".
var discourseRe = regexp.MustCompile(`(?i)\b(?:in|under)\s+(?:this|that|these|those|such an?|the current|the present)\s+(?:context|case|situation|scenario|regard|respect|circumstances?)\b`)

// chatMetaRe finds what a chat message says of the chat itself: "came in
// late to this channel sorry, scrolled up and someone mentioned…", "new
// here", "first time posting", and of the asker's memory ("i forgot",
// "asking for a friend"). It names nothing the articles tell of.
var chatMetaRe = regexp.MustCompile(`(?i)\b(?:(?:just\s+)?came\s+in\s+late|late\s+to\s+the\s+party|scroll(?:ed|ing)\s+(?:up|back)|(?:in|to|on|of)\s+(?:this|the|another|other)\s+(?:channel|server|discord|thread|chat|group\s+chat)|new\s+here|first[\s-]+time\s+(?:post(?:er|ing)?|here)|\bi\s+(?:totally\s+|kinda\s+|just\s+|completely\s+)?(?:forgot|forget|(?:don'?t|do\s+not|can'?t|cannot)\s+remember|blanked)|asking\s+for\s+a\s+friend|sorry(?:\s+if\s+this\s+(?:was|has\s+been|is)\s+(?:asked|answered)(?:\s+already|\s+before)?)?)\b`)

// collectionRefRe finds where a question says it asks the whole
// collection ("across the articles", "in all of these pieces"): "across"
// is no word of the answer ("defense spending across EU states").
var collectionRefRe = guardedRe{regexp.MustCompile(`(?i)\b(?:across|throughout|among|between|in|from|of)\s+(?:all\s+)?(?:of\s+)?(?:the|these|those|ur|your|all)\s+(?:(?:other|different|above|five|\d+)\s+)?(?:articles|pieces|sources|docs|documents|texts|stories|reports)\b`), namesCollection}

// thousandsRe: a number written with k for thousands ("300k", "5k").
var (
	thousandsRe      = guardedRe{regexp.MustCompile(`(?i)(^|[^\d,.])(\d{1,3})k\b`), writesThousands}
	rangeThousandsRe = guardedRe{regexp.MustCompile(`(^|[^\d,.])(\d{1,3})(\s*(?:-|–|to)\s*\d{1,3},000)\b`), writesThousandsRange}
)

// docNounWords name an article, and docVerbs what one does with its
// subject ("the paris article talks about…", "the piece mentions…").
var (
	docNounWords = map[string]bool{"article": true, "articles": true, "piece": true, "pieces": true, "story": true, "stories": true, "report": true, "op-ed": true}
	docVerbs     = map[string]bool{"talks": true, "talk": true, "talked": true, "mentions": true, "mention": true, "mentioned": true,
		"discusses": true, "discuss": true, "discussed": true, "describes": true, "describe": true, "described": true,
		"covers": true, "cover": true, "covered": true}
)

// docPhrasalRe finds a docVerb of two words in a yes/no question about the
// articles: "did one of the articles bring up the un charter" asks whether
// they mention it; it is dropped before "of the articles" is
// (collectionRefRe). "Which articles bring up…" is the catalog's.
var docPhrasalRe = regexp.MustCompile(`(?i)\b((?:did|do|does|has|have)\s+(?:(?:any|one|some|either|each|all|none)\s+of\s+)?(?:the|these|those|ur|your|any)\s+(?:articles?|pieces?|stories|story|reports?|op-?eds?))\s+(?:ever\s+|even\s+|actually\s+)?(?:bring|brings|brought|touch|touches|touched)\s+(?:up|on)\b`)

// writeThousands writes chat's thousands as the articles do: "300k" is
// 300,000, "15-20k" 15,000-20,000.
func writeThousands(s string) string {
	s = thousandsRe.ReplaceAllString(s, "${1}${2},000")
	return rangeThousandsRe.ReplaceAllString(s, "${1}${2},000$3")
}

var whWords = map[string]bool{"what": true, "how": true, "why": true, "when": true, "where": true, "who": true, "which": true, "wat": true, "wht": true, "hw": true}

// swappedAux reports whether w is an auxiliary verb with two letters
// swapped ("dose", "si", "aer"), which after a question word is a typo
// even when it is a word of its own.
func swappedAux(w string) bool {
	for _, aux := range []string{"does", "did", "is", "are", "was", "were", "can", "will", "would", "could", "should", "has", "have"} {
		if len(aux) == len(w) && w != aux && swapped(w, aux) {
			return true
		}
	}
	return false
}

// layingOut are the verbs that, before "out", mean "say" or "list".
var layingOut = map[string]bool{"lay": true, "lays": true, "laid": true, "set": true, "sets": true, "spell": true,
	"spells": true, "spelled": true, "spelt": true, "point": true, "points": true, "pointed": true}

// keeping and hearsay: "people keep saying / hearing / reading that…"
// tells where a claim comes from, as "they say" does.
var (
	keeping = map[string]bool{"keep": true, "keeps": true, "kept": true}
	hearsay = map[string]bool{"saying": true, "hearing": true, "reading": true, "seeing": true, "telling": true, "asking": true, "talking": true}
)

// tellers marks the words naming someone the asker knows ("my friend",
// "my history teacher", "my older brother"), a person noun after "my"
// with the words between, and the verb of their telling (tellingRe, "my
// uncle swears that…", "my uncle keeps…"): who told the asker something, not what is asked ("my friend
// says the west did nothing when russia took crimea"). A leader or an
// official after "my" ("my president") is left: a country's, not an
// acquaintance.
func tellers(toks []text.Token) map[int]bool {
	var out map[int]bool
	for i, t := range toks {
		if !text.PersonNoun(t.Word) || leaderNouns[t.Word] || speakerNouns[t.Word] {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-1-maxTellerModifiers; j-- {
			if toks[j].Word == "my" {
				if out == nil {
					out = map[int]bool{}
				}
				for k := j + 1; k <= i; k++ {
					out[k] = true
				}
				if end := fromPlace(toks, i); end > i {
					// "my friend from lyon was telling me": where they
					// are from is no place asked about
					for k := i + 1; k <= end; k++ {
						out[k] = true
					}
				}
				if i+1 < len(toks) && (tellingRe.MatchString(toks[i+1].Word) || keeping[toks[i+1].Word]) {
					out[i+1] = true
				}
				break
			}
			if text.IsStopWord(toks[j].Word) {
				break
			}
		}
	}
	return out
}

// fromPlace returns where "from <place>" after a teller's noun ends when
// their telling follows ("my friend from lyon was telling me", "my cousin
// from new york says"), i when it does not.
func fromPlace(toks []text.Token, i int) int {
	if i+2 >= len(toks) || toks[i+1].Word != "from" {
		return i
	}
	for end := i + 2; end <= i+3 && end+1 < len(toks); end++ {
		if text.IsStopWord(toks[end].Word) {
			return i
		}
		next := toks[end+1].Word
		if next == "was" || next == "is" || tellingRe.MatchString(next) || keeping[next] {
			return end
		}
	}
	return i
}

// maxTellerModifiers bounds the words between "my" and the person noun
// ("my poli sci prof").
const maxTellerModifiers = 2

// sortWords ask for things by their sort ("what kinds of support").
var sortWords = map[string]bool{"kind": true, "kinds": true, "type": true, "types": true, "sort": true, "sorts": true}

var determiners = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true, "these": true,
	"those": true, "their": true, "its": true, "his": true, "her": true, "our": true, "my": true, "your": true}

// BuildQuery turns user text into an FTS5 query. Every word is a quoted
// string, so operators (AND, OR, NOT, NEAR), quotes, parentheses, colons,
// asterisks, carets and any Unicode in the text are plain words to FTS5 and
// can never cause a syntax error. Stop words, chat filler and one-letter
// words are dropped, except words written as options ("-i"); "the us" is
// the country. At most MaxQueryTerms words are kept. It returns ErrNoTerms
// when nothing searchable is left.
func BuildQuery(s string) (Query, error) {
	s = text.Unstretch(s) // "lmaooo" is chat's "lmao"
	s = text.TrimChat(s)  // "wait so is ukraine getting into nato": not a wait
	s = docPhrasalRe.ReplaceAllString(s, "$1")
	s = collectionRefRe.ReplaceAllString(s, " ")
	s = discourseRe.ReplaceAllString(s, " ")
	s = chatMetaRe.ReplaceAllString(s, " ")
	s = writeThousands(s)
	keep := map[string]bool{}
	for _, m := range optionRe.FindAllStringSubmatch(s, -1) {
		for _, w := range m[1:] {
			for _, t := range text.Tokenize(w) {
				keep[t.Word] = true
			}
		}
	}
	var q Query
	seen := map[string]bool{}
	toks := text.Tokenize(s)
	teller := tellers(toks)
	for i, t := range toks {
		w := t.Word
		if teller[i] {
			continue // "my history teacher said…": who told the asker, not what is asked
		}
		country := w == "us" && (s[t.Start:t.End] == "US" || i > 0 && toks[i-1].Word == "the" || usBeforeNoun(toks, i) || usBesidePlace(toks, i))
		if !keep[w] && !country && (len([]rune(w)) < 2 && !isDigit(w) && !isCJK(w) || text.IsStopWord(w)) || len(w) > 64 {
			continue
		}
		if i > 0 && (toks[i-1].Word == "what" || toks[i-1].Word == "which" || toks[i-1].Word == "wat") && answerKinds[w] && timeKinds[w] {
			continue // "what year did…": the answer is "in 1994", it need not say "year"
		}
		if causeVerbs[w] && (i > 0 && (toks[i-1].Word == "what" || toks[i-1].Word == "whats" || toks[i-1].Word == "wat") ||
			i > 1 && toks[i-2].Word == "what" && beVerbs[toks[i-1].Word]) {
			continue // "what prompted the call": asks why, as "why" does, in no word of the answer
		}
		if i > 0 && whWords[toks[i-1].Word] && swappedAux(w) && (i+1 == len(toks) || toks[i+1].Word != "of") {
			continue // "what dose russia want": "does" mistyped
		}
		if sourceKind(toks, i) {
			// "which think tank…", "which outlet reported it": the kind of
			// source asked for, named by the answer, which tells what it
			// made ("The analysis from Chatham House…", "The BBC report…")
			if w = sourceWorks[w]; w == "" {
				continue
			}
		}
		if citeVerbs[w] && asksSource(toks) {
			continue // "which think tank gets cited": the article's citing, no word of the answer
		}
		if i > 0 && docNounWords[toks[i-1].Word] && docVerbs[w] {
			continue // "the losses the breaking news article talks about": the article's telling, no word of the answer
		}
		if (w == "relative" || w == "relatively") && i+1 < len(toks) && toks[i+1].Word == "to" ||
			w == "compared" && i+1 < len(toks) && (toks[i+1].Word == "to" || toks[i+1].Word == "with") {
			continue // "when was the meeting relative to the call": a comparison, no word of its answer
		}
		if i+1 < len(toks) && toks[i+1].Word == "out" && layingOut[w] {
			continue // "does the article lay out…": a way of asking, like "say"
		}
		if i+1 < len(toks) && keeping[w] && hearsay[toks[i+1].Word] {
			continue // "ppl keep saying…": what is said, not a keeping
		}
		if sortWords[w] && i > 0 && (whWords[toks[i-1].Word] || toks[i-1].Word == "whats") && i+1 < len(toks) && toks[i+1].Word == "of" {
			continue // "what kinds of setups…": the setups asked for, not a kind
		}
		if w == "back" && backInTime(toks[i+1:]) {
			continue // "back in 94": when, as "in 1994" says it
		}
		st := text.Stem(w)
		if st != w && text.IsStopWord(st) && i+1 < len(toks) && toks[i+1].Word == "to" {
			// "is trump willing to send troops": "willing" is stemmed
			// "will", found in every passage telling what will happen; what
			// he is willing to do is what is asked ("coalition of the
			// willing" keeps it)
			continue
		}
		if seen[st] {
			if q.tf == nil {
				q.tf = map[string]int{}
			}
			q.tf[st]++
			continue
		}
		seen[st] = true
		q.Words = append(q.Words, w)
		q.Stems = append(q.Stems, st)
		if key := phraseAt(toks, i); key != "" {
			if q.phrases == nil {
				q.phrases = map[string]string{}
			}
			q.phrases[w] = key
		}
		if len(q.Words) == MaxQueryTerms {
			break
		}
	}
	if len(q.Words) == 0 {
		return Query{}, ErrNoTerms
	}
	q.joined = hyphenJoined(s, toks, q.Stems)
	q.years = fullYears(s, toks)
	q.didAsk = didAsked(toks)
	numberedParts(&q, toks)
	q.shape(s)
	q.build()
	return q, nil
}

// partNouns name a numbered part of a text: "article 5", "section 2".
var partNouns = map[string]bool{"article": true, "articel": true, "artical": true, "section": true, "clause": true, "chapter": true, "paragraph": true}

// numberedParts searches a number a question writes after a part noun
// ("nato's article 5") as that part too: "article" is a stop word (a
// question's articles are the collection's), and the number alone finds
// "fewer than 5,000 NATO troops" as readily as "NATO’s Article 5".
func numberedParts(q *Query, toks []text.Token) {
	for i := 1; i < len(toks); i++ {
		w := toks[i].Word
		if !partNouns[toks[i-1].Word] || !isDigit(w) || !slices.Contains(q.Words, w) {
			continue
		}
		if q.aliases == nil {
			q.aliases = map[string][]string{}
		}
		part := "article"
		if toks[i-1].Word != "articel" && toks[i-1].Word != "artical" {
			part = toks[i-1].Word
		}
		q.aliases[w] = append(q.aliases[w], part+" "+w)
	}
}

// phraseAt returns the WordNet phrase of two or three words holding
// toks[i] ("beefing up", "drawn out", "foot the bill"), by its words'
// stems, the longest first; "" when there is none.
func phraseAt(toks []text.Token, i int) string {
	for _, n := range []int{3, 2} {
		for start := max(i-n+1, 0); start <= i && start+n <= len(toks); start++ {
			st := make([]string, n)
			for k := range st {
				st[k] = text.Stem(toks[start+k].Word)
			}
			if key := strings.Join(st, " "); text.PhraseSynonyms(key) != nil {
				return key
			}
		}
	}
	return ""
}

// shape reads what the question s asks for, beyond its words: the kind of
// answer, its focus, what it defines or asks how to do, the words of the
// story around it.
func (q *Query) shape(s string) {
	q.task, q.focus, q.askedAny = nil, nil, false
	q.context = contextStems(s)
	q.kind = classify(s)
	q.define = definitionSubject(s)
	for _, m := range taskRe.FindAllStringSubmatch(s, -1) {
		if q.task == nil {
			q.task = map[string]bool{}
		}
		q.task[strings.ToLower(m[1])] = true
	}
	if whatHasRe.MatchString(s) {
		// "whats the european defence initiative done so far" is "what has…
		// done": a deed asked, no thing named after "what"
	} else if whRe.MatchString(s) {
		rest := text.Tokenize(s)[len(text.Tokenize(whRe.FindString(s))):]
		// "what does X cover?" asks about X's doing, not for a thing named
		// after "what": only "what is the X", "what X", "how many X" do.
		if len(rest) > 0 && !auxRe.MatchString(rest[0].Word) {
			q.focus = focusStems(rest, countRe.MatchString(s))
		}
	} else if m := whenIsRe.FindStringIndex(s); m != nil {
		// "when are ukraine's elections": the thing whose time is asked,
		// up to a verb ("when was crimea taken": Crimea)
		toks := text.Tokenize(s[m[1]:])
		for i, t := range toks {
			if c := text.WordClasses(t.Word); i > 0 && strings.ContainsRune(c, 'v') && !strings.ContainsRune(c, 'n') {
				toks = toks[:i]
				break
			}
		}
		q.focus = focusStems(toks, false)
	} else if m := anyThingRe.FindStringIndex(s); m != nil {
		// "has the icc issued any arrest warrants": the thing asked after
		q.focus, q.askedAny = focusStems(text.Tokenize(s[m[1]:]), false), true
	}
}

// usOpeners are the words after which "us" before a noun is the country
// ("how many us troops", "what did us officials say"), not the pronoun
// ("tell us about", "give us troops").
var usOpeners = map[string]bool{"many": true, "much": true, "did": true, "does": true, "do": true, "is": true, "are": true,
	"was": true, "were": true, "will": true, "would": true, "can": true, "could": true, "should": true, "has": true,
	"have": true, "and": true, "or": true, "vs": true, "what": true, "which": true, "whats": true, "wat": true, "why": true,
	"how": true, "when": true, "where": true, "a": true, "any": true, "no": true}

// usBesidePlace reports whether toks[i], "us", is set beside a place
// ("us vs europe", "europe or us", "the uk and us"): the country.
func usBesidePlace(toks []text.Token, i int) bool {
	place := func(w string) bool {
		return isCountry(w) || text.Place(w) || len(text.Demonyms(w)) > 0 || w == "uk" || w == "eu" || w == "nato"
	}
	// (not the object of a verb: "tell us and europe")
	if i+2 < len(toks) && sideJoins[toks[i+1].Word] && place(toks[i+2].Word) && (i == 0 || !strings.ContainsRune(text.WordClasses(toks[i-1].Word), 'v')) {
		return true
	}
	return i >= 2 && sideJoins[toks[i-1].Word] && place(toks[i-2].Word)
}

// sideJoins join two things set side by side.
var sideJoins = map[string]bool{"vs": true, "versus": true, "or": true, "and": true, "v": true}

// usBeforeNoun reports whether toks[i], "us", is the country modifying the
// noun after it.
func usBeforeNoun(toks []text.Token, i int) bool {
	next := toks[i+1:]
	if len(next) == 0 || text.IsStopWord(next[0].Word) ||
		strings.HasSuffix(next[0].Word, "s") && len(text.Demonyms(strings.TrimSuffix(next[0].Word, "s"))) > 0 {
		return false // "us europeans": the pronoun ("us-russian talks": the country)
	}
	if i > 0 && (toks[i-1].Word == "have" || toks[i-1].Word == "has") && i+2 < len(toks) && text.WordClasses(next[0].Word) == "v" {
		return false // "they would have us believe": the pronoun
	}
	// typed as keywords ("paris summit us role"), unless after a verb
	// opening a request ("give us troops")
	return i == 0 || usOpeners[toks[i-1].Word] ||
		keywords(toks, i) && (i > 1 || !strings.Contains(text.WordClasses(toks[0].Word), "v"))
}

// keywords reports whether toks, but for the word at skip, are all
// search words, at most six: a query typed as keywords.
func keywords(toks []text.Token, skip int) bool {
	for i, t := range toks {
		if i != skip && text.IsStopWord(t.Word) {
			return false
		}
	}
	return len(toks) <= 6
}

// build derives the synonyms and the MATCH expression from Words and Stems.
func (q *Query) build() {
	seen := make(map[string]bool, len(q.Stems))
	for _, st := range q.Stems {
		seen[st] = true
	}
	q.Alt, q.terms, q.loose = nil, nil, nil
	for i, w := range q.Words {
		q.terms = append(q.terms, matchTerm{q.Stems[i], w})
		syns := text.Synonyms(w)
		if p, ok := strings.CutSuffix(w, "s"); ok && syns == nil && text.NameLike(q.Stems[i]) {
			syns = text.Synonyms(p) // a name's possessive typed without its apostrophe: "kyivs leader"
		}
		if i+1 < len(q.Words) && eventNouns[q.Words[i+1]] && slices.ContainsFunc(syns, isCountry) {
			syns = nil // "the london summit" is in London, not the U.K.'s
		}
		own := append(append(slices.Clip(syns), q.aliases[w]...), text.Demonyms(w)...)
		if adj := text.CompassAdjective(w); adj != "" {
			own = append(own, adj) // "the west" finds "Western powers"
		}
		if v := text.SpellingVariant(w); v != "" && text.Stem(v) != q.Stems[i] {
			own = append(own, v) // "defence" finds "defense"
		}
		own = append(own, text.Comparatives(w)...) // "few" finds "fewer"
		for k, syn := range append(own, q.more[w]...) {
			st := strings.Join(stemSeq(syn), " ")
			if st == "" || seen[st] && !(slices.Contains(q.aliases[w], syn) && !slices.Contains(q.Stems, st) && !slices.Contains(q.Alt[q.Stems[i]], st)) {
				continue
			}
			if seen[st] { // a name that stands for several words ("black sea peninsula"): searched once
				q.addAlt(q.Stems[i], st)
				continue
			}
			seen[st] = true
			if k >= len(own) {
				if q.loose == nil {
					q.loose = map[string]bool{}
				}
				q.loose[st] = true
			}
			q.addAlt(q.Stems[i], st)
			q.terms = append(q.terms, matchTerm{q.Stems[i], syn})
		}
		// A verb's action noun ("convert", "conversion") counts for it in
		// the gate and the choice of sentences. It is searched only for
		// the task of a how-to question ("how do i convert a string to an
		// int" finds strconv's "Numeric Conversions"): searched for every
		// word it cost SciFact 0.003 nDCG@10 (0.0012 for verbs' nouns
		// only), whose claims state findings and ask no how-to.
		for _, d := range text.Derivations(w) {
			if st := text.Stem(d); !seen[st] {
				seen[st] = true
				q.addAlt(q.Stems[i], st)
				if q.task[w] && slices.Contains(text.ActionNouns(w), d) {
					q.terms = append(q.terms, matchTerm{q.Stems[i], d})
				}
			}
		}
	}
	// other spellings of a name or compound: "il-6" is also written
	// "il6", "foxo3a" names a member of "foxo" (see hyphenJoined and
	// letterStem)
	add := func(i int, form string) {
		if st := text.Stem(form); form != "" && !seen[st] {
			seen[st] = true
			q.addAlt(q.Stems[i], st)
			q.terms = append(q.terms, matchTerm{q.Stems[i], form})
		}
	}
	for i, w := range q.Words {
		add(i, letterStem(w))
		for _, y := range decadeYears(w) {
			add(i, y) // "in the 90s" is "in 1994"
		}
		add(i, q.years[w]) // "back in 94"
		if q.didAsk[w] {
			for _, f := range text.IrregularForms(q.Stems[i]) {
				add(i, f) // "did trump meet with both sides" finds "Trump met with both"
			}
		}
	}
	for i := range q.Words {
		for _, j := range q.joined[q.Stems[i]] {
			add(i, j)
		}
	}
	q.Match = q.matchWithout(nil)
}

// didAsked returns the verbs a question asks of the past with "did": the
// base form after "did" and at most three words of its subject ("did
// trump meet", "who did the europeans meet"), not "would lead".
func didAsked(toks []text.Token) map[string]bool {
	var out map[string]bool
	for i, t := range toks {
		if t.Word != "did" && t.Word != "didnt" {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+4; j++ {
			if w := toks[j].Word; len(text.IrregularForms(text.Stem(w))) > 0 {
				if out == nil {
					out = map[string]bool{}
				}
				out[w] = true
				break
			}
		}
	}
	return out
}

// eventNouns name an event a place names: "the london summit", "the
// moscow talks" happened there, whoever took part.
var eventNouns = map[string]bool{"summit": true, "summits": true, "meeting": true, "meetings": true, "talks": true,
	"conference": true, "conferences": true, "forum": true, "format": true, "declaration": true, "process": true}

// addAlt records alt as another form of the question stem st.
func (q *Query) addAlt(st, alt string) {
	if q.Alt == nil {
		q.Alt = map[string][]string{}
	}
	q.Alt[st] = append(q.Alt[st], alt)
}

var decadeRe = regexp.MustCompile(`^(1[5-9]|20)?([0-9])0s$`)

var decadeWords = map[string]string{"thirties": "3", "forties": "4", "fifties": "5",
	"sixties": "6", "seventies": "7", "eighties": "8", "nineties": "9"}

// decadeYears returns the years of a decade a word names ("90s",
// "1990s", "nineties": 1990 to 1999), which the articles write as years
// ("Under the 1994 Budapest deal"); nil for another word and for a
// century ("1800s"). A decade without its century is the last century's
// from the thirties on, this one's before ("the 20s" are the 2020s;
// "twenties" is left alone: more often an age).
func decadeYears(w string) []string {
	century, decade := "", ""
	if m := decadeRe.FindStringSubmatch(w); m != nil {
		if m[1] != "" && m[1] != "20" && m[2] == "0" {
			return nil // "the 1800s" is a century; "the 2000s" a decade
		}
		century, decade = m[1], m[2]
	} else if d, ok := decadeWords[w]; ok {
		decade = d
	} else {
		return nil
	}
	if century == "" {
		century = "19"
		if decade < "3" {
			century = "20"
		}
	}
	years := make([]string, 10)
	for i := range years {
		years[i] = fmt.Sprintf("%s%s%d", century, decade, i)
	}
	return years
}

// fullYears returns the years a question writes with two digits after a
// word of time ("back in 94", "since 14", "in '22") in full: 1994, 2014,
// 2022 (19xx from 30 on); not "94 troops".
func fullYears(s string, toks []text.Token) map[string]string {
	var m map[string]string
	for i, t := range toks {
		if len(t.Word) != 2 || t.Word[0] < '0' || t.Word[0] > '9' || t.Word[1] < '0' || t.Word[1] > '9' || i == 0 {
			continue
		}
		if i+1 < len(toks) && toks[i+1].Start == t.End+1 && !text.IsStopWord(toks[i+1].Word) {
			continue // "in 94 days": a count of something
		}
		if !yearLeads[toks[i-1].Word] && !strings.HasSuffix(s[:t.Start], "'") && !strings.HasSuffix(s[:t.Start], "’") {
			continue
		}
		century := "19"
		if t.Word < "30" {
			century = "20"
		}
		if m == nil {
			m = map[string]string{}
		}
		m[t.Word] = century + t.Word
	}
	return m
}

// backInTime reports whether the words after "back" tell a time past:
// "in 94", "in 2014", "in the 90s", "then".
func backInTime(next []text.Token) bool {
	if len(next) > 0 && next[0].Word == "then" {
		return true
	}
	if len(next) < 2 || next[0].Word != "in" && next[0].Word != "around" && next[0].Word != "during" {
		return false
	}
	w := next[1].Word
	if w == "the" && len(next) > 2 {
		w = next[2].Word
	}
	return isYearLike(w)
}

// isYearLike reports whether w is a year or a decade: "94", "1994",
// "90s", "'90s", "nineties".
func isYearLike(w string) bool {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "s"), "'")
	if len(w) != 2 && len(w) != 4 {
		return decadeYears(w+"s") != nil
	}
	for _, c := range w {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// yearLeads come before a year.
var yearLeads = map[string]bool{"in": true, "since": true, "from": true, "until": true, "till": true, "til": true, "of": true, "by": true, "before": true, "after": true}

// hyphenJoined returns the words of s joined by hyphens ("il-6",
// "pro-inflammatory") written without them, by the stem of their first
// search word: the same name or compound is often written both ways
// (SciFact's abstracts: "proinflammatory" 88 times, "pro-inflammatory"
// 41). Measured: SciFact train nDCG@10 0.7022 → 0.7030, with letterStem
// 0.7043 (test 0.6945 → 0.6964); ArguAna and every QA set unchanged.
func hyphenJoined(s string, toks []text.Token, stems []string) map[string][]string {
	var out map[string][]string
	for i := 0; i < len(toks); {
		j := i
		for j+1 < len(toks) && s[toks[j].End:toks[j+1].Start] == "-" {
			j++
		}
		if j > i {
			var b strings.Builder
			stem := ""
			for _, t := range toks[i : j+1] {
				b.WriteString(t.Word)
				if st := text.Stem(t.Word); stem == "" && slices.Contains(stems, st) {
					stem = st
				}
			}
			if stem != "" && len(b.String()) <= 64 {
				if out == nil {
					out = map[string][]string{}
				}
				out[stem] = append(out[stem], b.String())
			}
		}
		i = j + 1
	}
	return out
}

// letterStemRe finds a name of letters then a number ("foxo3a", "apoe4",
// "sirt1"): a member or variant of the family the letters name.
var letterStemRe = regexp.MustCompile(`^([a-z]{4,})[0-9]+[a-z]?$`)

// letterStem returns the letters of such a name, "" for other words.
func letterStem(w string) string {
	if m := letterStemRe.FindStringSubmatch(w); m != nil {
		return m[1]
	}
	return ""
}

// widen adds synonyms for Words[i], searched with it; loose ones (from
// WordNet) do not count for it in the gate, aliases do.
func (q *Query) widen(i int, syns []string, loose bool) {
	src := &q.aliases
	if loose {
		src = &q.more
	}
	m := make(map[string][]string, len(*src)+1)
	for w, s := range *src {
		m[w] = s
	}
	m[q.Words[i]] = append(append([]string(nil), m[q.Words[i]]...), syns...)
	*src = m
	q.build()
}

// derivedNouns returns the nouns derived from an adjective by a suffix
// ("present" → "presence", "independent" → "independence"): "is moscow
// against nato being present" is answered by "opposed any NATO presence".
// Not its other quality nouns ("absent" → "being"). They count for a yes/no
// question's predicate only (see predicateFound): "prior" is no "priority"
// in "what happened prior to the summit".
func derivedNouns(w string) []string {
	var out []string
	for _, n := range text.Qualities(w) {
		if len(n) > len(w)-2 && len(w) >= 5 && n[:len(w)-2] == w[:len(w)-2] {
			out = append(out, n)
		}
	}
	return out
}

// bridged reports whether alt, a synonym of a question word, came from
// WordNet: it helps find passages and sentences but does not stand for the
// word in the gate, since a word's other senses are often unrelated
// ("password" → "word", "population" → "universe").
func (q Query) bridged(alt string) bool { return q.loose[alt] }

// respell searches fix (a word FTS5 stems to stem) instead of Words[i].
func (q *Query) respell(i int, stem, fix string) {
	if fix == "" { // filler: drop the word
		q.Words = append(q.Words[:i:i], q.Words[i+1:]...)
		q.Stems = append(q.Stems[:i:i], q.Stems[i+1:]...)
		q.build()
		return
	}
	for j, st := range q.Stems {
		if j != i && st == stem { // already asked for: drop the misspelling
			q.Words = append(q.Words[:i:i], q.Words[i+1:]...)
			q.Stems = append(q.Stems[:i:i], q.Stems[i+1:]...)
			q.build()
			return
		}
	}
	if q.Corrected == nil {
		q.Corrected = map[string]string{}
	}
	q.Corrected[q.Words[i]] = fix
	q.readAs(q.Words[i], fix)
	q.Words = append([]string(nil), q.Words...)
	q.Stems = append([]string(nil), q.Stems...)
	q.Words[i], q.Stems[i] = fix, stem
	q.build()
}

// readAsWord reads question word i as w: dropped when w is a stop word and
// other words remain ("hw" is how), searched as w otherwise ("ppl" is
// people). It reports whether word i left the query, so that a caller
// walking the words steps back.
func (q *Query) readAsWord(i int, w string) (dropped bool) {
	n := len(q.Stems)
	if text.IsStopWord(w) && n > 1 {
		q.readAs(q.Words[i], w)
		q.respell(i, "", "")
	} else {
		q.respell(i, text.Stem(w), w)
	}
	return len(q.Stems) < n
}

// guess records that the question word was read as another by a guess.
func (q *Query) guess(word string) {
	if q.guessed == nil {
		q.guessed = map[string]bool{}
	}
	q.guessed[word] = true
}

// readAs records that the question word was read as another word.
func (q *Query) readAs(word, as string) {
	if q.read == nil {
		q.read = map[string]string{}
	}
	q.read[word] = as
}

// readStopWord reports whether a question word was read as a stop word
// ("mnay" as "many").
func (q Query) readStopWord() bool {
	for _, as := range q.read {
		if text.IsStopWord(as) {
			return true
		}
	}
	return false
}

// reread returns the question's text with the words read as others
// replaced by them ("waht exatc date was the sumit" → "what exact date was
// the summit"): the answer kinds and the gate's checks read the question
// as it was meant.
func (q Query) reread(s string) string {
	if len(q.read) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, t := range text.Tokenize(s) {
		if as, ok := q.read[t.Word]; ok {
			b.WriteString(s[last:t.Start])
			b.WriteString(as)
			last = t.End
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// matchTerm is one quoted word of the MATCH expression and the query stem
// it stands for (a synonym stands for its word's stem).
type matchTerm struct{ stem, word string }

// matchWithout is the MATCH expression without the words (and synonyms)
// of the given stems.
func (q Query) matchWithout(drop map[string]bool) string {
	var parts []string
	for _, t := range q.terms {
		if drop[t.stem] {
			continue
		}
		quoted := `"` + strings.ReplaceAll(t.word, `"`, `""`) + `"`
		parts = append(parts, quoted)
		// FTS5's bm25 sums over the query's phrases: a word the question
		// repeats is matched once per repeat, up to maxRepeats.
		if len(q.Stems) >= minRepeatWords && text.Stem(t.word) == t.stem {
			for range min(q.tf[t.stem], maxRepeats) {
				parts = append(parts, quoted)
			}
		}
	}
	return strings.Join(parts, " OR ")
}

// Repeated words. In a long query (a pasted argument) a word repeated is a
// word that matters; short questions rarely repeat on purpose. Measured
// (docs/BENCHMARKS.md): ArguAna nDCG@10 0.4348 → 0.4803, SciFact test
// 0.6913 → 0.6938 (train 0.7024 → 0.7014); the dev questions unchanged.
const (
	minRepeatWords = 10 // search words a query needs before repeats count
	maxRepeats     = 20 // extra matches a repeated word gets at most
)

// searchedIn returns the stems of the words of s that the query searches,
// in order.
func (q Query) searchedIn(s string) []string {
	var out []string
	for _, st := range text.Terms(s) {
		if slices.Contains(q.Stems, st) {
			out = append(out, st)
		}
	}
	return out
}

func isDigit(w string) bool { return len(w) == 1 && w[0] >= '0' && w[0] <= '9' }

// present returns the question stems that occur in a sequence of stems,
// directly or through a synonym (a several-word synonym in a row), WordNet
// bridges left out (see bridged).
func (q Query) present(seq []string) map[string]bool { return q.presentIn(seq, false) }

// presentLoose is present with WordNet bridges counting too.
func (q Query) presentLoose(seq []string) map[string]bool { return q.presentIn(seq, true) }

func (q Query) presentIn(seq []string, loose bool) map[string]bool {
	want := make(map[string][]string, len(q.Stems))
	for _, s := range q.Stems {
		want[s] = []string{s}
	}
	for s, vs := range q.spellings {
		for _, v := range vs {
			want[v] = append(want[v], s)
		}
	}
	var phrases [][2]string // canonical stem, phrase
	for s, alts := range q.Alt {
		for _, a := range alts {
			if !loose && q.loose[a] {
				continue
			}
			if strings.Contains(a, " ") {
				phrases = append(phrases, [2]string{s, a})
			} else if c := want[a]; len(c) == 0 || c[0] != a {
				want[a] = append(c, s) // one name may stand for several words ("black sea peninsula")
			}
		}
	}
	got := map[string]bool{}
	for _, s := range seq {
		for _, c := range want[s] {
			got[c] = true
		}
		for _, c := range want[text.IrregularBase(s)] {
			got[c] = true // "did they meet" finds "they met"
		}
	}
	for _, p := range phrases {
		if !got[p[0]] && containsRun(seq, strings.Fields(p[1])) {
			got[p[0]] = true
		}
	}
	return got
}

// containsRun reports whether run occurs in seq as consecutive elements.
func containsRun(seq, run []string) bool {
	for i := 0; i+len(run) <= len(seq); i++ {
		j := 0
		for j < len(run) && seq[i+j] == run[j] {
			j++
		}
		if j == len(run) {
			return true
		}
	}
	return false
}

// allStems returns the question's stems and their one-word synonyms' stems.
func (q Query) allStems() []string {
	out := append([]string(nil), q.Stems...)
	for _, alts := range q.Alt {
		for _, a := range alts {
			out = append(out, strings.Fields(a)...)
		}
	}
	return out
}

// isCJK reports whether w is one Chinese, Japanese or Korean character: a word of
// its own in the index (see text.SpaceCJK), kept though it is one letter.
func isCJK(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && text.IsCJK(r)
}
