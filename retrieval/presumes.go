package retrieval

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docbot/docbot/internal/text"
)

// What a question takes as given, checked against the passages that
// answer it: an outcome ("did they actually sign"), a time ("the next
// meeting"), a thing possessed, a member, a deed, a stance. Each check
// refuses a question whose top passages cover its words but not what it
// presumes. (premise.go holds the other side: a passage that says the
// opposite of the deed a question takes as given.)

// An outcome question asks whether something came to pass ("did the 30
// countries actually sign a final deal in the end", "was a ceasefire
// actually agreed"); articles that weigh what could be agreed do not
// answer it. outcomeRe marks one, pastAskRe its past tense, modalRe a
// sentence about what may be rather than what was.
var (
	outcomeRe = regexp.MustCompile(`(?i)\b(?:actually|in the end|end(?:ed)? up|finally|eventually)\b`)
	pastAskRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but)\s+)?(?:(?:after|in the end|at the end of|following)\b[^,?]{0,40}?[\s,]+)?(?:did|was|were|has|have|had)\s+`)
	modalRe   = regexp.MustCompile(`(?i)\b(?:could|would|might|may|should|will|must|can|if|aims?|seeks?|wants?|hopes?|plans?|proposes?|propose|potential|possible)\b`)
	pronounRe = regexp.MustCompile(`(?i)^(?:they|he|she|it|we|you|i)$`)
	// agreedRe: whether someone agreed to, signed or joined something is
	// an outcome question without "actually" ("did turkey agree to join
	// the extended security pact": the article says Turkey could be
	// included, not that it agreed). Asked of every "did X <verb>", it
	// refused one more near miss of all the sets but lost four right
	// answers whose passage tells it with another verb ("did they get
	// something in return": "In return, … promised").
	agreedRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|wait)\s+)?did\s+(?:\S+\s+){1,3}(?:agree|sign|join|accept|approve|ratify|commit|consent|go|attend|travel|visit|accompany|meet)\b`)
	// agreedNowRe: the same asked of the state it left ("is turkey
	// actually signed up for the pact", "has turkey joined it")
	agreedNowRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|wait)\s+)?(is|are|has|have)\s+(?:\S+\s+){1,3}(?:agreed|signed|joined|accepted|approved|ratified|committed|consented|attended|visited|on\s+board)\b`)
	// heldRe: whether something held or lasted, the verb ending the
	// question ("did the ceasefire hold"; not "did the allies hold a
	// summit"): an outcome too, which a failure answers as well
	heldRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|wait)\s+)?did\s+(?:\S+\s+){1,3}(?:hold|last)(?:\s+up)?\W*$`)
	failRe = regexp.MustCompile(`(?i)\b(?:fail(?:ed|s)?|collapsed?|broke down|violat(?:ed|ion)|fell apart)\b`)
)

// goVerbs are stop words that are the verb of an outcome question ("did
// vance go to the paris meeting").
var goVerbs = map[string]bool{"go": true, "went": true, "gone": true}

// attendStems tell of going to or meeting one another, any of them for
// any other ("did thirty countries go to paris": "Thirty Western nations
// convened in Paris"; "did european leaders attend the meeting": "European
// leaders join… during high-stakes meeting").
var attendStems = stemsOf("go", "went", "attend", "travel", "visit", "accompany", "meet", "met", "join", "convene", "gather",
	"participate", "arrive", "come", "came")

// standIns stand for those a sentence names: "did trump meet with both
// sides" is answered by "Trump met with both Russia and Ukraine".
var standIns = stemsOf("side", "sides", "party", "parties", "camp", "camps")

// outcomeFound reports whether, for an outcome question, a sentence of a
// top passage says its subject did it: the question's verb (a past form
// counts, "gave" for "give up"), a word of its subject in the sentence or
// the one before ("The Minsk agreements… Yet they failed to stop
// violence"), and no word of what may be. For "did X actually happen", a
// sentence about X with no such word. True for other questions.
func outcomeFound(question string, q Query, top []Hit) bool {
	ask := askingPart(question)
	m := pastAskRe.FindStringIndex(ask)
	now := agreedNowRe.FindStringSubmatchIndex(ask)
	if m == nil && now != nil {
		m = []int{now[0], now[3]} // "is turkey actually signed up…": what follows "is"
	}
	held := heldRe.MatchString(ask)
	if m == nil || asksArticles(ask) || !(outcomeRe.MatchString(ask) || agreedRe.MatchString(ask) || now != nil || held) || whWordRe.MatchString(ask[m[1]:]) {
		return true // "did anyone get what zelenskyy was actually pushing for" asks what
	}
	var subject, object []string
	var others [][]string // the subject's words' synonyms, as stems in a row
	verb := ""
	toks := text.Tokenize(ask[m[1]:])
	pronoun := len(toks) > 0 && pronounRe.MatchString(toks[0].Word) // "did they actually seize…"
	after := false                                                  // past "actually": the verb comes next
	// "did the paris summit actually end…": with an "actually", the verb
	// is after it ("summit" is a verb too)
	adverb := slices.IndexFunc(toks, func(t text.Token) bool { return adverbRe.MatchString(t.Word) })
	for k, t := range toks {
		if adverbRe.MatchString(t.Word) {
			after = true
			continue
		}
		if text.IsStopWord(t.Word) && !(t.Word == "us" && k > 0 && toks[k-1].Word == "the") && !goVerbs[t.Word] || isDigit(t.Word) {
			continue // not "the us", the country; nor "go", the verb asked
		}
		// the verb: after "actually", or after the subject (not a plural
		// noun of it: "did the security guarantees…")
		// ("signed", which WordNet lists as an adjective, is the verb's too)
		isVerb := strings.ContainsRune(text.WordClasses(t.Word), 'v') || pastOfVerb(t.Word)
		if (after || adverb < 0 && (pronoun || len(subject) > 0 && !strings.HasSuffix(t.Word, "s"))) && isVerb {
			verb = text.Stem(t.Word)
			if catenative[verb] && k+2 < len(toks) && toks[k+1].Word == "to" {
				// "did minsk actually manage to end the fighting": ending it
				// is asked ("Yet they failed to stop violence")
				k += 2
				verb = text.Stem(toks[k].Word)
			} else if verb == "end" && k+2 < len(toks) && toks[k+1].Word == "up" {
				k += 2 // "did they ever end up signing…": the signing is asked
				verb = text.Stem(toks[k].Word)
			}
			if base := text.IrregularBase(verb); base != "" {
				verb = base // "has russia withdrawn"
			}
			// what it was done to: "did they actually seize the frozen
			// russian assets" is not answered by "Russia has seized
			// large parts of Ukraine"
			for _, o := range toks[k+1:] {
				if !text.IsStopWord(o.Word) && !isDigit(o.Word) && !outcomeRe.MatchString(o.Word) && o.Word != "end" && !standIns[text.Stem(o.Word)] {
					object = append(object, text.Stem(o.Word))
				}
			}
			break
		}
		if !after {
			subject = append(subject, text.Stem(t.Word))
			if syns := text.Synonyms(t.Word); slices.ContainsFunc(syns, isCountry) {
				for _, syn := range syns { // "the us": "The U.S. has agreed"
					others = append(others, stemSeq(syn))
				}
			}
		}
	}
	happen := happenRe.MatchString(ask)
	agreed := agreedRe.MatchString(ask) && (verb == "agre" || verb == "accept" || verb == "commit")
	if verb == "" && !happen {
		return true // no verb to tell what was asked
	}
	// "did the west actually fight russia or just sanctions": what was
	// done instead answers too
	other := ""
	if m := otherwiseRe.FindStringSubmatch(ask); m != nil {
		for _, w := range m[1:] {
			if w = strings.ToLower(w); len(w) >= 4 && !text.IsStopWord(w) && !adverbRe.MatchString(w) {
				other = text.Stem(w) // "or jus sanctions": not the slip of "just"
				break
			}
		}
		if slices.Contains(subject, other) {
			other = "" // "did the us or europe actually deploy…": the subject's "or"
		}
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		for i, sp := range spans {
			s := h.Text[sp.Start:sp.End]
			toks, seq := tokenStems(s)
			around := seq
			if i > 0 {
				around = stemSeq(h.Text[spans[i-1].Start:sp.End])
			}
			// a word of the subject, or a word it begins ("west" in "Western powers")
			named := len(subject) == 0 || slices.ContainsFunc(subject, func(st string) bool {
				return slices.ContainsFunc(around, func(x string) bool { return x == st || len(st) >= 4 && strings.HasPrefix(x, st) })
			}) || slices.ContainsFunc(others, func(run []string) bool { return containsRun(around, run) })
			said := happen || other != "" && slices.Contains(seq, other) || held && failRe.MatchString(s) ||
				preventVerbs[verb] && (failRe.MatchString(s) || despiteRe.MatchString(s)) ||
				acceptVerbs[verb] && rejectRe.MatchString(s) // "has the kremlin accepted…": "…guarantees that Russia rejects"
			for k, x := range seq {
				// "pursuing legal avenues to seize…" intends it; "failed to
				// stop violence" says what came of it
				// ("The meeting, held under the shadow of… a ceasefire": a
				// participle set off by a comma is said of the noun before
				// it, no ceasefire held)
				irregular := text.IrregularBase(x) == verb && !strings.HasSuffix(strings.TrimSpace(s[:toks[k].Start]), ",")
				if (x == verb || irregular || attendStems[verb] && attendStems[x]) && (k == 0 || toks[k-1].Word != "to" || k > 1 && outcomeVerbs[toks[k-2].Word]) {
					said = true
				}
			}
			if len(object) > 0 && !slices.ContainsFunc(object, func(st string) bool { return slices.Contains(around, st) }) {
				continue
			}
			if happen && (goalNear(s, subject) || i > 0 && goalNear(h.Text[spans[i-1].Start:spans[i-1].End], subject) || 2*countIn(subject, q.presentLoose(seq)) < len(subject)) {
				// "did the full prisoner exchange actually happen": a
				// sentence naming most of it ("a comprehensive exchange is
				// a matter of…" does not), neither it nor the one before
				// telling of it as a demand or goal (see goalNear)
				continue
			}
			if named && said && (!modalRe.MatchString(s) || neverRe.MatchString(s)) {
				return true // what was done, or that it never was ("Moscow says it will never accept…")
			}
			if named && agreed && declaredRe.MatchString(s) {
				// "did trump agree to send ground troops": "President Trump
				// said he would help with air support but not ground
				// troops" tells what he agreed to
				return true
			}
		}
	}
	return false
}

