package retrieval

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// Questions asking what someone said, offered, wanted or how they
// reacted ("what did putin say about the summit", "is trump sending
// troops"): who is asked about, and whether a passage tells of that one
// speaking or acting, not only names them.

// speakerRe finds a question about what someone said, thought or did in
// answer: "what did putin say…", "how did macron respond…".
var speakerRe = regexp.MustCompile(`(?i)\b(?:what|how)\s+(?:(?:specific|kind\s+of|sort\s+of|type\s+of|exact)\s+)?(?:\pL+\s+)?(?:exactly\s+|actually\s+|really\s+)?(?:(?:did|does|do|has|have|will|would)\s+([\pL\d'’.-]+(?:\s+[\pL\d'’.-]+){0,2}(?: (?:and|n|&) [\pL\d'’.-]+)?)\s+(?:actually\s+|really\s+|exactly\s+|even\s+)?(?:say|said|saying|report|reported|write|wrote|written|post|posted|tweet|tweeted|publish|published|announce|announced|warn|warned|respond|responded|responding|react|reacted|reacting|reply|replied|think|thinks|feel|want|wants|claim|claimed|argue|argued|demand|demanded|propose|proposed|offer|offered|promise|promised|pledge|pledged|commit|committed|vow|vowed|threaten|threatened|agree|agreed)|(?:is|are)\s+([\pL\d'’.-]+(?:\s+[\pL\d'’.-]+)?(?: (?:and|n|&) [\pL\d'’.-]+)?)\s+(?:actually\s+|really\s+)?(?:saying|offering|promising|pledging|committing|proposing|demanding|sending))\b|\bwhat(?:'s|’s|s)\s+([\pL\d'’.-]+(?:\s+[\pL\d'’.-]+)?(?: (?:and|n|&) [\pL\d'’.-]+)?)\s+(?:actually\s+|really\s+)?(?:saying|offering|promising|pledging|committing|proposing|demanding|sending)\b`)

// speakerMatch returns the indexes of speakerRe's match in u, the
// speaker as its first group whichever form asked ("what did turkey
// offer", "what is turkey offering"), or of yesNoDeedRe's ("is trump
// sending troops"; yesNo is true); nil when none, or when the -ing form
// compares two sides ("what is trump offering vs what europe is
// offering": each side's, see comparedDeeds).
func speakerMatch(u string) (m []int, yesNo bool) {
	m = speakerRe.FindStringSubmatchIndex(u)
	if m != nil && m[2] < 0 {
		if comparisonRe.MatchString(u) {
			return nil, false
		}
		if m[4] < 0 { // "whats trump offering"
			m[4], m[5] = m[6], m[7]
		}
		m[2], m[3] = m[4], m[5]
	}
	if m == nil {
		m = yesNoDeedRe.FindStringSubmatchIndex(u)
		return m, m != nil
	}
	return m, false
}

// yesNoDeedRe finds a yes/no question whether someone does, did or will
// do a deed ("is trump sending troops", "will the us send soldiers or
// nah", "did germany pledge anything"): asked like "what did X offer", it
// is answered by a sentence naming X that tells of the deed ("President
// Trump said he would help with air support but not ground troops"), not
// by another's ("Some European leaders propose sending 15,000 to 20,000
// troops"); with none, refused. The speaker is its first group and the
// match ends at the verb, as speakerRe's.
var yesNoDeedRe = regexp.MustCompile(`(?i)(?:^|[.?!,;:]\s*|\b(?:so|ok|and|but|wait|like|tho)\s+)(?:is|are|was|were|will|would|did|does|do|has|have|can|could)\s+((?:the\s+)?[\pL\d'’.-]+(?:\s+[\pL\d'’.-]+)?)\s+(?:(?:gonna|going\s+to|planning\s+(?:on|to)|wanna|want\s+to|intend\s+to|plan\s+(?:on|to)|willing\s+to|about\s+to|actually|really|even|ever|still|also|already|ready\s+to)\s+)*(?:send|sending|sent|offer|offering|offered|promise|promising|promised|pledge|pledging|pledged|commit|committing|committed|provide|providing|provided|deploy|deploying|deployed|contribute|contributing|contributed)\b`)

