// Package text holds the language helpers shared by ingestion and retrieval:
// a tokenizer and stemmer that agree with SQLite FTS5's
// "porter unicode61 remove_diacritics 2" tokenizer, stop words, and a
// sentence splitter that knows common abbreviations.
package text

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text with its byte offsets.
type Token struct {
	Word       string // folded (lower case, no diacritics), not stemmed
	Start, End int    // byte offsets into the original text
}

// Tokenize splits s the way FTS5's unicode61 tokenizer splits
// SpaceCJK(s), which is what the index holds: runs of letters and digits
// are tokens, everything else separates them, and every Chinese or
// Japanese character (see IsCJK) is a token of its own, since those
// languages write no spaces between words. Words are lower-cased and
// stripped of diacritics.
func Tokenize(s string) []Token { return tokenize(s, true) }

// tokenize is Tokenize; without fold, each Token's Word is left empty
// (folding allocates for every capitalised word).
func tokenize(s string, fold bool) []Token {
	toks := make([]Token, 0, len(s)/6)
	word := func(w string) string {
		if fold {
			return Fold(w)
		}
		return ""
	}
	start := -1
	for i := 0; i < len(s); {
		var in bool
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			in = asciiWord[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			in = isTokenRune(r)
			if in && IsCJK(r) {
				if start >= 0 {
					toks = append(toks, Token{Word: word(s[start:i]), Start: start, End: i})
					start = -1
				}
				end := i + size
				for end < len(s) { // combining marks stay with their character
					m, n := utf8.DecodeRuneInString(s[end:])
					if !unicode.Is(unicode.Mn, m) {
						break
					}
					end += n
				}
				toks = append(toks, Token{Word: s[i:end], Start: i, End: end}) // FTS5 keeps kana's voicing marks: no Fold
				i = end
				continue
			}
		}
		if in {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			toks = append(toks, Token{Word: word(s[start:i]), Start: start, End: i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		toks = append(toks, Token{Word: word(s[start:]), Start: start, End: len(s)})
	}
	return toks
}

// IsCJK reports whether r is a Chinese character (Han, in Chinese and
// Japanese), Japanese kana or a Korean (Hangul) syllable: a character that
// is a word of its own in the index. Chinese and Japanese write no spaces
// between words, which FTS5's unicode61 tokenizer would take a whole run
// of as one word. Korean separates its words with spaces but glues
// particles and endings to them ("도서관은", "도서관에서" are both the
// library), so a word rarely matches as asked; its syllables do.
func IsCJK(r rune) bool {
	return r >= 0x3040 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || IsHangul(r))
}

// IsHangul reports whether r is a precomposed Korean syllable.
func IsHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// SpaceCJK puts a space around every Chinese, Japanese or Korean character of s
// that touches another letter or digit, so that FTS5's unicode61
// tokenizer indexes each as a word of its own, as Tokenize reads it; the
// index holds SpaceCJK of each column (store), and a quoted query word of
// several such characters is then a phrase of consecutive characters. s
// comes back unchanged, without copying, when it has none.
func SpaceCJK(s string) string {
	i := 0
	for i < len(s) {
		if s[i] >= utf8.RuneSelf {
			if r, _ := utf8.DecodeRuneInString(s[i:]); IsCJK(r) {
				break
			}
		}
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	prevWord, prevCJK := false, false // of the last rune written
	for _, r := range s {
		word := isTokenRune(r)
		cjk := word && IsCJK(r)
		if word && prevWord && (cjk || prevCJK) && !unicode.Is(unicode.Mn, r) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prevWord, prevCJK = word, cjk
	}
	return b.String()
}

// asciiWord marks the ASCII bytes isTokenRune accepts: letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isTokenRune(rune(c))
	}
	return t
}()

func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) ||
		unicode.Is(unicode.Mn, r) // combining marks stay inside their word
}