// failureFound reports whether, for a question asking why something
// failed ("why did the paris summit flop"), a passage the answer may quote
// names it and tells of a failure or a shortfall: a question on a failure
// the articles never tell rests on a false premise. True for other
// questions.
func failureFound(question string, q Query, quoted []Hit) bool {
	ask := askingPart(question)
	m := failedAskRe.FindStringSubmatch(ask)
	if m == nil {
		return true
	}
	subject := q.searchedIn(m[1])
	if len(subject) == 0 {
		return true // "why did it fail": what the story names
	}
	for _, h := range quoted {
		seen := q.presentLoose(stemSeq(h.Title + " " + h.Text))
		if 2*countIn(subject, seen) >= len(subject) && failedToldRe.MatchString(h.Text) {
			return true
		}
	}
	return false
}

// failedAskRe asks why something failed, its subject the first group:
// "why did the paris summit flop", "how come the coalition fell apart".
// failedToldRe tells of a failure or a shortfall.
var (
	failedAskRe  = regexp.MustCompile(`(?i)\b(?:why|how come)\s+(?:did|does|do|has|have|had|was|were|is|are)\s+((?:[\pL'’-]+\s+){1,4}?)(?:actually\s+|really\s+|totally\s+|completely\s+)?(?:fail(?:ed)?|flop(?:ped)?|collapse[d]?|fall\s+(?:apart|through)|fell\s+(?:apart|through)|break\s+down|broke\s+down|backfire[d]?|bomb(?:ed)?|fizzle[d]?(?:\s+out)?|crumble[d]?|unravell?(?:ed)?)\b`)
	failedToldRe = regexp.MustCompile(`(?i)\b(?:fail(?:ed|s|ure)?|collapsed?|broke down|fell apart|did not|didn['’]t|could not|couldn['’]t|never|unable|anyway|despite|ineffective|inadequate(?:ly)?|undermined|weakened)\b`)
)

// acceptVerbs ask whether something was accepted; rejectRe tells that it
// was not.
var (
	acceptVerbs = map[string]bool{"accept": true, "agre": true, "approv": true, "endors": true}
	rejectRe    = regexp.MustCompile(`(?i)\b(?:reject(?:s|ed)?|refus(?:es|ed)|oppos(?:es|ed)|never accept)\b`)
)

// neverRe: a sentence saying something is not or will never be done,
// which answers whether it was.
var neverRe = regexp.MustCompile(`(?i)\b(?:never|not|refuses?|refused|rejects?|rejected)\b|n['’]t\b`)

// agreeAskRe asks what someone agreed to; agreedCueRe tells of it, or of
// what they said they would do ("President Trump said he would help with
// air support").
var (
	agreeAskRe  = regexp.MustCompile(`(?i)\bagreed?\s*$`)
	agreedCueRe = regexp.MustCompile(`(?i)\bagree[sd]\b|` + declaredRe.String())
)

// pastOfVerb reports whether w is a verb's past in -ed ("agreed",
// "signed", "committed"), which WordNet may list as an adjective only.
func pastOfVerb(w string) bool {
	if !strings.HasSuffix(w, "ed") {
		return false
	}
	for _, base := range []string{w[:len(w)-1], w[:len(w)-2], w[:len(w)-3]} {
		if strings.ContainsRune(text.WordClasses(base), 'v') {
			return true
		}
	}
	return false
}

// declaredRe: a sentence telling what someone declared they would do,
// which answers whether they agreed to it.
var declaredRe = regexp.MustCompile(`(?i)\b(?:said|says|announced|stated|declared|made clear)\s+(?:that\s+)?(?:he|she|they|it|we)\s+(?:would|will)\b`)

// preventVerbs ask whether something was stopped ("did the budapest memo
// actually stop russia from taking crimea"): a sentence telling that it
// failed to, or that it happened anyway, answers ("the failure of the
// original memorandum to deter…", "Russia invaded Crimea anyway").
var preventVerbs = map[string]bool{"stop": true, "prevent": true, "deter": true, "halt": true, "block": true, "protect": true,
	"end": true, "keep": true, "honor": true, "honour": true, "uphold": true}

// catenative verbs take the verb asked about after "to": "did they
// manage to end the fighting".
var catenative = stemsOf("manage", "succeed", "get", "try", "bother")

// despiteRe: a sentence telling that something happened all the same.
var despiteRe = regexp.MustCompile(`(?i)\b(?:failure|anyway|despite|regardless)\b`)

// signAskRe asks what was signed, or whether anything was: "what did the
// 30 nations actually sign", "did they sign anything", "did the summit
// end with a signed agreement", "how many deals has ukraine signed". Not
// when a named agreement's signing is asked about ("what year was the
// budapest deal signed"), nor what could be signed ("if allies signed a
// binding treaty, would that fix…").
var (
	signAskRe   = regexp.MustCompile(`(?i)\b(?:what|which|how many)\b[^?.!]*\b(?:did|do|does|has|have|had)\b[^?.!]*?(?:\b(?:a|an|the|any|positive|clear)\s+)?\bsign(?:ed)?\b(?:\s+of\b)?|\bsign(?:ed)?\s+(?:anything|something|(?:a|an|any)\s+(?:\pL+\s+){0,3}(?:deal|agreement|treaty|pact|document|accord)s?)\b|\b(?:a|an|any)\s+(?:(?:actual|real|formal|final|official|proper)\s+)?signed\s+(?:deal|agreement|treaty|pact|document|accord)s?\b`)
	signModalRe = regexp.MustCompile(`(?i)\b(?:could|would|might|should|can|will|may|must|to)\s+(?:\pL+\s+)?sign\b|\b(?:if|suppose|supposing|say)\s+(?:\pL+\s+){0,3}sign(?:ed)?\b`)
	signedRe    = regexp.MustCompile(`(?i)\b(?:signed|ratified)\b`)
	// pastDealRe: a sentence telling of an agreement made in a year ("Under
	// the 1994 Budapest deal, Ukraine surrendered…"): a signing told
	// otherwise
	pastDealRe = regexp.MustCompile(`(?i)\b(?:1[89]\d\d|20[0-2]\d)\b[^.]*\b(?:deal|agreement|memorandum|treaty|accords?|pact)\b|\b(?:deal|agreement|memorandum|treaty|accords?|pact)s?\s+(?:of|in)\s+(?:1[89]\d\d|20[0-2]\d)\b`)
)