// namesActor reports whether words name someone who may act: a name, a
// country or its people, a person or an office ("european leaders", "the
// us"), or a word the passages write as a name ("trump", a common word
// in general English).
func namesActor(words string, hits []Hit) bool {
	for _, t := range text.Tokenize(words) {
		w, st := t.Word, text.Stem(t.Word)
		if w == "us" || w == "uk" || w == "eu" || speakerNouns[w] || text.PersonNoun(w) || isCountry(w) || len(text.Demonyms(w)) > 0 ||
			text.NameLike(st) || !text.IsStopWord(w) && writtenAsName(w, hits) {
			return true
		}
	}
	return false
}

// searchedAsName reports whether a stop word is searched for by the names
// it stands for ("the us": "U.S.", "United States", "America").
func searchedAsName(w string, q Query) bool {
	st := text.Stem(w)
	return slices.Contains(q.Stems, st) && len(q.Alt[st]) > 0
}

// writtenAsName reports whether a passage writes the word with a capital
// inside a sentence ("President Trump said…").
func writtenAsName(w string, hits []Hit) bool {
	for _, h := range hits {
		for _, sp := range text.Sentences(h.Text) {
			for k, t := range text.Tokenize(h.Text[sp.Start:sp.End]) {
				if k > 0 && t.Word == w && startsUpper(h.Text[sp.Start+t.Start:sp.Start+t.End]) {
					return true
				}
			}
		}
	}
	return false
}

// speakerHit returns the index of the first hit holding the one a "what
// did X say / how did X respond" question asks about, with enough of the
// question, or -1 when none does (passages about the summit without Putin
// do not say how Putin responded to it); 0 for other questions, and for a
// yes/no question whose subject none of found writes as a name.
func speakerHit(question string, q Query, w map[string]float64, ts TermStats, hits, found []Hit) int {
	sp, ok := askedSpeaker(question, q)
	if !ok {
		return 0
	}
	// "how did russia react to the thirty nations meeting in paris for
	// ukraine security guarantees": to the meeting, not to what nearly
	// every passage names
	rare := slices.DeleteFunc(slices.Clone(sp.about), func(st string) bool {
		return float64(ts.DF[st]) > commonAbout*float64(ts.Passages)
	})
	if len(rare) > 0 {
		sp.about = rare
	}
	if len(sp.who) == 0 || sp.actor != "" && !namesActor(sp.actor, found) {
		return 0 // "what did they say"; "does the deal provide security"
	}
	for i, h := range hits {
		seq := stemSeq(h.Title + " " + h.Heading + " " + h.Text)
		seen := q.present(seq)
		all := true
		for _, st := range sp.who {
			all = all && (seen[st] || !slices.Contains(q.Stems, st))
		}
		if all && coverage(seq, w, q) >= gate.minCoverage && (sp.cue == nil || speaks(h.Text, sp.who, q, sp.cue, sp.about)) {
			return i
		}
	}
	return -1
}

// commonAbout: a word of what a reaction is asked to that more than this
// share of the passages hold names nothing in particular ("ukraine",
// "security", "guarantees" in the seed articles). Measured (session 23):
// 0.15 refused two more near misses, nothing lost; 0.3 one.
const commonAbout = 0.15

// speakerAsk is what a "what did X say / how did X respond" question
// asks: the stems of X; the cue of a sentence telling what X said,
// offered or how X reacted (nil when any passage naming X will do: "what
// did X think"); and, for a reaction, the stems of what it was to.
type speakerAsk struct {
	who   []string
	cue   *regexp.Regexp
	about []string
	// actor: for a yes/no question ("is the plan sending a signal"), the
	// words that must name someone who acts (see namesActor)
	actor string
}