// Fold lower-cases w and removes diacritics ("Zélensky" → "zelensky").
func Fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Terms returns the stemmed, non-stop-word terms of s in order, with duplicates.
func Terms(s string) []string {
	var out []string
	for _, t := range Tokenize(s) {
		if IsStopWord(t.Word) {
			continue
		}
		out = append(out, Stem(t.Word))
	}
	return out
}

// StopWords returns the stop words, in no order.
func StopWords() []string {
	out := make([]string, 0, len(stopWords))
	for w := range stopWords {
		out = append(out, w)
	}
	slices.Sort(out) // a caller taking the first that fits gets the same one every run
	return out
}

// IsStopWord reports whether a folded word carries no meaning for search.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}

var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are
	aren as at be because been before being below between both but by can could did didn do does
	doesn doing don down during each either else even ever every few for from further get gets got getting gotten had
	has hasn have haven having he her here hers herself him himself his how however i if in into is
	isn it its itself just let ll may me might more most much must my myself no nor not now of off on
	once only or other others our ours ourselves out over own per quite rather re really s said saying same
	say says shall she should so some such t than that the their theirs them themselves then there
	these they this those through thus to too under until up upon us ve very via was wasn we were
	weren what whats when where whether which while who whom whose why will with within without won
	would yet you your yours yourself yourselves tell told explain describe please many happen happened happens mean means meant kind sort
	thing things type types way ways went go goes going gone wrong likely might according
	pls plz tbh lol lmao lmfao ngl yo hey hi hello thanks thank thx ty idk imo imho btw fyi rn
	wat wut wot abt bc cuz coz ur u r ya wanna gonna gotta nah yeah yea yep yup ok okay guys guy anyone
	someone somebody anybody know knows wondering wonder curious question questions basically actually
	stuff literally honestly kinda sorta like think thinks exactly article articles piece bot docbot
	wht whos whats hows wheres whens whys wats smth sth something anything
	dont doesnt didnt isnt arent wasnt werent cant couldnt shouldnt wouldnt wont hasnt havent hadnt aint
	im ive youre youve theyre theyve hes shes thats theres heres hed lemme gimme dunno tryna
	mention mentions mentioned mentioning namecheck namechecks namechecked namechecking thought tho though
	gf bf bff bro bros sis fam smh fr irl iirc afaik tldr eli5 obv idgaf lmk omg wtf rofl jk ikr bruh bruv dude lowkey highkey deadass istg fwiw vs versus wise
	wdym tbf ofc nvm idc icl ong naw nope frfr finna np ffs hmu af asf xd oml fml sry soz welp oof yikes sheesh
	wyd hbu wbu idek imma ima whatcha cmon tf kk yall wym homie bestie goated slay hella
	outta outa lotta coulda woulda shoulda oughta sposta gotcha vibe vibes
	toward towards onto among amongst across around along`) {
		m[w] = struct{}{}
	}
	return m
}()

// synonyms maps a word to words news articles often use for the same
// thing; retrieval searches for both, so "soldiers" finds "troops".
var synonyms = map[string][]string{
	"soldier": {"troops", "forces"}, "soldiers": {"troops", "forces"}, "troop": {"soldiers", "forces"}, "troops": {"soldiers", "forces"},
	"army": {"troops", "military"}, "country": {"nation", "state"}, "countries": {"nations", "states"},
	"nation": {"country"}, "nations": {"countries"}, "help": {"support", "aid"}, "aid": {"support", "help"},
	"send": {"deploy", "sending"}, "deploy": {"send", "sending"}, "promise": {"pledge", "offer"}, "promised": {"pledged", "offered"},
	"offer": {"offered", "promise"}, "offered": {"offer", "promised"}, "war": {"conflict", "fighting"}, "conflict": {"war"},
	"ceasefire": {"cease-fire", "truce"}, "truce": {"ceasefire"}, "talks": {"negotiations"}, "negotiations": {"talks"},
	"us": {"u.s", "united states", "america", "american"}, "usa": {"u.s", "united states", "america"},
	"america": {"u.s", "american", "united states"}, "american": {"u.s", "america", "united states"},
	"uk": {"u.k", "britain", "united kingdom", "british"}, "britain": {"u.k", "united kingdom", "british"},
	// a country's people for the country: "are the americans sending troops", "the brits"
	"americans": {"u.s", "america", "united states", "american"}, "brits": {"u.k", "britain", "united kingdom", "british"},
	"british": {"u.k", "britain", "united kingdom"},
	"eu":      {"european union"}, "un": {"united nations"}, "nato": {"north atlantic treaty organization"},
	// News names a government by its capital or its seat: "the Kremlin
	// said", "Washington will send".
	"kremlin": {"russia", "moscow"}, "moscow": {"russia"}, "washington": {"u.s", "united states"},
	"kyiv": {"ukraine"}, "kiev": {"ukraine", "kyiv"}, "elysee": {"france", "macron"}, "beijing": {"china"},
	"brussels": {"european union", "eu"}, "london": {"britain", "u.k"}, "berlin": {"germany"},
	"weapons": {"arms", "weaponry"}, "annex": {"annexed", "seized"},
	// Chat swaps prisoners and captives, news exchanges them; chat's yanks
	// and personnel are news's Americans and troops.
	"swap": {"exchange"}, "swaps": {"exchanges"}, "swapped": {"exchanged"}, "swapping": {"exchanging"},
	"captive": {"prisoner"}, "captives": {"prisoners"}, "dispatch": {"send", "deploy"},
	"yank": {"american"}, "yanks": {"americans", "u.s"}, "personnel": {"troops", "forces"},
	// Chat says money, news says funds and assets.
	"money": {"funds", "assets", "funding"}, "cash": {"funds", "money"},
	"pay": {"fund", "finance"}, "paying": {"funding", "financing"}, "paid": {"funded", "financed"},
	"rebuild": {"reconstruction"}, "rebuilding": {"reconstruction"},
	// Everyday words for what news names otherwise: penalties are
	// sanctions, a tribunal a court, a probe an investigation, the
	// shooting the fighting, GIs troops, a row a confrontation.
	"penalty": {"sanction"}, "penalties": {"sanctions"}, "tribunal": {"court"}, "tribunals": {"courts"},
	"atrocities": {"war crimes"}, "probe": {"investigation", "investigate"}, "probing": {"investigating", "investigation"},
	"shooting": {"fighting"}, "gis": {"troops", "soldiers"}, "row": {"confrontation", "dispute"},
	// Acronyms documents write out in their headings.
	"faq": {"frequently asked questions"}, "faqs": {"frequently asked questions"},
}

// Synonyms returns other words for a folded word, or nil. A plural typed
// "-ys" after a consonant ("countrys") has its "-ies" spelling's.
func Synonyms(w string) []string {
	if syns, ok := synonyms[w]; ok {
		return syns
	}
	if n := len(w); n > 3 && strings.HasSuffix(w, "ys") && !strings.ContainsRune("aeiou", rune(w[n-3])) {
		return synonyms[w[:n-2]+"ies"]
	}
	return nil
}

// NamedBy returns the words whose Synonyms give one of the stem's words:
// "moscow" and "kremlin" for "russia" (news names a government by its
// capital or its seat).
func NamedBy(stem string) []string { return namedBy()[stem] }

var namedBy = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for w, syns := range synonyms {
		for _, syn := range syns {
			if st := Stem(syn); !strings.Contains(syn, " ") && !slices.Contains(m[st], w) {
				m[st] = append(m[st], w)
			}
		}
	}
	for _, ws := range m {
		slices.Sort(ws)
	}
	return m
})

// KnownAcronyms returns the acronyms Synonyms spells out ("nato" → "north
// atlantic treaty organization"): the synonym of several words whose
// initials are the acronym's letters.
func KnownAcronyms() map[string]string { return knownAcronyms() }

var knownAcronyms = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for acr, syns := range synonyms {
		for _, s := range syns {
			var initials strings.Builder
			for _, w := range strings.Fields(s) {
				initials.WriteByte(w[0])
			}
			if strings.Contains(s, " ") && initials.String() == acr {
				m[acr] = s
			}
		}
	}
	return m
})