// agreedOnRe asks what was agreed ("what response time did allies agree
// on in the binding treaty", "what did the us agree to"); agreedRe finds
// a sentence telling of an agreement made.
var (
	agreedOnRe = regexp.MustCompile(`(?i)\b(?:what|which|how many|how much)\b[^?.!]*\b(?:did|do|does|has|have|had)\b[^?.!]*\bagree[ds]?\s+(?:on|to|upon)\b`)
	agreedSaid = regexp.MustCompile(`(?i)\b(?:agreed|settled on|signed)\b`)
)

// agreementFound reports whether, for a question asking what was agreed,
// a sentence of a quoted passage tells of an agreement made, not one that
// might be ("They might agree on troop levels, weapons supply and
// response times").
func agreementFound(question string, quoted []Hit) bool {
	if !agreedOnRe.MatchString(askingPart(question)) {
		return true
	}
	for _, h := range quoted {
		for _, sp := range text.Sentences(h.Text) {
			if s := h.Text[sp.Start:sp.End]; agreedSaid.MatchString(s) && !modalRe.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// nounSignRe: "sign" a noun ("a sign of unity"), not the verb.
var nounSignRe = regexp.MustCompile(`(?i)\b(?:a|an|the|any|positive|clear)\s+sign\b|\bsign\s+of\b`)

// signedFound reports whether, for a question asking what was signed, a
// sentence of a quoted passage tells of a signing ("signed", "ratified"):
// the articles weigh treaties allies "could sign", which sign nothing.
func signedFound(question string, quoted []Hit) bool {
	ask := askingPart(question)
	m := signAskRe.FindStringSubmatch(ask)
	if m == nil || signModalRe.MatchString(ask) || nounSignRe.MatchString(m[0]) {
		return true // "what did the call signal, a sign of a shift"
	}
	for _, h := range quoted {
		for _, sp := range text.Sentences(h.Text) {
			if s := h.Text[sp.Start:sp.End]; (signedRe.MatchString(s) || pastDealRe.MatchString(s)) && !modalRe.MatchString(s) {
				return true
			}
		}
	}
	return false
}

// otherwiseRe finds the other outcome an outcome question offers: "…or
// just sanctions".
var otherwiseRe = regexp.MustCompile(`(?i)\bor\s+(\pL+)(?:\s+(\pL+))?(?:\s+(\pL+))?`)

// outcomeVerbs say what came of an attempt: "failed to stop".
var outcomeVerbs = map[string]bool{"failed": true, "refused": true, "managed": true, "declined": true, "agreed": true,
	"decided": true, "voted": true, "chose": true, "rushed": true}

// adverbRe: the adverbs an outcome question puts before its verb.
var adverbRe = regexp.MustCompile(`(?i)^(?:actually|finally|eventually|ever|really)$`)

var whWordRe = regexp.MustCompile(`(?i)\b(?:what|whats|why|how|who|when|where|which)\b`)

// happenRe: an outcome question whose verb says only that something
// happened.
var happenRe = regexp.MustCompile(`(?i)\b(?:happen|happened|take place|took place|go ahead|went ahead|go through|went through)\b`)

// goalNear reports whether a sentence tells of what a question names as a
// demand or goal: a goalRe word within a few words of one of its stems
// ("the mention of a “full prisoner exchange” as essential to…"), not
// elsewhere in it ("…a phone conversation… signaled a coordinated push
// for…").
func goalNear(s string, subject []string) bool {
	const near = 30 // bytes, about four words
	toks := text.Tokenize(s)
	for _, g := range goalRe.FindAllStringIndex(s, -1) {
		for _, t := range toks {
			if slices.Contains(subject, text.Stem(t.Word)) && t.End >= g[0]-near && t.Start <= g[1]+near {
				return true
			}
		}
	}
	return false
}

// countIn counts the stems of words that seen holds.
func countIn(words []string, seen map[string]bool) int {
	n := 0
	for _, st := range words {
		if seen[st] {
			n++
		}
	}
	return n
}

// goalRe: a sentence telling of something as a demand or a goal ("the
// mention of a “full prisoner exchange” as essential to ending the war")
// does not say that it happened.
var goalRe = regexp.MustCompile(`(?i)\b(?:essential|prerequisite|demands?|demanded|calls? for|called for|push(?:es|ing)? for|pushed for|insist(?:s|ed)? on|goal|objective|priority|necessary|needed|mention of|proposals?|proposed|planned|envisag\w*|condition)\b`)

// possessedRe finds a thing of two words someone has ("zelensky's
// approval rating").
var possessedRe = regexp.MustCompile(`(?i)(\pL+)(?:'s|’s)\s+(\pL+)\s+(\pL+)`)

// isContracted: "what's", "it's", "there's" are a word and "is", not
// someone's.
var isContracted = map[string]bool{"what": true, "who": true, "where": true, "when": true, "why": true, "how": true,
	"that": true, "it": true, "there": true, "here": true, "he": true, "she": true, "this": true, "let": true}

// objectOpeners open what follows a verb, never what follows a noun:
// "ukraine's security matters such a lot", "russia's army needs a…".
var objectOpeners = map[string]bool{"a": true, "an": true, "the": true, "such": true}

// vagueHeads name no thing of their own after another noun: "ukraine's
// security situation" is Ukraine's security.
var vagueHeads = map[string]bool{"situation": true, "situations": true, "stuff": true, "thing": true, "things": true,
	"picture": true, "side": true, "aspect": true, "aspects": true}

// possessedFound reports whether the two words a question names as
// someone's are in a row in a top passage (or not both words searched).
func possessedFound(question string, q Query, seqs [][]string) bool {
	var pairs [][2]string
	for _, m := range possessedRe.FindAllStringSubmatchIndex(question, -1) {
		if isContracted[strings.ToLower(question[m[2]:m[3]])] {
			continue // "what's fueling ukraines urgency"
		}
		a, b := question[m[4]:m[5]], question[m[6]:m[7]]
		if next := text.Tokenize(question[m[1]:]); len(next) > 0 && objectOpeners[next[0].Word] && strings.ContainsRune(text.WordClasses(strings.ToLower(b)), 'v') {
			continue // "that ukraine's security matters such a…": a verb, no thing of two words
		}
		pairs = append(pairs, [2]string{a, b})
	}
	// chat drops the apostrophe ("zelenskys approval rating", "ukraines
	// eu membership bid"): a name WordNet has no form of, or a country,
	// searched, ending in s
	toks := text.Tokenize(question)
	for i, t := range toks[:max(0, len(toks)-2)] {
		if w := t.Word; len(w) > 3 && strings.HasSuffix(w, "s") && slices.Contains(q.Stems, text.Stem(w)) &&
			(text.WordClasses(w) == "" && !text.EnglishWord(text.Stem(w)) || isCountry(w[:len(w)-1])) {
			pairs = append(pairs, [2]string{toks[i+1].Word, toks[i+2].Word})
		}
	}
	for _, m := range pairs {
		a, b := strings.ToLower(m[0]), strings.ToLower(m[1])
		ca, cb := text.WordClasses(a), text.WordClasses(b)
		if text.IsStopWord(a) || text.IsStopWord(b) || !strings.ContainsRune(cb, 'n') || strings.ContainsRune(ca+cb, 'r') || strings.ContainsRune(ca, 'v') ||
			strings.ContainsRune(ca, 'a') && !strings.ContainsRune(ca, 'n') {
			continue // "ukraine's borders back in 94", "russia's attacks change…", "ukraines biggest fear": no thing of two words
		}
		if vagueHeads[b] {
			continue // "ukraine's security situation" is its security
		}
		sa, sb := text.Stem(a), text.Stem(b)
		if !slices.ContainsFunc(seqs, func(seq []string) bool { return thingIn(seq, sa, sb) }) {
			return false
		}
	}
	return true
}

// thingIn reports whether a passage's stems name the thing of two words a
// question says someone has: the words in a row ("approval rating"), or
// the second a few words before the first ("details for Ukraine's defense"
// for "ukraine's defense details").
func thingIn(seq []string, a, b string) bool {
	for i, st := range seq {
		if st != b {
			continue
		}
		if i > 0 && (seq[i-1] == a || closeModifier(a, seq[i-1])) {
			return true // "military pacts": "defense pacts"
		}
		for j := i + 2; j < len(seq) && j <= i+maxThingGap; j++ {
			if seq[j] == a {
				return true
			}
		}
	}
	return false
}

// closeModifier reports whether a passage's word before the thing's noun
// says what the question's does, by word vectors ("defense" for
// "military"; not a name for another: "russian" is no "ukrainian").
func closeModifier(asked, got string) bool {
	if text.NameLike(asked) || text.NameLike(got) {
		return false
	}
	sim, ok := text.Similarity(asked, got)
	return ok && sim >= closeModifierSim
}

// closeModifierSim: "military" and "defense" are 0.68 alike, "security"
// and "defense" 0.65; "approval" and "popularity" 0.30.
const closeModifierSim = 0.65

// maxThingGap: "details for Ukraine's defense" has the two words three
// apart.
const maxThingGap = 4

// relativeTimeRe finds a time named relative to now ("next year's
// summit", "the previous meeting"): a passage about another time does not
// answer. ("This month" frames the event the articles tell of: "when was
// the ceasefire signed earlier this month" is answered by "on Tuesday".)
var relativeTimeRe = regexp.MustCompile(`(?i)\b(next|last|previous|upcoming|follow[- ]?up)\s+(?:\pL+\s+)?(year|month|week|summit|meeting|round|election|talk)s?(?:'s|’s)?\b`)

// deadlineRe finds a question whether something will happen within a
// time ("will the war be over by the end of this year", "will they sign
// this month"): a passage naming no such time does not answer it.
var deadlineRe = regexp.MustCompile(`(?i)\b(?:will|going\s+to|gonna)\b.*\b(?:(?:by|before)\s+the\s+end\s+of\s+(?:this|the)|this|within\s+(?:a|the))\s+(year|month)\b`)

// withinRe finds a passage naming a time within which (deadlineRe's
// unit: year or month).
var withinRe = regexp.MustCompile(`(?i)\b(?:this|end of the|within (?:a|the)|next)\s+(year|month)\b`)

var spanRe = regexp.MustCompile(`(?i)\b(?:few|couple|several|two|three|many)\b`)

// untold returns a message without the sentences of its story that tell
// of someone telling or reading ("my teacher brought up the minsk deals
// last week"); "allies met in paris last month. which countries
// attended?" keeps its story, which dates what is asked.
func untold(question string) string {
	return partsWhere(question, func(p chatPart) bool { return p.asking || !tellingRe.MatchString(p.text) })
}

// tellingRe: a sentence telling of someone telling, reading or hearing.
var tellingRe = regexp.MustCompile(`(?i)\b(?:said|says|told|tells|mentioned|mentions|brought up|brings up|talked about|explained|taught|asked|heard|read|saw|watched|learned|posted|tweeted|argued|insists?|insisted|thinks?|claimed|claims|swears|swore|reckons|believes)\b`)

// ownTimeRe: a relative time of the asker's own life ("in our last
// meeting we were debating…", "my next class"), which dates no event the
// articles tell of.
var ownTimeRe = regexp.MustCompile(`(?i)\b(?:my|our)\s+(?:next|last|previous|upcoming)\s+(?:\pL+\s+)?(?:year|month|week|summit|meeting|round|election)s?\b`)

// afterEventRe asks what came after an exchange the articles report: "what
// happened after the macron zelenskyy call", "did trump ever reply to
// zelensky's letter", "after the blowup did they patch things up". The
// articles are news of these exchanges; what followed is told, if at
// all, as following them (afterCueRe). The exchange is named as a thing
// ("after the call"), not a deed ("what did trump do after meeting russia":
// "President Trump met with both… but left the process unclear").
var afterEventRe = regexp.MustCompile(`(?i)\b(?:after|following|since|in response to|reply to|respond(?:ed)? to|answer(?:ed)? to)\s+(?:all\s+)?(?:the|that|this|these|those|their|his|her|[\pL-]+['’]?s)\s+(?:[\pL-]+\s+){0,3}?(calls?|phone calls?|meetings?|summit|talks|conversations?|letters?|blow-?up|clash|spat|confrontation)\b`)

// afterCueRe finds a sentence telling what followed something named right
// after the cue (within afterReach bytes).
var afterCueRe = regexp.MustCompile(`(?i)\b(?:after|following|since|in response to|in the wake of|replied|responded|answered)\b`)

const afterReach = 60

// afterEventFound reports whether, for a question asking what came after
// an exchange (afterEventRe), a sentence of a quoted passage names the
// exchange right after a cue of following ("Following last night’s
// extensive assault, a phone conversation…" follows the assault, not the
// call). True for other questions.
func afterEventFound(question string, quoted []Hit) bool {
	m := afterEventRe.FindStringSubmatch(untold(question))
	if m == nil {
		return true
	}
	fs := strings.Fields(m[1]) // "phone calls": the last word names the exchange
	event := text.Stem(strings.ToLower(fs[len(fs)-1]))
	kinds := []string{event}
	for _, syn := range text.Synonyms(event) {
		kinds = append(kinds, text.Stem(syn))
	}
	if event == "call" {
		kinds = append(kinds, "convers") // "a phone conversation" is the call
	}
	for _, h := range quoted {
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			for _, c := range afterCueRe.FindAllStringIndex(s, -1) {
				after := text.Terms(s[c[1]:min(len(s), c[1]+afterReach)])
				if slices.ContainsFunc(kinds, func(k string) bool { return slices.Contains(after, k) }) {
					return true
				}
			}
		}
	}
	return false
}

// relativeTimeFound reports whether every relative time a question names
// is in a passage the answer may quote, said the same way, and whether
// one names the time a question asks something will happen within. Only
// the asking part counts: the story told before it ("my teacher brought
// up the minsk deals last week… why didn't they work") dates the asking,
// not the thing asked.
func relativeTimeFound(question string, top []Hit) bool {
	question = ownTimeRe.ReplaceAllString(untold(question), " ")
	if m := deadlineRe.FindStringSubmatch(question); m != nil {
		unit := strings.ToLower(m[1])
		if !slices.ContainsFunc(top, func(h Hit) bool {
			return slices.ContainsFunc(withinRe.FindAllStringSubmatch(h.Text, -1), func(n []string) bool { return strings.ToLower(n[1]) == unit })
		}) {
			return false
		}
	}
	// "these last few years": a span up to now, not another time
	return namedInTop(question, top, relativeTimeRe, func(m []string) bool { return spanRe.MatchString(m[0]) },
		func(m []string) string {
			return strings.ToLower(unhyphenated.Replace(m[1])) + " " + strings.ToLower(m[2])
		})
}

// unhyphenated writes "follow-up" and "follow up" alike.
var unhyphenated = strings.NewReplacer("-", "", " ", "")

// namedInTop reports whether each match of re in the question that skip
// leaves has a match in some top passage with the same key.
func namedInTop(question string, top []Hit, re *regexp.Regexp, skip func(m []string) bool, key func(m []string) string) bool {
	for _, m := range re.FindAllStringSubmatch(question, -1) {
		if skip(m) {
			continue
		}
		want := key(m)
		if !slices.ContainsFunc(top, func(h Hit) bool {
			return slices.ContainsFunc(re.FindAllStringSubmatch(h.Text, -1), func(n []string) bool { return key(n) == want })
		}) {
			return false
		}
	}
	return true
}

// designationRe finds a model designation: letters, a hyphen, digits
// ("f-16s", "s-400", "mig-29", "t-72").
var designationRe = regexp.MustCompile(`(?i)\b([a-z]{1,4})[- ]?(\d{1,4})s?\b`)

// designationsFound reports whether every model designation a question
// names ("are f-16s part of the package") is in a passage the answer may
// quote, with or without its hyphen: the tokenizer splits "F-16" into a
// letter and a number, which alone match anything.
func designationsFound(question string, top []Hit) bool {
	// "article 5", "post-2014", "covid19": no designation
	return namedInTop(question, top, designationRe,
		func(m []string) bool {
			return !strings.Contains(m[0], "-") || timePrefixes[strings.ToLower(m[1])] || len(m[2]) == 4
		},
		func(m []string) string { return strings.ToLower(m[1]) + m[2] }) // "F-16", "F16", "F-16s"
}

// memberRe asks whether one belongs to a group: "is the uk part of the
// coalition of the willing", "was germany one of the thirty countries at
// the summit", "has the us actually joined the coalition".
var memberRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|wait)\s+)?(?:is|was|are|were|has|have|did)\s+(.+?)\s+(?:(?:actually|really|even|also|already|ever)\s+)?(?:part of|one of|a member of|members of|among|join(?:ed)?)\s+(.+)$`)

// memberFound reports whether, for a question whether one belongs to a
// group, two consecutive sentences of a passage the answer may quote name
// the one asked about and most of the group's name: "Russia, the U.S. and
// the U.K. promised…" says nothing of the coalition of the willing.
func memberFound(question string, q Query, top []Hit) bool {
	ask := text.UnchatText(askingPart(question))
	m := memberRe.FindStringSubmatch(ask)
	if m == nil || asksArticles(ask) {
		return true // "did any of the articles suggest the nordics should be part of…": what the articles say is asked
	}
	terms := func(s string) []string {
		var out []string
		for _, t := range text.Tokenize(s) {
			if st := text.Stem(t.Word); (!text.IsStopWord(t.Word) || namesCountry(t.Word)) && slices.Contains(q.Stems, st) {
				out = append(out, st)
			}
		}
		return out
	}
	who, group := terms(m[1]), terms(m[2])
	if len(who) == 0 || len(group) == 0 {
		return true
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		for i := range spans {
			seen := q.presentLoose(stemSeq(h.Text[spans[i].Start:spans[min(i+1, len(spans)-1)].End]))
			// most of the group's name, two words of it at least
			if countIn(who, seen) == len(who) && countIn(group, seen) >= max((len(group)+1)/2, min(2, len(group))) {
				return true
			}
		}
	}
	return false
}

// taskFound reports whether, for a question asking what job or task
// someone was given ("what job did trump give his envoy"), a sentence of a
// passage the answer may quote tells of one given: "He tasked his envoy to
// negotiate…", not "a confrontation between Zelensky and JD Vance". True
// for other questions.
func taskFound(question string, top []Hit) bool {
	if !taskAskRe.MatchString(askingPart(question)) {
		return true
	}
	return slices.ContainsFunc(top, func(h Hit) bool { return taskedRe.MatchString(h.Text) })
}

var (
	// taskAskRe asks what job or task one has or was given.
	taskAskRe = regexp.MustCompile(`(?i)\b(?:what|wat|which)\s+(?:\S+\s+)?(?:job|jobs|task|tasks)\b`)
	// taskedRe tells of a job or task given or held.
	taskedRe = regexp.MustCompile(`(?i)\b(?:task(?:s|ed)?|assign(?:s|ed|ment)?|charged with|in charge of|job|role|responsib\w*|mandate[ds]?|appointed|entrusted)\b`)
)

// ownedFound reports whether, for a question asking for someone's
// proposal, plan, offer or view ("whats jd vance's actual proposal for the
// guarantees"), a sentence of a passage the answer may quote has them
// proposing, offering or holding a view (see holdsView): "a confrontation
// between Zelensky and JD Vance about security guarantees" proposes
// nothing. True for other questions.
func ownedFound(question string, q Query, top []Hit) bool {
	ask := askingPart(question)
	m := ownedRe.FindStringSubmatch(ask)
	if m == nil || sourceAskRe.MatchString(ask) || docNounsRe.MatchString(ask) {
		return true // "what do the different articles say about trump's position": what they say
	}
	owner := strings.ToLower(m[1])
	if !strings.Contains(m[0], "'") && !strings.Contains(m[0], "’") {
		// chat drops the apostrophe: "vances proposal" — a name or a
		// country that ends in s
		base := strings.TrimSuffix(owner, "s")
		if base == owner || !(isCountry(base) || !text.EnglishWord(text.Stem(base))) {
			return true
		}
		owner = base
	}
	who := []string{text.Stem(owner)}
	if text.IsStopWord(owner) || !slices.Contains(q.Stems, who[0]) {
		return true // "what's their plan", a word not searched
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		for i := range spans {
			seq := stemSeq(h.Text[spans[i].Start:spans[i].End])
			if holdsView(q, seq, who) || ownsDeed(q, seq, who) {
				return true
			}
		}
	}
	return false
}

// docNounsRe finds a question about the articles themselves.
var docNounsRe = regexp.MustCompile(`(?i)\b(?:articles?|pieces?|stor(?:y|ies)|authors?|writers?)\b`)

// ownedRe finds someone's proposal, plan, offer or view, the owner its
// first group.
var ownedRe = regexp.MustCompile(`(?i)\b(\pL+)(?:'s|’s|s)?\s+(?:actual\s+|real\s+|own\s+|exact\s+)?(?:proposal|proposals|plan|plans|offer|pledge|promise|position|stance|view|views|demand|demands|idea|suggestion|recommendation|response|reaction|take)\b`)

// deedStems are the words of offering or planning that tell a deed of
// the one named near them.
var deedStems = stemsOf("offer", "pledge", "promise", "plan", "idea", "help", "send", "provide", "commit", "commitment", "vow", "float")

// ownsDeed reports whether one of who is, in seq, within a few words of a
// word of offering or planning.
func ownsDeed(q Query, seq []string, who []string) bool { return nearWord(q, seq, who, deedStems) }

// recommendFound reports whether, for a question asking what someone
// recommended or proposed ("which model for guarantees did chatham house
// end up recommending"), a sentence of a passage the answer may quote has
// them holding a view or proposing (see holdsView): "The analysis from
// Chatham House … provides a comprehensive overview" recommends nothing.
// True for other questions.
func recommendFound(question string, q Query, top []Hit) bool {
	m := recommendRe.FindStringSubmatch(askingPart(question))
	if m == nil {
		return true
	}
	if slices.ContainsFunc(text.Tokenize(m[1]), func(t text.Token) bool { return docNounStems[text.Stem(t.Word)] }) {
		return true // "what did the first article propose": what it says
	}
	who := whoStems(m[1], false)
	if len(who) == 0 {
		return true // "what do they recommend"
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		for i := range spans {
			// all of a name of several words ("human rights watch", not
			// "analysts are closely watching for signals")
			seq := stemSeq(h.Text[spans[i].Start:spans[i].End])
			if !slices.ContainsFunc(who, func(w string) bool { return !names(q, seq, []string{w}) }) && holdsView(q, seq, who) {
				return true
			}
		}
	}
	return false
}

// docNounStems name an article or its author: what an article proposes
// is what it says.
var docNounStems = stemsOf("article", "articles", "piece", "story", "author", "writer", "essay", "explainer", "text", "op-ed", "oped")

// recommendRe asks what one (its first group) recommended or proposed.
var recommendRe = regexp.MustCompile(`(?i)\b(?:(?:what|wat)\s+|which\s+(?:[\pL]+\s+){1,4}?)(?:did|does|do|has|have|would|will)\s+((?:the\s+)?[\pL.-]+(?:\s+[\pL.-]+){0,3}?)\s+(?:(?:end up|ended up|actually|finally|eventually|really|even)\s+)?(?:recommend(?:ed|ing)?|suggest(?:ed|ing)?|advise[ds]?|advising|advocate[ds]?|advocating|endorse[ds]?|endorsing|propose[ds]?|proposing)\b`)

// refusalFound reports whether, for a question asking why or whether
// someone refused something ("why did biden refuse to attend the paris
// summit", "why did turkey refuse to join the pact"), a sentence of a
// passage the answer may quote tells of a refusal by them: a word of
// refusing ("Russia has opposed…", "Moscow says it will never accept…")
// with the one asked about named in it or the sentence before. Passages
// that name them doing something else do not tell why they refused. True
// for other questions.
func refusalFound(question string, q Query, top []Hit) bool {
	m := refusalAskRe.FindStringSubmatch(askingPart(question))
	if m == nil {
		return true
	}
	who := whoStems(m[1], true)
	if len(who) == 0 {
		return true // "why did they refuse"
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		for i, sp := range spans {
			if !refusingRe.MatchString(h.Text[sp.Start:sp.End]) {
				continue
			}
			around := stemSeq(h.Text[spans[max(i-1, 0)].Start:sp.End])
			if names(q, around, who) {
				return true
			}
		}
	}
	return false
}

// whoStems returns the stems of the words naming the one a question asks
// about (s, the words before its verb): not stop words, nor words that
// only describe ("what is the current position…" names nobody); "us", a
// stop word, too when it is the country (us).
func whoStems(s string, us bool) []string {
	var who []string
	for _, t := range text.Tokenize(s) {
		if !text.IsStopWord(t.Word) && !text.Describes(t.Word) || us && t.Word == "us" {
			who = append(who, text.Stem(t.Word))
		}
	}
	return who
}

// refusalAskRe asks why or whether someone refused: the one asked about
// is its first group.
var refusalAskRe = regexp.MustCompile(`(?i)\b(?:why|did|does|do|has|have)\s+((?:\S+\s+){1,3}?)(?:(?:actually|really|just|even|always|ever)\s+)?(?:refused?|reject(?:ed)?|declined?|turn(?:ed)?\s+down|say\s+no|said\s+no|veto(?:ed)?|block(?:ed)?|oppose[sd]?|rule[sd]?\s+out|boycott(?:ed)?|snub(?:bed)?)\b`)

// refusingRe finds a sentence telling of a refusal.
var refusingRe = regexp.MustCompile(`(?i)\b(?:refus\w*|reject\w*|declin\w*|turn(?:ed|s)?\s+down|veto\w*|block\w*|oppos\w*|rule[sd]?\s+out|ruling\s+out|boycott\w*|snub\w*|never|won['’]?t|will\s+not|would\s+not|wouldn['’]?t|did\s+not|didn['’]?t|does\s+not|doesn['’]?t|not\s+accept|against|resist\w*|unwilling|reluctan\w*|hesitan\w*|balk\w*|but\s+not)\b`)

// names reports whether seq names one of who: the word itself, a word
// standing for it in the gate, or a name WordNet gives for it ("Moscow"
// for Russia, "Kyiv" for Ukraine).
func names(q Query, seq []string, who []string) bool {
	// a name of several words ("The U.S." for "us")
	if present := q.present(seq); slices.ContainsFunc(who, func(w string) bool { return present[w] }) {
		return true
	}
	return slices.ContainsFunc(seq, func(st string) bool {
		return slices.ContainsFunc(who, func(w string) bool {
			return q.present([]string{st})[w] || slices.ContainsFunc(text.Synonyms(st), func(syn string) bool { return text.Stem(syn) == w })
		})
	})
}

// namesTogetherFound reports whether, for a yes/no question naming two
// or more countries, peoples or persons ("did macron promise to send
// french soldiers", "is germany gonna contribute soldiers to the european
// force"), two consecutive sentences of a passage the answer may quote name
// them all with a word of what is asked of them: Macron's call and
// Europe's troops, told apart, do not say that France will send any.
func namesTogetherFound(question string, q Query, top []Hit) bool {
	ask := askingPart(question)
	if !yesNoRe.MatchString(ask) || sourceAskRe.MatchString(ask) {
		return true
	}
	asked := map[string]bool{}
	for _, t := range text.Tokenize(ask) {
		asked[text.Stem(t.Word)] = true
	}
	var names, rest []string
	for i, st := range q.Stems {
		if !asked[st] || q.context[st] {
			continue
		}
		w := q.Words[i]
		if namesCountry(w) || len(text.Demonyms(w)) > 0 || text.NameLike(st) && !text.EnglishWord(st) {
			names = append(names, st)
		} else if !text.IsStopWord(w) {
			rest = append(rest, st)
		}
	}
	if len(names) < 2 || len(rest) == 0 {
		return true
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		title := q.presentLoose(stemSeq(h.Title)) // what the whole article is about ("Ukraine")
		for i := range spans {
			seq := stemSeq(h.Text[spans[i].Start:spans[min(i+1, len(spans)-1)].End])
			seen := q.presentLoose(seq)
			for st := range title {
				if slices.Contains(names, st) {
					seen[st] = true
				}
			}
			for _, x := range seq { // "French" names France, "Ukrainian" Ukraine
				for _, place := range text.Demonyms(x) {
					seen[text.Stem(place)] = true
				}
			}
			for _, st := range names {
				for _, adj := range text.Demonyms(st) {
					if slices.Contains(seq, text.Stem(adj)) {
						seen[st] = true
					}
				}
				for _, adj := range text.ProperAdjectives(st) {
					if slices.Contains(seq, text.Stem(adj)) {
						seen[st] = true
					}
				}
			}
			if !slices.ContainsFunc(names, func(st string) bool { return !seen[st] }) && slices.ContainsFunc(rest, func(st string) bool { return seen[st] }) {
				return true
			}
		}
	}
	return false
}

// specificRe asks which particular things of a kind there were: "what
// specific sanctions", "which sanctions exactly", "like which banks".
var specificRe = regexp.MustCompile(`(?i)\b(?:what|which)\s+(?:specific|particular|exact)\s+(\pL+(?:\s+\pL+)?)|\b(?:what|which)\s+(\pL+)\s+exactly\b|\blike\s+(?:what|which)\s+(\pL+)`)

// specificsFound reports whether, for a question asking which particular
// things of a kind there were, a sentence of a passage the answer may
// quote that names the kind names one after it: a name, a number or a
// list ("sanctions on banks, energy and…"), not "imposed limited
// sanctions". True when no sentence names the kind: its other words
// decide.
func specificsFound(question string, top []Hit) bool {
	var kinds []string
	for _, m := range specificRe.FindAllStringSubmatch(question, -1) {
		for _, g := range m[1:] {
			// the kind is the last noun: "specific eu initiative",
			// "specific sanctions did"
			words := strings.Fields(strings.ToLower(g))
			for i := len(words) - 1; i >= 0; i-- {
				if w := words[i]; !text.IsStopWord(w) && strings.ContainsRune(text.WordClasses(w), 'n') {
					kinds = append(kinds, text.Stem(w))
					break
				}
			}
		}
	}
	if len(kinds) == 0 {
		return true
	}
	for _, k := range slices.Clone(kinds) {
		// "like which countries": "key partner nations – like France,
		// Germany, and the United States" names them too
		syns := text.WordNetSynonyms(k)
		for _, syn := range syns[:min(2, len(syns))] {
			if !strings.Contains(syn, " ") {
				kinds = append(kinds, text.Stem(syn))
			}
		}
	}
	// a place the question names is no instance ("war crimes in Ukraine"
	// for "…in ukraine"); one it doesn't may be ("fighting in eastern
	// Ukraine" for "which fighting exactly")
	asked := questionWords(question)
	told := false
	for _, h := range top {
		for _, sp := range text.Sentences(h.Text) {
			s := h.Text[sp.Start:sp.End]
			toks := text.Tokenize(s)
			for i, t := range toks {
				if !slices.Contains(kinds, text.Stem(t.Word)) {
					continue
				}
				told = true
				if m := specificAfterRe.FindStringSubmatch(s[t.End:]); m != nil && (m[1] == "" || !isPlaceName(m[1]) || !asked[text.Fold(m[1])]) || i > 0 && (properBeforeRe.MatchString(s[:t.Start]) || startsUpper(s[t.Start:])) {
					return true
				}
			}
		}
	}
	// "what specific weapons did the us pledge": no passage naming
	// weapons names which
	return !told && !specificKindRe.MatchString(question)
}

// specificKindRe asks for particular things of a kind by "specific",
// "particular" or "exact".
var specificKindRe = regexp.MustCompile(`(?i)\b(?:what|which)\s+(?:specific|particular|exact)\s+\pL`)

// startsUpper reports whether s opens with a capital letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isPlaceName reports a country or place ("war crimes in Ukraine" names
// no crime).
func isPlaceName(w string) bool {
	f := text.Fold(strings.TrimRight(w, "’'s"))
	return len(text.Countries(w)) > 0 || text.Place(f) || isCountry(f)
}

// specificAfterRe finds, after a kind's name, one of its instances: a
// name, a number, or a list ("such as", "including", a colon).
var specificAfterRe = regexp.MustCompile(`^[^.;]*?(?:\b(?:such as|including|like|namely|notably)\b|:|\d)|^\W*(?:[\pL'’-]+\s+){0,2}(\p{Lu}[\pL'’.-]*)`)

// properBeforeRe: a name right before the kind ("the European Defense
// Initiative", "EU sanctions").
var properBeforeRe = regexp.MustCompile(`\p{Lu}[\pL.-]*\s+$`)

// timePrefixes open a time, not a designation ("post-2014", "mid-90s").
var timePrefixes = map[string]bool{"pre": true, "post": true, "mid": true, "late": true, "early": true}

// yesNoRe finds a question asking whether something happened or holds.
var yesNoRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but)\s+)?(?:did|does|do|has|have|had|will|would|can|could|is|are|was|were)\s+`)

// asksArticles reports whether a yes/no question asks what the articles
// say, naming them ("did any of the articles pitch that"); not "did they…",
// which sourceAskRe reads so too, but whose "they" is as often the actors.
func asksArticles(ask string) bool {
	m := strings.ToLower(sourceAskRe.FindString(ask))
	return m != "" && !strings.HasSuffix(m, "they") && !strings.HasSuffix(m, "it")
}

// sourceAskRe finds a yes/no question about what the articles say ("does
// the paris article say…", "do the articles agree that…"): what follows is
// the question, not the verb; so is "did any of the articles…".
var sourceAskRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but)\s+)?(?:do|does|did|is|are)\s+(?:(?:any|one|either|both|all|none|some)\s+of\s+)?(?:the\s+|any\s+|these\s+)?(?:[\pL-]+\s+)?(?:articles?|pieces?|sources?|docs?|texts?|stories|reports?|they|it)\b`)