// askedSpeaker reads a speaker question (see speakerAsk); ok is false for
// other questions.
func askedSpeaker(question string, q Query) (sp speakerAsk, ok bool) {
	u := text.UnchatText(question)
	// "what did the letter mentioned in the quest article say": the
	// article is where it is told, not who speaks
	u = withoutWhere(u, q)
	m, yesNo := speakerMatch(u)
	if m == nil {
		m = reactionRe.FindStringSubmatchIndex(u)
		if m != nil && !reactor(u[m[2]:m[3]]) {
			m = nil // "what was the process response": no one reacting
		}
	}
	if m == nil {
		return sp, false
	}
	asked := u[m[0]:m[1]]
	if yesNo {
		sp.actor = u[m[2]:m[3]]
	}
	for _, t := range text.Tokenize(u[m[2]:m[3]]) {
		if docWordRe.MatchString(t.Word) || thingWordRe.MatchString(t.Word) || docStems[text.Stem(t.Word)] {
			// "what does the macron article say", "what did the budapest
			// deal even promise", "wat does the quest artical say" (its
			// slip read as the stem "articl"): no one speaking
			return speakerAsk{}, false
		}
		if !text.IsStopWord(t.Word) || searchedAsName(t.Word, q) {
			if c, ok := q.Corrected[t.Word]; ok {
				t.Word = c // "wat did zelenksy say": Zelensky
			}
			sp.who = append(sp.who, text.Stem(t.Word))
		}
	}
	switch {
	case deedVerbRe.MatchString(asked):
		// "what did germany pledge", "what did the uk offer": a
		// sentence naming it that tells of an offer, not one that only
		// names it among others ("like France, Germany, and the United
		// States")
		sp.cue = deedCueRe
		if agreeAskRe.MatchString(asked) {
			sp.cue = agreedCueRe // "what did the us agree to": "The U.S. has agreed to air support…"
		}
		// "what did the uk offer ukraine at the paris meeting": an offer
		// told beside that meeting, not the U.K.'s promise of 1994
		if o := atEventRe.FindStringSubmatch(u[m[1]:]); o != nil {
			sp.about = slices.DeleteFunc(q.searchedIn(o[1]), func(st string) bool { return slices.Contains(sp.who, st) })
		} else if sp.actor != "" {
			// "is the uk sending soldiers": a deed of soldiers, not the
			// U.K.'s promise of 1994
			sp.about = slices.DeleteFunc(q.searchedIn(u[m[1]:]), func(st string) bool { return slices.Contains(sp.who, st) || q.context[st] })
		}
	case reactVerbRe.MatchString(asked):
		// "how did the kremlin react to the call": a sentence naming
		// Russia that tells of a response, not one that only names it
		// ("Russia's attacks…" on a passage about the call)
		sp.cue = reactCueRe
		sp.about = reactedTo(u[m[1]:], q)
	case wantVerbRe.MatchString(asked) && namesAgent(u[m[2]:m[3]]):
		// "what does ukraine want out of the negotiations": a sentence
		// naming Ukraine that tells what it wants ("Ukraine demands full
		// sovereignty"), not one that only names it
		sp.cue = wantCueRe
	case sayVerbRe.MatchString(asked):
		// "what did X say" wants X's words: a passage that only names X
		// ("a confrontation between Zelensky and JD Vance") does not say them
		sp.cue = speechCueRe
		// "what did biden say to trump": words to Trump, told beside him
		// (not Biden's support for Ukraine in a passage about Trump)
		if o := addresseeRe.FindStringSubmatch(u[m[1]:]); o != nil {
			if ts := text.Terms(o[1]); len(ts) > 0 && slices.Contains(q.Stems, ts[0]) {
				sp.about = ts[:1]
			}
		} else if o := mediumRe.FindStringSubmatch(u[m[1]:]); o != nil {
			// "what did zelensky write in the letter to trump": words of
			// that letter, told beside it (not "as Zelensky states, these
			// mechanisms appear insufficient")
			if st := text.Stem(strings.ToLower(o[1])); slices.Contains(q.Stems, st) {
				sp.about = []string{st}
			}
		}
	}
	return sp, true
}

// speaks reports whether a sentence of passage text naming the speaker
// (or the one after it) reports speech; for a reaction to something
// (about), the sentences around it name that too ("how did the kremlin
// react to the call": Moscow's response to the call, not to the summit).
func speaks(passage string, who []string, q Query, cue *regexp.Regexp, about []string) bool {
	spans := text.Sentences(passage)
	for i, sp := range spans {
		next := spans[min(i+1, len(spans)-1)]
		end := next.End
		if cue == deedCueRe && !pronounOpenRe.MatchString(passage[next.Start:next.End]) {
			// a deed in its own sentence, or in the next one telling of
			// them ("He tasked his envoy…"); not "The conversation between
			// Zelenskyy and Macron is… but the commitment to finding a
			// lasting solution is a positive sign"
			end = sp.End
		}
		if !namesSpeaker(passage[sp.Start:sp.End], who, q) || !cue.MatchString(passage[sp.Start:end]) {
			continue
		}
		if asExample(passage[sp.Start:sp.End], who) {
			// "what did human rights watch say": "non-governmental
			// organizations such as Human Rights Watch … could play a role"
			// names it as an example, not as one who speaks
			continue
		}
		if len(about) > 0 {
			seen := q.presentLoose(stemSeq(passage[spans[max(i-1, 0)].Start:end]))
			if !slices.ContainsFunc(about, func(st string) bool { return seen[st] }) {
				continue
			}
		}
		return true
	}
	return false
}