// didNameRe finds a question whether someone named did something: "did
// jd vance apologize…", "did macron fly to kyiv…"; the words after "did".
var didNameRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|wait)\s+)?did\s+(.+)$`)

// deedUnseen reports whether a question whether someone named did
// something asks of a deed no passage of the index tells, by its verb or
// a word searched for it: "did vance apologize to zelensky after their
// clash" cannot be answered yes or no where no one apologizes.
func deedUnseen(question string, q Query, ts TermStats) bool {
	m := didNameRe.FindStringSubmatch(askingPart(question))
	if m == nil {
		return false
	}
	toks := text.Tokenize(m[1])
	i := 0
	for i < len(toks) && !text.IsStopWord(toks[i].Word) && (text.NameLike(text.Stem(toks[i].Word)) ||
		ts.DF[text.Stem(toks[i].Word)] > 0 && !text.EnglishWord(text.Stem(toks[i].Word))) {
		i++ // the one named: "jd vance", "macron"
	}
	if i == 0 || i >= len(toks) {
		return false
	}
	w := toks[i].Word
	st := text.Stem(w)
	if text.IsStopWord(w) || !strings.Contains(text.WordClasses(w), "v") || ts.DF[st] > 0 || len(q.spellings[st]) > 0 {
		return false
	}
	return !slices.ContainsFunc(q.Alt[st], func(alt string) bool { return phraseDF(alt, ts) > 0 })
}

// anyoneSaysRe asks whether anyone in the articles says something: "is
// anyone talking about grabbing moscows cash…", what the articles say.
var anyoneSaysRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but)\s+)?(?:is|are|does|do|did)\s+(?:anyone|anybody|someone|somebody|any\s+of\s+them)\s+(?:talking|saying|mention\w*|discuss\w*|suggest\w*|propos\w*|pitch\w*|argu\w*|bring\w*\s+up|say|talk)\b`)