// pronounOpenRe: a sentence opening with a pronoun for a person or a
// people, which goes on telling of the one named before.
var pronounOpenRe = regexp.MustCompile(`^\W*(?:He|She|They)\b`)

// reactor reports whether a word before "'s reaction" names someone: a
// name, a country or a people, or a kind of person or body ("the
// kremlin's", "the government's"), not a word that describes.
func reactor(w string) bool {
	w = strings.ToLower(w)
	st := text.Stem(w)
	return text.NameLike(st) || isCountry(w) || len(text.Demonyms(w)) > 0 || text.PersonNoun(w) || speakerNouns[w] ||
		!strings.ContainsRune(text.WordClasses(w), 'a') && text.WordClasses(w) != ""
}

// reactedTo returns the stems of what a reaction is asked to, from the
// question's words after its verb ("to macron and zelenskyy talking on the
// phone", "when crimea got taken"), or nil.
func reactedTo(after string, q Query) []string {
	o := reactObjectRe.FindStringSubmatch(after)
	if o == nil {
		return nil
	}
	return q.searchedIn(o[1])
}

// thingWordRe: a word naming an agreement, a plan or a meeting, which
// promises or says what it holds, not as someone speaking ("what did the
// budapest deal even promise").
var thingWordRe = regexp.MustCompile(`^(?:deals?|agreements?|memorandum|memo|accords?|treat(?:y|ies)|pacts?|plans?|guarantees?|promises?|initiatives?|proposals?|summits?|meetings?|calls?|talks)$`)

// docWordRe: a word naming an article or a part of one, not someone who
// speaks ("what does the paris one say", "what does the cons section
// say").
// docStems are the stems of the nouns naming an article.
var docStems = stemsOf("article", "articles", "piece", "story", "document", "report")

var docWordRe = regexp.MustCompile(`^(?:` + docNouns + `|one|thing|writeup|write-up|sections?|paragraphs?|chapters?|headings?|lists?)$`)

// speakerWhereRe finds where the speaker of a "what did X say" question
// is told of: "mentioned in the quest article", "in the first piece".
var speakerWhereRe = regexp.MustCompile(`(?i)\s+(?:(?:mentioned|cited|quoted|referenced|described)\s+)?(?:in|from)\s+(?:the|that|this)\s+(?:[\pL\d'’-]+\s+){0,3}?(?:` + docNouns + `|one)\b`)

// withoutWhere drops from u where a thing asked to speak is told of
// ("what did the letter mentioned in the quest article say"), so that the
// thing is the speaker a passage must give the words of: a letter says
// something only where a sentence tells what. After a person ("the
// no-name diplomat in the paris one", "the people in the shield article")
// or a name WordNet lacks ("zelensky in the first article") it stays:
// dropped there it refused questions the articles answer.
func withoutWhere(u string, q Query) string {
	locs := speakerWhereRe.FindAllStringIndex(u, -1)
	for i := len(locs) - 1; i >= 0; i-- {
		toks := text.Tokenize(u[:locs[i][0]])
		if len(toks) == 0 {
			continue
		}
		w := toks[len(toks)-1].Word
		if c, ok := q.Corrected[w]; ok {
			w = c
		}
		if text.PersonNoun(w) || genericPersons[w] || text.WordClasses(w) == "" {
			continue
		}
		u = u[:locs[i][0]] + " " + u[locs[i][1]:]
	}
	return u
}

// addresseeRe: whom words were said to, after the verb ("say to trump").
var addresseeRe = regexp.MustCompile(`(?i)^\s+to\s+((?:the\s+)?[\pL'’.-]+)`)

// mediumRe finds, after the verb, what the words were written in: "in
// the letter", "on truth social". Not a call or a meeting, whose talk a
// passage tells in its own words ("the core of the discussion between
// Zelenskyy and Macron centered on…").
var mediumRe = regexp.MustCompile(`(?i)^\s+(?:in|on)\s+(?:the\s+|his\s+|her\s+|their\s+|a\s+|an\s+|that\s+)?(letters?|posts?|tweets?|op-eds?|essays?|books?|memos?|notes?|truth|twitter|x|facebook|telegram|instagram)\b`)

// atEventRe: the meeting or place a deed is asked at, after the verb.
var atEventRe = regexp.MustCompile(`(?i)^[^?,.;!]*?\s(?:at|during|in|on)\s+(?:the|that|this)?\s*((?:[\pL'’-]+\s+){0,2}(?:summit|meeting|talks|conference|call|meetup|gathering))\b`)

// reactObjectRe: what a reaction is to, after the verb.
var reactObjectRe = regexp.MustCompile(`(?i)^\s+(?:to|when|after|over|about)\s+([^?,.;!]+)`)

// namesSpeaker reports whether a sentence names the one a speaker
// question asks about as the one who speaks or acts.
func namesSpeaker(sentence string, who []string, q Query) bool {
	toks, seq := tokenStems(sentence)
	seen := q.present(seq)
	for k, t := range toks {
		// "European leaders", "the Russian Foreign Ministry", "German
		// Chancellor Merz" speak for their country; "Russian drones" not
		if places := text.Demonyms(t.Word); len(places) > 0 && slices.ContainsFunc(toks[k+1:min(k+4, len(toks))], func(n text.Token) bool { return speakerNouns[n.Word] }) {
			for _, place := range places {
				seen[text.Stem(place)] = true
			}
		}
	}
	named := false
	for _, st := range who {
		named = named || seen[st]
	}
	// "a prominent political figure like Trump offers…": Trump offers nothing
	return named && !exampleOnly(sentence, toks, who)
}

// deedMatch returns, for a question asking what someone offered or
// promised ("what did trump offer"), an FTS5 expression finding the
// passages naming them with a word of such a deed; "" for another
// question.
func deedMatch(question string, q Query) string {
	u := text.UnchatText(question)
	m, _ := speakerMatch(u)
	if m == nil || !deedVerbRe.MatchString(u[m[0]:m[1]]) {
		return ""
	}
	var who []string
	for _, t := range text.Tokenize(u[m[2]:m[3]]) {
		if text.IsStopWord(t.Word) && !searchedAsName(t.Word, q) {
			continue
		}
		w := t.Word
		if c, ok := q.Corrected[w]; ok {
			w = c
		}
		// with the names it is searched by ("the us": "U.S.", "United States", "America")
		names := []string{`"` + strings.ReplaceAll(w, `"`, "") + `"`}
		for _, tm := range q.terms {
			if tm.stem == text.Stem(w) && tm.word != w {
				names = append(names, `"`+strings.ReplaceAll(tm.word, `"`, "")+`"`)
			}
		}
		who = append(who, "("+strings.Join(names, " OR ")+")")
	}
	if len(who) == 0 {
		return ""
	}
	return strings.Join(who, " AND ") + " AND " + deedWords
}