// orAlternativeRe finds the other way a yes/no question is asked after
// "or": "…or is that off the table", "…or not", "…or nah".
var orAlternativeRe = regexp.MustCompile(`(?i)\s+or\s+(?:is|are|was|were|will|would|does|do|did|has|have|not|nah|no|nope)\b.*$`)

// ifNotRe finds what a yes/no question asks next for either answer: "is
// nato membership for ukraine happening and if not whats the alternative
// being floated", "…, if so how".
var ifNotRe = regexp.MustCompile(`(?i)[\s,;]+(?:(?:and|but|or|&)\s+)?if\s+(?:not|so|yes|no|nah|it\s+(?:is|isn[’']?t|is\s+not)|they\s+(?:are|aren[’']?t|do|don[’']?t))\b.*$`)

// predicateFound reports whether, for a yes/no question, a top passage
// holds at least half the weight of what the question says of its
// subjects, the words that name no country, place or person: "did the us
// and ukraine sign a minerals deal" is covered by any passage on American
// aid to Ukraine, but only one about signing a deal answers it.
func predicateFound(question string, q Query, w map[string]float64, seqs [][]string) bool {
	ask := askingPart(question)
	if !yesNoRe.MatchString(ask) || sourceAskRe.MatchString(ask) || requestRe.MatchString(ask) || anyoneSaysRe.MatchString(ask) {
		return true
	}
	if story, _, ok := strings.Cut(question, ask); ok && story != "" && backRefAskRe.MatchString(ask) {
		// "…france has military deals with countries in africa. is
		// something like that being considered for ukraine?": what is
		// asked is the story's, which the gate judged whole (see
		// contextStems)
		return true
	}
	if story, _, ok := strings.Cut(question, ask); ok && checkingRe.MatchString(ask) && !toldJudgementRe.MatchString(story) {
		// "my uncle says russia wants land… is he right?": a check of the
		// story's claim, which the gate judges (see askBack), unless the
		// claim is itself a judgement ("…says jd vance is right")
		return true
	}
	m := judgedRe.FindStringSubmatch(ask)
	if m == nil {
		m = thinkJudgedRe.FindStringSubmatch(ask) // "do u think macron is doing a good job"
	}
	if m != nil && !pronounSubjectRe.MatchString(ask) {
		// "is macron a good leader", "is jd vance right about ukraine":
		// a judgement the passages must make in those words
		judged := text.Stem(strings.ToLower(m[1]))
		var names []string // of whom it is asked
		for i, st := range q.Stems {
			if text.NameLike(st) || !text.EnglishWord(st) || isCountry(q.Words[i]) {
				names = append(names, st)
			}
		}
		if !slices.ContainsFunc(seqs, func(seq []string) bool {
			return slices.Contains(seq, judged) && !slices.ContainsFunc(names, func(n string) bool { return !slices.Contains(seq, n) })
		}) {
			return false
		}
	}
	if predicateHeld(q, w, seqs, nil) {
		return true
	}
	// "is ukraine getting into nato or is that off the table": the
	// question asked the other way after "or" needs no passage of its own
	// words ("…or does it need to handle its own protection" may: either
	// way will do)
	loc := orAlternativeRe.FindStringIndex(ask)
	if loc == nil {
		loc = ifNotRe.FindStringIndex(ask) // "…and if not whats the alternative": either answer's question
	}
	if loc != nil {
		head := stemSet(ask[:loc[0]])
		other := map[string]bool{}
		for _, st := range text.Terms(ask[loc[0]:]) {
			other[st] = !head[st]
		}
		return predicateHeld(q, w, seqs, other)
	}
	return false
}

// predicateHeld reports whether a passage holds at least half the weight
// of the question's words that name no country, place or person, those
// in skip aside (see predicateFound).
func predicateHeld(q Query, w map[string]float64, seqs [][]string, skip map[string]bool) bool {
	pred := map[string]float64{}
	var total float64
	for i, st := range q.Stems {
		if w[st] == 0 || q.context[st] || isCountry(q.Words[i]) || slices.ContainsFunc(text.Synonyms(q.Words[i]), isCountry) ||
			text.NameLike(st) || text.Place(q.Words[i]) || skip[st] {
			continue
		}
		pred[st] = w[st]
		total += w[st]
	}
	if total == 0 {
		return true
	}
	derived := map[string][]string{} // "present": "presenc"
	for i, st := range q.Stems {
		for _, n := range derivedNouns(q.Words[i]) {
			derived[st] = append(derived[st], text.Stem(n))
		}
	}
	for _, seq := range seqs {
		var have float64
		present := q.presentLoose(seq)
		for st, x := range pred {
			if present[st] || q.scope[st] || slices.ContainsFunc(derived[st], func(d string) bool { return slices.Contains(seq, d) }) {
				have += x // the article named is what every passage of it is
			}
		}
		if have >= total/2 {
			return true
		}
	}
	return false
}