// comparedDeeds returns, for a question comparing what two or more
// offered ("how do trump's and europe's offers of help differ", "is the us
// offering the same stuff as europe"), an FTS5 expression for each finding
// the passages naming it with a word of such a deed; nil for another
// question.
func comparedDeeds(question string, q Query) []string {
	ask := askingPart(question)
	if !comparisonRe.MatchString(ask) || !offerNounRe.MatchString(ask) {
		return nil
	}
	var out []string
	lower := strings.ToLower(ask)
	offering := offerers(lower)
	for i, w := range q.Words {
		// a country, place or people, a rare word (a name: "macron"), the
		// owner of something ("trump's offers") or the one offering ("what
		// is trump offering"); not the one offered to ("…for ukraine")
		actor := namesCountry(w) || text.Place(w) || len(text.Demonyms(w)) > 0 || text.NameLike(q.Stems[i]) ||
			!text.CommonWord(q.Stems[i]) && !offerNounRe.MatchString(w) && !comparisonRe.MatchString(w) ||
			strings.Contains(lower, w+"'s ") || strings.Contains(lower, w+"’s ") || offering[w]
		if q.context[q.Stems[i]] || !actor || offeredTo(lower, w) {
			continue
		}
		names := []string{w}
		for _, x := range slices.Concat(text.Synonyms(w), text.Demonyms(w), text.ProperAdjectives(w)) {
			if !strings.Contains(x, " ") && !slices.Contains(names, x) {
				names = append(names, x)
			}
		}
		// the actor and the deed in one sentence's reach: "President Trump
		// said he would help…", not a passage naming Trump and, elsewhere,
		// anyone's help
		var near []string
		for _, x := range names {
			for _, d := range deedList {
				near = append(near, `NEAR("`+strings.ReplaceAll(x, `"`, "")+`" "`+d+`", `+strconv.Itoa(deedReach)+`)`)
			}
		}
		out = append(out, strings.Join(near, " OR "))
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// offererRe finds who offers in a question: "what is trump offering",
// "what does europe offer", "trump offering".
var offererRe = regexp.MustCompile(`(?i)\b([\pL-]+)\s+(?:(?:is|are|was|were|has|have|does|do|did)\s+)?(?:offers?|offering|offered|promis(?:es|ing|ed)|pledg(?:es|ing|ed))\b`)

// offerers returns the words offererRe finds offering.
func offerers(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range offererRe.FindAllStringSubmatch(s, -1) {
		if w := strings.ToLower(m[1]); !text.IsStopWord(w) {
			out[w] = true
		}
	}
	return out
}

// offeredTo reports whether w is named only as the one offered to: "…is
// offering for ukraine", "…offers to kyiv".
func offeredTo(s, w string) bool {
	for _, prep := range []string{"for ", "to "} {
		if strings.Contains(s, prep+w) && !strings.Contains(strings.ReplaceAll(s, prep+w, ""), w) {
			return true
		}
	}
	return false
}

// offerNounRe finds a word of offering in a question.
var offerNounRe = regexp.MustCompile(`(?i)\b(?:offers?|offering|offered|promises?|promising|promised|pledges?|pledging|pledged|commitments?|committing|proposals?|proposing|proposed|help|helping|contributions?|contributing|stances?|float(?:s|ed|ing)?)\b`)

// deedList: the words of offering or doing; deedReach: the most words between
// an actor and its deed.
var deedList = []string{"offer", "offered", "promise", "promised", "pledge", "pledged", "agreed", "help", "send", "provide", "commit", "vowed", "proposed", "floated"}

const deedReach = 10

// deedWords finds a word of deedList in a passage.
var deedWords = `("` + strings.Join(deedList, `" OR "`) + `")`

// asExample reports whether a sentence names one of who, and only as an
// example (see exampleOnly).
func asExample(sentence string, who []string) bool {
	toks, _ := tokenStems(sentence)
	return exampleOnly(sentence, toks, who)
}

// maxListBack bounds the words of a list walked back over to its "like".
const maxListBack = 8

// listJoins join the names of a list.
var listJoins = map[string]bool{"and": true, "or": true, "the": true}

// exampleOnly reports whether every word of the sentence toks naming one
// of who follows "like", "such as" or "including": an example, not the
// one who acts.
func exampleOnly(sentence string, toks []text.Token, who []string) bool {
	n := 0
	for k, t := range toks {
		if !slices.Contains(who, text.Stem(t.Word)) {
			continue
		}
		// or a later one of a list after them ("like France, Germany, and
		// the United States"): back over the names, "and", "or", "the"
		j := k
		for j > 0 && k-j < maxListBack && (listJoins[toks[j-1].Word] || startsUpper(sentence[toks[j-1].Start:toks[j-1].End])) {
			j--
		}
		if !(j > 0 && (toks[j-1].Word == "like" || toks[j-1].Word == "including") || j > 1 && toks[j-2].Word == "such" && toks[j-1].Word == "as") &&
			!(k > 0 && (toks[k-1].Word == "like" || toks[k-1].Word == "including") || k > 1 && toks[k-2].Word == "such" && toks[k-1].Word == "as") {
			return false
		}
		n++
	}
	return n > 0
}

// speakerNouns name who speaks for a country ("European leaders said").
var speakerNouns = map[string]bool{"leader": true, "leaders": true, "official": true, "officials": true, "government": true,
	"governments": true, "minister": true, "ministers": true, "ministry": true, "diplomat": true, "diplomats": true,
	"president": true, "authorities": true, "sources": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
	"envoy": true, "envoys": true, "negotiators": true, "delegation": true, "administration": true, "chancellor": true,
	"prime": true, "premier": true, "pm": true, "secretary": true, "ambassador": true, "ambassadors": true, "spokespeople": true}

// sayVerbRe: a speaker question asking for words said, not deeds.
var sayVerbRe = regexp.MustCompile(`(?i)\b(say|said|saying|tell|told|report|reported|write|wrote|written|post|posted|tweet|tweeted|publish|published|announce|announced|warn|warned)\s*$`)

// namesAgent reports whether the words name a country, a people or
// someone by name ("ukraine", "the kremlin"), not "each side".
func namesAgent(who string) bool {
	for _, t := range text.Tokenize(who) {
		if isPlaceName(t.Word) || len(text.Demonyms(t.Word)) > 0 || text.NameLike(text.Stem(t.Word)) {
			return true
		}
	}
	return false
}

// wantVerbRe: a speaker question asking what someone wants; wantCueRe:
// a sentence telling what one wants, asks or aims for.
var (
	wantVerbRe = regexp.MustCompile(`(?i)\b(want|wants|wanted|demand|demands|demanded)\s*$`)
	wantCueRe  = regexp.MustCompile(`(?i)\b(wants?|wanted|wanting|demand(?:s|ed|ing)?|seek(?:s|ing)?|sought|insist(?:s|ed|ing)?|(?:ask|asks|asked|call|calls|called|push|pushes|pushed|pushing|press|presses|pressed|pressing) for|hop(?:e|es|ed|ing)|aim(?:s|ed|ing)?|need(?:s|ed)?|requir(?:e|es|ed|ing)|wish(?:es|ed)?|goals?|objectives?|urg(?:e|es|ed|ing)|prefer(?:s|red)?|would like|favou?r(?:s|ed)?|expect(?:s|ed)?|priorit(?:y|ies)|opposes|opposed|rejects?|rejected|refuses?|will never accept|in exchange for|in return for)\b`)
)

// deedVerbRe: a speaker question asking for what was offered or
// promised; deedCueRe: a sentence telling of such an offer.
var (
	deedVerbRe = regexp.MustCompile(`(?i)\b(offer|offered|offering|promise|promised|promising|pledge|pledged|pledging|commit|committed|committing|vow|vowed|propose|proposed|proposing|send|sending|sent|provide|providing|provided|deploy|deploying|deployed|contribute|contributing|contributed|agree|agreed)\s*$`)
	deedCueRe  = regexp.MustCompile(`(?i)\b(offer(?:s|ed|ing)?|promis(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)|propos(?:e|es|ed|al|als)|vow(?:s|ed)?|commit(?:s|ted|ment|ments)?|agreed|provid(?:e|es|ed|ing)|sen[dt]|sending|floated|would help)\b`)
)

// reactionRe asks for someone's reaction by a noun, after a possessive:
// "what was bidens reaction to the paris summit", "whats the kremlin's
// response" (not "what's the best response to…", "the short answer"; see
// askedSpeaker for "the nations response").
var reactionRe = regexp.MustCompile(`(?i)\bwhat(?:'s|’s|s|\s+(?:was|is|were|are))\s+(?:the\s+)?([\pL\d.-]+?)(?:'s|’s|s'|’|s)\s+(?:reaction|response|reply|answer)\b`)

// reactVerbRe: a speaker question asking how someone reacted;
// reactCueRe: a sentence telling of a reaction, in words or deeds
// ("Western powers imposed limited sanctions").
var (
	reactVerbRe = regexp.MustCompile(`(?i)\b(respond|responded|responding|react|reacted|reacting|reply|replied|reaction|response|answer)\s*$`)
	reactCueRe  = regexp.MustCompile(speechCueRe.String() + `|(?i)\b(respon(?:d|ds|ded|se|ses)|react(?:s|ed|ion|ions)?|impos(?:e|es|ed|ing)|sanctions?|condemn(?:s|ed)?|welcom(?:e|es|ed)|dismiss(?:es|ed)?|denounc(?:e|es|ed)|critici[sz](?:e|es|ed)|prais(?:e|es|ed)|retaliat(?:e|es|ed|ion)|oppos(?:e|es|ed)|refus(?:e|es|ed)|reject(?:s|ed)?|use force|sent|deployed)\b`)
)

// speechCueRe: a passage reporting what someone said.
var speechCueRe = regexp.MustCompile(`(?i)\b(said|says|say|saying|told|tells|stated|states|argued|argues|warned|warns|insisted|insists|claimed|claims|declared|declares|noted|added|described|describes|demands?|demanded|asks|asked|calls? for|called for|rejects?|rejected|vowed|announced|emphasi[sz]ed|stressed|reiterated|acknowledged|urged|urges|asserted|assertion|remarks?|according to|statement|reports?|reported|reporting|wrote|writes|written|posted|published|propos(?:e|es|ed|al|als)|floated|suggest(?:s|ed)?|pledged?|promised?)\b|["“”]`)