// thinkJudgedRe asks the reader's judgement of someone: "do u think
// macron is doing a good job on ukraine".
var thinkJudgedRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but|tbh|ngl|honestly)\s+)?(?:do|does|did)\s+(?:you|u|ya|yall|people|ppl|they|we)\s+(?:think|reckon|feel|believe)\s+(?:that\s+)?(?:\S+\s+){1,3}?(?:is|are|was|were|has been|have been)\s+(?:doing\s+|being\s+)?(?:(?:a|an|the)\s+)?(?:really\s+|very\s+|pretty\s+)?(` + judgementWords + `)\b`)

// judgementWords judge someone or something ("is macron a good leader").
const judgementWords = `good|bad|right|wrong|smart|competent|successful|popular|corrupt|honest|trustworthy|great|terrible`

// judgedRe finds a yes/no question asking for a judgement of someone or
// something: "is macron a good leader", "was trump right about nato".
var judgedRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but)\s+)?(?:is|are|was|were)\s+(?:\S+\s+){1,4}?(?:(?:a|an|the|doing a|being a)\s+)?(` + judgementWords + `)\b`)

// toldJudgementRe finds a judgement told in a story: "my friend says jd
// vance is right about ukraine".
var toldJudgementRe = regexp.MustCompile(`(?i)\b(?:is|are|was|were)\s+(?:\S+\s+){0,3}?(?:` + judgementWords + `)\b`)

// pronounSubjectRe: "is that right?", "is it good": a check of what was
// said, not a judgement of someone.
var pronounSubjectRe = regexp.MustCompile(`(?i)^\W*(?:(?:so|ok|and|but)\s+)?(?:is|are|was|were)\s+(?:that|this|it|these|those|they)\b`)

// missesFocus reports whether a missing word names the thing asked for.
func missesFocus(q Query, missing []string) bool {
	for _, w := range missing {
		if slices.Contains(q.focus, text.Stem(w)) {
			return true
		}
	}
	return false
}

// stanceRe asks for someone's position on a subject: "what's germany's
// position on sending troops", "what is trumps view of nato".
var stanceRe = regexp.MustCompile(`(?i)\bwhat(?:'?s|’s| is| was| are)\s+(?:the\s+)?([\pL.-]+(?:\s+[\pL.-]+)?)(?:'s|’s|s'|s)?\s+(?:(?:actual|real|official|own|personal|exact|current)\s+)?(?:position|stance|view|views|take|stand|opinion|attitude)\s+(?:on|of|about|towards?|regarding)\s+(.+)$`)

// stanceFound reports whether, for a question asking for someone's
// position on a subject (or what they think or feel of it), two
// consecutive sentences of a top passage name both the one asked about,
// holding a view (see holdsView), and a word of the subject: a passage
// listing Germany among partners says nothing of its position on troops,
// nor "could include Turkey" of what Turkey thinks of the pact.
func stanceFound(question string, q Query, top []Hit) bool {
	m := stanceRe.FindStringSubmatch(text.UnchatText(question))
	if m == nil {
		m = thinkRe.FindStringSubmatch(text.UnchatText(question))
	}
	if m == nil || docNounsRe.MatchString(m[1]) {
		return true // "what does the macron article think of…": what it says
	}
	// "what is the current position on sanctions": an adjective names
	// nobody
	who := whoStems(m[1], false)
	subject := text.Terms(m[2])
	if len(who) == 0 || len(subject) == 0 {
		return true
	}
	for _, h := range top {
		spans := text.Sentences(h.Text)
		for i := range spans {
			seq := stemSeq(h.Text[spans[i].Start:spans[min(i+1, len(spans)-1)].End])
			seen := q.present(seq)
			if slices.ContainsFunc(who, func(st string) bool { return seen[st] }) && slices.ContainsFunc(subject, func(st string) bool { return seen[st] }) &&
				holdsView(q, seq, who) {
				return true
			}
		}
	}
	return false
}

// thinkRe asks what someone thinks or feels of a subject: "what does
// turkey think about joining the pact", "how does the kremlin feel about
// foreign soldiers".
var thinkRe = regexp.MustCompile(`(?i)\b(?:what|how)\s+(?:(?:does|do|did)\s+)?((?:the\s+)?[\pL.-]+(?:\s+[\pL.-]+)?)\s+(?:(?:themselves|itself|himself|herself|personally|actually|really)\s+)?(?:think|feel|feels|thinks|thought|felt)\s+(?:about|of|on|regarding|towards?)\s+(.+)$`)

// viewStems are the verbs and nouns by which a sentence tells what someone
// holds: "Moscow says it will never accept…", "Putin sees Ukraine as…",
// "Trump has often expressed a desire…".
var viewStems = stemsOf("say", "said", "says", "believe", "think", "thought", "argue", "support", "oppose", "reject", "welcome", "want",
	"demand", "see", "saw", "view", "insist", "warn", "fear", "hope", "call", "express", "criticize", "criticise", "praise", "back",
	"consider", "accept", "refuse", "agree", "disagree", "favor", "favour", "urge", "seek", "sought", "dismiss", "position", "stance",
	"opinion", "wish", "desire", "prefer", "preference", "claim", "assert", "assertion", "stress", "emphasize", "emphasise", "describe",
	"state", "stated", "note", "add", "declare", "announce", "tell", "told", "reiterate", "acknowledge", "maintain", "deem", "regard",
	"clarify", "clarified", "feel", "felt", "highlight", "signal", "stance", "critical", "skeptical", "sceptical", "concern", "worried",
	"recommend", "recommendation", "suggest", "suggestion", "advise", "advocate", "endorse", "propose", "proposal")

func stemsOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[text.Stem(w)] = true
	}
	return m
}

// holdsView reports whether one asked about is, in seq, within a few
// words of a verb or noun of holding a view ("Moscow says…", "as stated
// by President Zelensky").
func holdsView(q Query, seq []string, who []string) bool { return nearWord(q, seq, who, viewStems) }

// nearWord reports whether one of who (or a name standing for it: "Kyiv
// felt…" for Ukraine) is, in seq, within a few words of one of words,
// after or before it: not "the United States", nor the one asked about
// itself ("the Baltic states").
func nearWord(q Query, seq []string, who []string, words map[string]bool) bool {
	const near = 6
	for i, st := range seq {
		if !names(q, []string{st}, who) {
			continue
		}
		for j := max(0, i-near); j < min(len(seq), i+1+near); j++ {
			if j != i && words[seq[j]] && !(seq[j] == "state" && j > 0 && seq[j-1] == "unit") && !slices.Contains(who, seq[j]) {
				return true
			}
		}
	}
	return false
}
