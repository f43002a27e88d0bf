package retrieval_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// Questions typed the way people type in Discord reach the passage that
// answers them, and the answer says what was searched for when a word was
// respelled.
func TestQuestionsAsTyped(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	tests := []struct {
		q, want, note string
	}{
		{"wat did trump promis on ground troops pls", "air support", ""},
		// words in more than half the passages count for nothing in FTS5's
		// bm25 ("zelensky", "european", "trump" are in the long article's
		// title): the gate looks again at the passages covering them
		{"what did zelensky and the europeans want from trump", "long-term security guarantees", ""},
		// a story told before the question ranks no passage by its words
		// ("paper", "class", "section") as much as by the asked ones
		{"writing a paper for my poli sci class and my prof wants a section on what happens next. i only skimmed the articles ngl. what options do they give for what allies could do going forward?",
			"deploy a multinational force", ""},
		// things announced but not counted ("exploring various models")
		// are said with what they are ("These could range from…")
		{"what kinds of guarantee models are the countries at the paris summit exploring", "These could range from bilateral agreements", ""},
		// how someone could help is told by the means after the role
		// ("Civil society… could play a fundamental role…. By promoting…")
		{"the op-ed on civil society, what does it say ordinary citizens could do", "By promoting initiatives for inter-community dialogue", ""},
		{"how could civil society help bring peace", "By promoting initiatives for inter-community dialogue", ""},
		// "who reported…" is answered by a passage naming its source, no
		// person ("The BBC report highlights…")
		{"who reported on the different guarantee models being looked at in paris, like the outlet", "The BBC report highlights", ""},
		// a leader the articles name with no country ("President Putin")
		// is the one WordNet knows as the country's
		{"what does the kremlin boss want", "Putin", ""},
		// a time in what someone swore ("…next year") dates no event asked about
		{"my cousin swears ukraine will be in nato next year. is ukraine really on track to join nato?", "path to NATO membership remains blocked", ""},
		// who told the asker ("my uncle keeps saying…") is not asked about
		{"so my uncle keeps saying at dinner that ukraine just wants to join nato and thats the whole point but i read that some anonymous diplomat at the paris thing said something else?? what did they say",
			"We are not talking about NATO membership", ""},
		// chat stretched for emphasis is read as the word stretched
		{"lmaooo did trump rly say us businesses there are enough to scare off moscow", "American companies", ""},
		{"sooo whyyy does russia hate guarantees w troops", "never accept foreign forces", ""},
		// chat's "explain like I'm five" asks nothing of its own
		{"idk what 'security guarantees' even means tbh, eli5 pls", "promises by nations to defend", ""},
		// which countries, answered by the sentence listing them
		{"which countries promised to respect ukraine's borders in 1994", "Russia, the U.S. and the U.K.", ""},
		{"in the macron article, which partner nations could sign bilateral deals with ukraine", "France, Germany, and the United States", ""},
		{"what other countries would that integrated regional security system pull in besides nato and the eu", "Turkey", ""},
		// the deed's opposite is what the articles tell of: a rush is
		// answered by what delay costs
		{"ngl why is everyone in such a rush to get a deal done", "Every day of delay lets Russia fortify its gains", ""},
		{"why cant they just take their time negotiating, whats the rush", "Every day of delay", ""},
		// what a text says is told by the sentence saying "X says…", not by
		// one naming it ("Yet this idea still mimics NATO’s Article 5 promise")
		{"wat does nato article 5 actualy say", "Article 5 says an attack on one alliance member is an attack on all", ""},
		{"what does nato's article 5 actually say", "Article 5 says", ""},
		// chat's "namechecked" is "mentioned": a way of asking
		{"which ngos get namechecked in the 1st article", "Human Rights Watch", ""},
		// "relative to" compares two times; it names no subject
		{"when was the paris meeting relative to macron and zelenskyy's call?", "earlier this week", ""},
		{"when was the paris meeting compared to the call between macron and zelenskyy", "earlier this week", ""},
		// a sentence telling what the asker was doing, its "I" left out, asks
		// nothing ("was arguing with some guy…" is no "was X…?")
		{"was arguing with some guy on reddit who said there's no rush and ukraine should just let talks drag on as long as needed. that felt wrong to me but i couldnt explain why. why does waiting matter so much?", "Every day of delay", ""},
		// a question pointing back at the story ("anything like that") asks
		// what the story tells
		{"idk if this is a dumb question but my dad allways says just take russias money and use it to rebuild ukraine. does the marcon one say anything like that", "Russian assets", ""},
		// a count of what a holder has, where the holder is named
		{"how many troops does nato have in the baltics", "5,000", ""},
		// a verb asked with "did" finds its irregular past ("met"), and
		// "both sides" stands for those the sentence names
		{"did trump meet with both sides or just ukriane", "President Trump met with both Russia and Ukraine", ""},
		// "manage to end": the ending is asked, and a failure to stop it
		// answers; a promise kept is answered by what happened despite it
		{"did the minsk agreements actually manage to end the fighting or nah", "failed to stop violence", ""},
		{"did russia actually keep its budapest promise to respect ukraines borders", "Crimea", ""},
		// a title asked for is no name of the question's: "which
		// president" is answered by "President Trump"
		{"which president was it that said hed do air support but no ground troops for ukraine", "President Trump", ""},
		// chat's "giv" is "give", "els" is "else"
		{"what did ukraine giv up in 1994 exacly", "nuclear", ""},
		{"who did zelensky argu with acording to the frist article, trump and who els", "JD Vance", ""},
		// an article mistyped is no one speaking
		{"wat does the quest artical say about mutal dependence between europe and the us", "mutual dependence between Europe and the United States", ""},
		// which of someone's names is asked says nothing of who
		{"sorry dumb q but whats the ukrainian presidents full name", "Volodymyr Zelensky", ""},
		// an amount asked in a few words, answered by a count
		{"baltic nato garrison size", "5,000", ""},
		{"paris summit size", "Thirty", ""},
		// the question asked again the other way after "or" needs no
		// passage of its own words
		{"ngl is ukraine getting into nato or is that off the table rn", "NATO membership remains blocked", ""},
		// …and so does what it asks next for either answer ("and if not…")
		{"is nato membership for ukraine happening and if not whats the alternative being floated", "NATO membership", ""},
		// "article 5" is searched as the clause, not as any 5 ("fewer than
		// 5,000 NATO troops")
		{"does articel 5 acutally force nato contries to send soldiers", "does not bind members to send troops", ""},
		// what an article lists is asked, the listing no word of it
		{"what are the 3 paths forward the breaking news article lists", "allies could increase weapons and air defenses", ""},
		// "ukraine's security situation" is Ukraine's security, no thing
		// of two words a passage must name
		{"how could exporting stuff like rare earths help ukraine's security situation?", "rare earths", ""},
		// a request put as a question asks nothing to be true
		{"can u put together everything the articles say about trumps position on ukraine, the companies thing, air support, america first etc", "American companies in Ukraine", ""},
		// the meeting the call followed, told as such
		{"the macron zelenskyy call was following up on some meeting earlier that week, where was it", "The meeting in Paris earlier this week", ""},
		// who is asked about ends where the clause about them opens with a
		// name: the president, not "called"
		{"who is the french president zelensky called", "Emmanuel Macron", ""},
		// a signing supposed, not asked about: what the treaty would do is
		{"if allies signed a proper binding treaty would that fix the coalition problem completely?", "political will", ""},
		// a word of an acronym's name stands for the acronym the articles
		// write: the atlantic alliance is NATO
		{"is kyiv getting into the atlantic alliance anytime soon", "NATO membership remains blocked", ""},
		// a slip of a word the articles lack is read as that word, not as the
		// index's word its stem is a slip from ("wolling": "willing", not "wol…")
		{"coslition of the wolling", "coalition of the willing", ""},
		// who could do something is told in the passage's own words: "could
		// include bilateral agreements with key partner nations – like…"
		{"which countries could sign bilateral agreements with ukraine?", "Germany", ""},
		// asked which source, the article's citing is no word of the answer
		{"which think tank's analysis on ukraine's security guarantees does the trump article point to", "Chatham House", ""},
		// a source is named by what it made: a think tank by its analysis
		{"which think tank does the trump meeting article point people to", "Chatham House", ""},
		// an article named by a heading of it ("Conclusion: towards a daring
		// vision of…"): the heading's words name it, the question asks the rest
		{"which ngos could help build peace according to the article about a daring vision", "Human Rights Watch", ""},
		// what someone said is told by what they said, not by "say"
		{"did zelensky say anythign about prisoners being swaped as part of ending the war", "prisoner exchange", ""},
		// a leader described is the name the articles write with that title
		// ("former U.S. President Donald Trump", "Ukrainian President Volodymyr Zelensky")
		{"what did the ex-president claim would scare off the kremlin", "American companies", ""},
		{"what does kyivs leader say has to happen with all the captured people before the war can wrap up", "prisoner exchange", ""},
		// "bring up" asks whether the articles mention it, as "mention" does
		{"honestly the un feels pretty useless lately lol. but did one of the articles bring up the un charter at all? what does it say the charter stands for", "territorial integrity", ""},
		// the word asked for, which the articles lack, said with a word
		// WordNet joins to it and used alike ("danger", "risk")
		{"whats the danger if guarantees come with no soldiers attached", "boots on the ground", ""},
		// within a named article its name ranks nothing: the passage
		// naming the source ("The BBC report highlights…") does
		{"which news outlet's report does the paris summit article cite", "BBC", ""},
		// what a question sets aside is searched without too: the
		// concrete kinds of help, not mutual defence
		{"in the paris one, besides mutual defence what concrete kinds of help are countries putting on the table", "cyber defence capabilities", ""},
		// a thing's name may be a quoted term: "Allies consider a
		// “coalition of the willing” to protect Ukraine"
		{"whats the name of that coalition idea allies are considering to protect ukraine", "coalition of the willing", ""},
		// an ordinal in figures is the article's word for it
		{"whats the 3rd more ambitious option in the macron zelenskyy article", "broader European security framework", "“third” (for “3rd”)"},
		// "bro" opens a question as "yo" does: the yes/no deed is Trump's
		{"bro is trump sending boots on the ground or nah", "air support", ""},
		// "like which countries" is answered by the nations named ("key
		// partner nations – like France, Germany, and the United States")
		{"which key partner nations could do bilateral agreements with ukraine, like which countries", "Germany", ""},
		// a deal promises what it holds; it is no one speaking
		{"smh what did the budapest deal even promise, like who promised what to ukraine", "promised to respect", ""},
		// "anything" says nothing of what was done: the memorandum is what is asked about
		{"tbh did the budapest memo even do anything or was it mid", "Budapest", ""},
		// the asker's memory ("i forgot") and "vibes" are no subject
		{"bruh what even is article 5 lowkey i forgot and does it force ppl to send soldiers", "does not bind members to send troops", ""},
		{"how would they make a coalition promise actually binding instead of just vibes", "binding treaties", ""},
		// a name every passage of an article carries in its title ("…from
		// Trump") still ranks the passage whose body names him
		{"why are ukraine and europe lobbying trump if hes a former president", "a leading contender for future office", ""},
		// what came of something: what the article tells next
		{"so how did the nukes for borders deal work out for ukraine", "Russia invaded Crimea anyway", ""},
		// of sentences matching alike, the one saying more than the question
		// is quoted: the lesson, not only that Minsk failed
		{"does just putting pen to paper actually stop an aggressor, per the minsk bit", "simply signing a paper did not change facts", ""},
		// a chat contraction of stop words ("outta") is no subject
		{"where does putin want nato to pull its troops outta", "Eastern Europe", ""},
		// the asker's own clause after the question is no part of it
		{"bruh when did the full scale invasion even start, my little bro asked and i blanked hard", "February 2022", ""},
		{"macorn and zelensky phone call what was it about", "Macron", "“Macron” (for “macorn”)"},
		{"did trump promis air suport or nah", "air support", "“support” (for “suport”)"},
		{"how many troops did europe wanna send to ukr after a peace deal lol", "15,000 to 20,000", "“Ukraine” (for “ukr”)"},
		{"what does the us want from europe", "", ""},
		// what someone wants: the sentence telling it ("Ukraine demands
		// full sovereignty"), not one sharing a word ("He tasked his envoy
		// to negotiate details for Ukraine's defense")
		{"ngl what does ukraine even want out of the negotiations", "full sovereignty", ""},
		// chat shorthand for a word ("ppl") and for a question word ("hw")
		{"where do ppl think europe should station more forces", "central and eastern Europe", "(for “ppl”)"},
		{"hw many troops did europe want to send after a peace deal", "15,000 to 20,000", ""},
		// a question about what a talk was about gets what it centred on
		{"what did macron and zelensky talk about on the phone", "appropriate reaction", ""},
		// a lesson is the conclusion the article draws ("Thus, …")
		{"whats the takeaway from minsk", "simply signing a paper did not change facts", ""},
		// "the year" inside a question is no deadline, nor is "what time of
		// year" a clock time
		{"will ukraine get guarantees like the ones promised the year it gave up nukes", "", ""},
		{"what time of year did russia invade ukraine", "2014", ""},
		// a question in the article is the answer to a question about it;
		// "artcle" is read as "article", a word searched for nothing
		{"whats the million dollar question in the paris artcle", "entail in practice", ""},
		// the story around a chat message's question names no subject
		{"so my cousin is a vet and he swears nobody has a plan. what would a coalition of the willing actually be?", "coalition of the willing", ""},
		// a name next to the noun asked about
		{"who is the french president", "Emmanuel Macron", ""},
		// "which organizations" asks for names
		{"which organizations could help build peace according to the quest article", "Human Rights Watch", ""},
		// "what year did X do Y" asks for the year, not for X or Y
		{"what year did russia take crimea", "2014", ""},
		// chat spelling: a dropped g
		{"tbh what did trump do after meetin russia n ukraine", "", "“meeting” (for “meetin”)"},
		// slips of words the articles don't use, and of a name they use
		// twice: read as the words, not as subjects they never mention
		{"what's moscow's atttitude to western sldiers stationed on kyiv's turf", "never accept foreign forces", "“soldiers” (for “sldiers”)"},
		{"yo how does ptin even see ukrine lol", "buffer zone", "(for “ptin”)"},
		// a sentence that refers back ("These could range from bilateral
		// agreements…") is about what the one before names (guarantees)
		{"bilateral vs multilateral guarantees in the paris talks - how do they differ", "individual countries pledge specific support", ""},
		// where in the article to look, not a word to search ("end" is
		// not "ending the war")
		{"who did the analysis on future security guarantees that the trump article recommends at the end", "Chatham House", ""},
		// a decade is its years ("Under the 1994 Budapest deal")
		{"what did ukraine hand over back in the 90s in return for promises", "surrendered its nuclear arsenal", ""},
		// a place the article names by its adjective ("several African nations")
		{"french defense pacts africa", "African nations", ""},
		// whether someone agreed, which the article says
		{"did the us agree to provide air support", "agreed to air support", ""},
		// a thing of two words someone has, written the other way round in
		// the article ("details for Ukraine's defense")
		{"who did trump hand the job of working out ukraine's defense details to", "envoy", ""},
		// a story before a "who" question: the person asked for must cover
		// the question, not the story
		{"my uncle keeps saying the west has no plan at all and i don't know enough to argue with him. who is called the world's leading military power", "The United States", ""},
		// "in this context" places the question: no word of what it asks
		{"why are prisoner exchanges important in this context", "confidence-building", ""},
		// an outcome question offering what was done instead ("or just
		// sanctions") is answered by that
		{"did the west actualy fight russia over crimea in 2014 or jus sanctions smh", "limited sanctions", ""},
		// the verb after "how many X" is not the thing asked for
		{"how many nato soldiers guard the baltic states today", "5,000", ""},
		// "where" is answered by a place after "in"
		{"where did the thirty nations meet", "Paris", ""},
		// contractions typed without the apostrophe say nothing, a swapped
		// or missing letter in a short stop word is no subject, and a
		// misspelt ending is corrected from the whole word
		{"how come the minsk agreements didnt work", "failed to stop violence", ""},
		{"wich court is investigatign war crimes in ukraine", "International Criminal Court", "(for “investigatign”)"},
		// an acronym of a common noun, which the article writes in lower case
		{"which NGOs could help build peace", "Human Rights Watch", ""},
		// the article that spells him "Zelenskyy" answers a question about Zelensky
		{"who did zelensky phone after the big overnight russian attack", "French President Emmanuel Macron", ""},
		// "what is that" asks about the words quoted before it; the rest is story
		{"my roommate brought up some 'three seas' thing at dinner yesterday and i just nodded. what is that", "links twelve countries", ""},
		// an outcome the articles report ("Western powers imposed…")
		{"did the west actually impose sanctions on russia after crimea", "imposed limited sanctions", ""},
		{"did russia actually annex crimea in the end", "annexed Crimea", ""},
		// a speaker's name misspelt: the passage where he says it
		{"wat did zelenksy say abt prisoner swaps", "full prisoner exchange", ""},
		// outcomes the articles report, "no" included, and a year that is
		// no era of a count
		{"did ukraine actually give up its nuclear weapons", "gave up its nuclear weapons", ""},
		{"did the minsk agreements actually stop the violence", "failed to stop violence", ""},
		{"did the paris summit actually happen", "Thirty Western nations convened", ""},
		{"how many troops will europe send in 2025", "15,000 to 20,000", ""},
		{"what sanctions were imposed post-2014", "imposed limited sanctions", ""},
		// someone's thing of two words, in a row in the passage
		{"what is trump's america first approach", "America First", ""},
		// everyday words for the news's: the shooting is the fighting,
		// penalties are sanctions
		{"what does the kremlin want for ending the shooting", "land in exchange for a halt in fighting", ""},
		{"after crimea did the west just slap penalties on russia", "imposed limited sanctions", ""},
		// the count of the time asked about
		{"how many us troops were in europe during the cold war", "300,000 troops", ""},
		// a chat message asking what a term means: the sentence defining it
		{"honestly i dont get what 'security guarantees' even means lol", "promises by nations to defend", ""},
		// the question after the dash is read on its own: the sentence before is story
		{"been following the war on and off since 2022 but lost track this summer. theres apparently a big meeting with like thirty countries - what is it trying to achieve", "solidifying long-term security guarantees", ""},
		// the passage where the speaker says it, though four on sending
		// troops rank above it; "European leaders" speak for Europe
		{"what did trump say he would send air support or troops", "air support but not ground troops", ""},
		{"wat did europe say abt air suport", "air support", ""},
		// a yes/no question about what an article says: its verb is "say"
		{"does the paris article say what message the summit sends to russia", "will not be tolerated", ""},
		// "lay out" and "mentioned" only ask what an article says
		{"what models does the macron piece lay out", "Budapest Memorandum", ""},
		{"who is the vice president thats mentioned", "Vance", ""},
		// an adjective the articles never use is found by the noun naming
		// its quality ("scared" → "fears")
		{"what is kyiv scared will happen once the fighting is paused", "attack again", ""},
		// a typo of a common word (two letters swapped, a double letter
		// typed once) is no subject the articles lack; "bruh" is chat
		{"wen did russia anex crimea", "2014", ""},
		{"how mnay us troops were statoined in europe back in the cold war", "300,000", ""},
		{"bruh wat does russia want in return for stopping the fighting", "land in exchange", ""},
		{"who did zelenskyy talk to on the fone", "Macron", ""},
		// a four-letter typo of a word the articles use often: a dropped letter
		{"did trup say us companies in ukraine are enough to stop russia", "American companies", "“Trump” (for “trup”)"},
		// "any" of a thing the articles name is answered
		{"did russia face any sanctions after crimea", "limited sanctions", ""},
		{"whats trumps position on ground troops", "air support but not ground troops", ""},
		{"how many troops did europe want to send to ukraine", "15,000 to 20,000", ""},
		// a head the question abbreviates ("vp") is found spelt out
		// ("Vice-President JD Vance")
		{"who's the vp that got into it with zelensky", "Vance", ""},
		// a swap of captives is an exchange of prisoners
		{"what kind of swap of captives is kyiv after", "prisoner exchange", ""},
		// "the US" weighs as America does, not as the pronoun
		{"what role does the US play across these articles", "United States", ""},
		// chat's money is news's funds and assets
		{"how are they thinking of paying for rebuilding ukraine", "Russian assets", ""},
		// a name the articles use, called by what WordNet says it is
		{"what happened to the black sea peninsula a decade ago", "Crimea", ""},
		// "across the articles" says where to look, not what to find
		{"across all the articles what different forms could the guarantees take", "bilateral", ""},
		// "dose" after "what" is "does"; "300k" is 300,000; "nukes" are nuclear
		{"what dose russia want in exchange for a halt", "land", ""},
		{"where did the us keep 300k troops in the cold war", "Europe", ""},
		{"when did ukraine give up its nukes", "1994", ""},
		// "year" is the kind of answer, not a word to find ("in 1994")
		{"what year did ukraine give up its nukes", "1994", ""},
		// "the one on the phone" is a person, not an article
		{"who was the one on the phone with zelensky", "Macron", ""},
		// the article's own FAQ asks it without "for ukraine"
		{"why does russia reject security guarantees for ukraine", "NATO expansion", ""},
		// a comparison of offers: each side's offer searched ("Trump said
		// he would help with air support", "European leaders have floated…")
		{"what is trump offering vs what europe is offering for ukraine", "15,000 to 20,000", ""},
		// a refusal told with "did not", "but not", by a name of several
		// words ("The U.S." for "america")
		{"did western powers decline to use force in 2014", "did not use force", ""},
		{"did america refuse to send ground troops", "but not ground forces", ""},
		// "which countries…" wants a passage listing several
		{"which countries are mentioned as possible partners or guarantors across the articles", "Germany", ""},
		// going, told as joining or convening
		{"did european leaders attend the meeting with trump", "European leaders join", ""},
		{"did thirty countries go to paris", "convened in Paris", ""},
		// what someone is saying, told as what they state
		{"what is zelensky saying about the old security mechanisms", "Zelensky states", ""},
		// what an article proposes is what it says
		{"what does the first article propose on the economic side and on the civil society side", "economic", ""},
		// a people opening the sentence owns its count: "European leaders
		// have floated sending 15,000 to 20,000 troops"
		{"how many european troops are leaders floating to send after a peace deal", "15,000 to 20,000", ""},
		// the country of a question after the count's is not whose the count is
		{"how many nato guys are in the baltics and could russia just steamroll them", "5,000", ""},
		// a section heading speaks for its sentences
		{"who does the call to action section say has to stay informed and engaged", "policymakers", ""},
		// a rare word WordNet doesn't know is a slip ("cort", a surname)
		{"whats the internatinal criminal cort doing about ukriane", "International Criminal Court", "(for “cort”)"},
		// chat filler opening a question
		{"wdym trump thinks us companies in ukraine will scare off russia??", "dissuade Moscow", ""},
		// "last week" in the story told before the question dates the
		// telling, not what is asked
		{"My history teacher brought up the Minsk deals last week and I didn't follow. Why didn't they work?", "failed to stop violence", ""},
		// a count's verb is no thing counted ("came": convened)
		{"how many countries came to the paris summit", "Thirty", ""},
		// an adjective asked of is its noun in the passage ("present":
		// "presence")
		{"is moscow an opponent of nato being present in ukraine", "NATO presence", ""},
		// a clipped word WordNet writes out ("memo": memorandum), though
		// general English seldom uses it
		{"why doesnt anyone trust the budapest memo anymore", "undermined its credibility", ""},
		// how to make something hold is a remedy ("To fix this, allies
		// could sign binding treaties"); a closing "tho" is filler
		{"fr how do u even make a coalition promise binding tho", "To fix this", ""},
		// "this" is what its paragraph opens with ("A coalition promise
		// could mirror NATO's Article 5"), not a sentence naming allies,
		// coalition and Ukraine without a fix
		{"how could allies make a coalition-style guarantee more reliable", "To fix this", ""},
		// the fix outweighs a sentence naming more of the question
		// ("Allies consider a coalition of the willing to protect Ukraine")
		{"how could allies make a coalition promise more reliable for ukraine", "To fix this", ""},
		// chat's "og" (original) and "thot" (thought, a stop word)
		{"bruh wat did the og budapest memorandm fail to deter smh", "failure of the original memorandum", "“original” (for “og”)"},
		{"i thot the war started in 2022 but wasnt there fihgting b4 that fr", "2014", ""},
		// chat's "anon": anonymous
		{"tbh what did the anon diplomat say the guarantees r actually for", "speaking anonymously", "(for “anon”)"},
		// what someone offered, told without the word "offer" ("Trump said
		// he would help with air support"); "a figure like Trump offers…"
		// is no offer of his
		{"what did trump offer", "he would help with air support", ""},
		// "the first one" ending a question names no article unless a
		// summary is asked
		{"wat r the paths forward after weapons n air defenses i only rmbr the first one", "multinational force", ""},
		// a definition asked in chat: "what r X", "X, what are they"
		{"what r security guarantees exactly", "promises by nations to defend", ""},
		{"wdym security guarantees, what r they exactly", "promises by nations to defend", ""},
		{"wdym by security guarantees", "promises by nations to defend", ""},
		{"wat do they mean by security guarantees", "promises by nations to defend", ""}, // "what" as chat types it
		{"wym by security guarantees", "promises by nations to defend", ""},
		// more chat filler: "frfr", "finna", "hmu"
		{"yo whats trumps position on ground troops frfr", "air support", ""},
		// a number the asker asks to confirm ("was it 300k"), a group
		// named by most of its words ("the paris talks"), a place that
		// answers "which fighting exactly", what followed an event
		{"how many troops did the us have in europe in the cold war, was it 300k", "300,000 troops", ""},
		{"how many nato troops are in the baltics rn, under 5k?", "fewer than 5,000", ""},
		{"how many nations are in the paris talks", "Thirty Western nations", ""},
		{"which fighting exactly did the minsk agreements aim to end", "eastern Ukraine", ""},
		{"what happened after last night's assault", "phone conversation", ""},
		// one of a group, named with it
		{"was russia one of the countries that promised to respect ukraines borders", "Russia, the U.S. and the U.K. promised", ""},
		{"is germany one of the partners for bilateral agreements", "France, Germany", ""},
		// what came of something, told
		{"fr what happened after russia took crimea, did the west do anything or just tweet about it", "limited sanctions", ""},
		// a count beside the place asked
		{"how many nations met in paris", "Thirty Western nations", ""},
		// "how many days" is answered by "in days" when no number is asked
		{"how many days would it take russia to overrun the baltics", "in days", ""},
		// a view told before the name ("as stated by President Zelensky"),
		// by "clarified", by the capital ("Kyiv felt")
		{"what does zelensky think about the prisoner exchange", "as stated by President Zelensky", ""},
		{"whats the diplomat's take on nato membership", "the diplomat clarified", ""},
		{"how does ukraine feel about the budapest memorandum", "Kyiv felt", ""},
		// a push for something else told of what happened is no goal of it
		{"did the zelensky macron phone call actually happen", "phone conversation", ""},
		// two names of a yes/no question, one of them the article's subject
		{"is germany one of the partner nations for bilateral deals with ukraine", "France, Germany", ""},
		// a view told by "X states", not by "the United States"
		{"what does zelensky think about the old security mechanisms that kept peace in europe", "these mechanisms appear insufficient today", ""},
		// words said to someone, told beside them
		{"what did zelensky say to macron on the call", "Zelenskyy and Macron", ""},
		// a particular one, named
		{"which specific eu initiative enabled advances in armaments", "European Defense Initiative", ""},
		// what happened, told as it happened
		{"did the budapest deal actually happen", "Under the 1994 Budapest deal", ""},
		// what someone feels, told by what they say
		{"how does the kremlin feel about other countries soldiers being stationed in its neighbour", "Moscow says it will never accept", ""},
		{"ngl finna ask how many troops europe wants to send lol hmu", "15,000 to 20,000", ""},
		// "who's right" asks which claim holds, not for a person; the
		// cousin telling the story is no word of the question
		{"So I was arguing with my cousin at dinner about whether Ukraine ever had nukes. He says they never did, I say they gave them away sometime in the 90s. Who's right and what actually happened?", "nuclear", ""},
		// what asks only names the article ("the article about zelensky
		// and trump"): the story before it is the question
		{"my grandma thinks the war started in 2022 but my cousin insists it was 2014, they argued about it at dinner. which is it according to the article about zelensky and trump?", "began in 2014", ""},
		// whether something was stopped: the failure to deter it answers;
		// "naw" is chat's "no"
		{"so did the budapset memo actualy stop russia from takin crimea or naw", "inadequately enforced", "“Budapest” (for “budapset”)"},
		{"did the budapest memo actually stop russia from taking crimea", "inadequately enforced", ""},
		// the asker's own "last meeting" dates nothing the articles tell of
		{"i volunteer at a small ngo and in our last meeting we were debating if groups like ours even matter for peace stuff or if its all governments. one of the articles brought up civil society i think? what role does it say they could play", "fundamental role", ""},
		// "what prompted X" asks why, in no word of the answer
		{"what prompted the macron zelenskyy phone call", "extensive assault", ""},
		// when a named agreement was signed is its date, and what could
		// be signed is what the articles weigh
		{"what year was the budapest deal signed", "1994", ""},
		{"in the macron article, which partner nations could sign bilateral deals with ukraine", "France, Germany", ""},
		// "sign" a noun, and a deal the articles date: no signing to find
		{"what did the macron call signal, a sign of a shift in strategy?", "shifting", ""},
		{"what treaty did ukraine sign in 1994 to give up nuclear weapons", "1994", ""},
		// a choice between two things the articles tell of, asked "which is it"
		{"russia invaded crimea in 2014 or 2022, which is it", "2014", ""},
		// "which one was it" after a thing pointed at asks which thing,
		// not which article
		{"that peninsula russia grabbed back in 2014, which one was it", "Crimea", ""},
		// what a message says of the chat itself is no word of the question
		{"came in late to this channel sorry, scrolled up and someone mentioned the first article proposes something with turkey and the nordics?? what is the proposal exactly and what would it involve", "integrated regional security system", ""},
		// two words typed without the space between them
		{"so is trump sending grond troops or just airsupport??", "air support but not ground troops", ""},
		// a slip of a name general English has, which the articles call
		// by another ("the Kremlin": Moscow)
		{"would the kremlim ever be ok with foriegn soldiers inside ukraine", "never accept foreign forces", "“kremlin” (for “kremlim”)"},
		// a doubled letter before a dropped g: the name where no -ing form
		// can stand ("does puttin want"), the verb where one can
		{"wat does puttin want nato to do in eastern euorpe", "remove troops from Eastern Europe", "“Putin” (for “puttin”)"},
		{"whats the point of puttin troops there", "", "“putting” (for “puttin”)"},
		// whether someone agreed to something, told by what they said
		// they would do (second review)
		{"did trump agree to send ground troops or just air support?", "said he would help with air support but not ground troops", ""},
		// "what X did Y offer" asks of Y's offers like "what did Y offer"
		{"what kind of support did trump offer", "said he would help with air support", ""},
		// a year asked in a few words
		{"minsk accords year?", "2014", ""},
		// a question pointing back at its story: the story names what is asked
		{"so my dad read one of these articles and keeps going on about turkey and the nordic countries teaming up w nato. i didnt read it and now hes quizzing me at dinner. what was that proposal?", "integrated regional security system", ""},
		// which countries belong to something: a passage naming them
		{"which countries were part of the budapest memorandum", "the United States, the United Kingdom, and Russia", ""},
		// someone's thing of two words told with a modifier close in
		// meaning: "defense pacts" for "military pacts"
		{"what does the article say about france's military pacts with countries in africa", "bilateral defense pacts, similar to those France has with several African nations", ""},
		// a respelled name the passages write only in another spelling is
		// noted in theirs, not as a stem ("zelenski")
		{"what did zelenksy and macorn discus on the phone", "Macron", "“Zelenskyy” (for “zelenksy”)"},
		// a slip read as the word with the typo's ending: "negociations" is
		// "negotiations", which news calls talks, not "negotiate"
		{"why is time importent in the negociations", "Every day of delay lets Russia fortify its gains", ""},
		// a capital's possessive typed without its apostrophe stands for
		// its government as the capital does
		{"even w/o sending soldiers can washingtons weight still bend the kremlins arm?", "America’s political clout could push Russia to agree", ""},
		{"whats moscows attitude to western soldiers stationed on kyivs turf", "Moscow says it will never accept foreign forces", ""},
		// what an article does with its subject ("…the breaking news
		// article talks about") is no word of the answer
		{"since when has ukraine been taking the heavy losses the breaking news article talks about", "since 2022", ""},
	}
	for _, test := range tests {
		t.Run(test.q, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || len(a.Citations) == 0 {
				t.Fatalf("refused: %s", a.Text)
			}
			if !strings.Contains(a.Text, test.want) {
				t.Errorf("answer %q does not contain %q", a.Text, test.want)
			}
			if notes := strings.Join(a.Notes, " "); !strings.Contains(notes, test.note) {
				t.Errorf("notes %q do not say %q", notes, test.note)
			}
		})
	}
}

// Questions about subjects the articles never mention are refused, and the
// refusal names the missing subject; a question that is only filler or
// uncorrectable typos is refused politely, never an error.
func TestUncoveredSubjectsAreRefused(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, test := range []struct{ q, missing string }{
		{"how many ground troops did japan offer ukraine", "japan"},
		// a country no article names, in a long question: what it asks about
		{"my neighbour is convinced china promised to protect ukraine together with the us and europe, did it?", "china"},
		// a leader the articles write with no title: no name to search
		{"what did the german chancellor say about ukraine", ""},
		// whether someone did what no passage tells of, by its verb or another
		{"did vance apologize to zelensky after their clash?", ""},
		{"did macron fly to kyiv after the call", ""},
		// a follow-up meeting is another time than the one the articles tell of
		{"what happened at the follow up meeting after paris", ""},
		// the story names what "the plant" asked about is
		{"my cousin keeps bringing up the zaporizhzhia nuclear plant whenever ukraine comes up. i honestly don't know much about it. what do the articles say will happen to the plant under a peace deal?", "zaporizhzhia"},
		{"what did keir starmer say at the paris meeting", "starmer"},
		{"what is the capital of ukraine", "capital"},
		{"how many missiles did russia fire in that overnight attack", "missiles"},
		// which countries, asked of a passage naming none of them ("those
		// France has with several African nations", "Thirty Western
		// nations convened…")
		{"which african countries does france have defense pacts with", ""},
		{"which countries were actually at the paris meeting, like the full list", ""},
		// what came after an exchange the articles report, which they never tell
		{"did trump ever reply to zelenskys letter", ""},
		// what a thing said, where an article only mentions it ("Recent news
		// highlights a marking letter…"): the article it is told in hides no speaker
		{"what did the letter mentioned in the quest article actually say", ""},
		// where someone named before the question is from ("…, what country
		// were they from"): "One senior diplomat, speaking anonymously…" says not
		{"that anonymous senior diplomat at the paris talks, what country were they from", ""},
		{"what did france send ukraine after the macron zelensky call", ""},
		{"after zelensky's blowup with trump and vance did they patch things up", ""},
		// a share asked for: "boost defense spending across EU states" gives none
		{"What defense spending percentage are EU states supposed to hit?", ""},
		{"xqzvw blorft gnarp", ""},
		// the articles count European troops, not Russian ones
		{"how many russian soldiers are near ukraine today", ""},
		// the article says what the diplomat did, never who they are
		{"who was the anonymous diplomat in the paris article", ""},
		// a count of what a holder has, where the holder is named: "one
		// alliance member" or the troops Europe would send count neither
		{"how many members does nato have now", ""},
		{"how many soldiers does the ukrainian army have", ""},
		// a response time is a span of time: "They might agree on… response
		// times" gives none
		{"what response time would the binding treaty set", ""},
		// "end up signing" asks of a signing, not of an ending
		{"did they ever end up signing a revised budapest memorandum", ""},
		// a participle set off by a comma is said of the noun before it:
		// "The meeting, held under the shadow of… a ceasefire" holds none
		{"did the ceasefire hold", ""},
		// the story before a question is no part of it the articles answer
		{"i was reading about the baltic states and how few troops there are. but the article didnt say much about russia's side. how many russian troops r near the baltic borders?", ""},
		// …nor a country's negotiator: a name must stand beside the role
		{"who is russia's lead negotiator in the peace talks", ""},
		// the article counts the countries but never names them
		{"which twelve countries belong to the three seas initiative", ""},
		{"can u list the 30 countries that went to the paris summit", ""},
		{"which 12 countrys make up the three seas thing", ""}, // typed as chat types it
		{"which countries are in the three seas initiative exactly", ""},
		// …nor among the thirty: the nations another article lists as
		// partners are no members of this group
		{"which countries were actually among the thirty at paris", ""},
		// an amount asked in a few words: the passages name the
		// initiative, no budget
		{"european defense initiative budget?", ""},
		// a prediction within a time: the articles name no such time
		{"is the fighting going to stop by the end of the year", ""},
		{"do you think the war will end this year", ""},
		// a timeline is of dates, which no passage on a ceasefire gives
		{"is there a timeline for a ceasefire", ""},
		{"how many retired soldiers would europe send", ""},
		// "whats" as chat types it asks for a thing as "what is" does
		{"whats the population of ukraine", "population"},
		{"ngl whats zelenskys salary lol", "salary"},
		// "European leaders join Ukrainian President…" names none of them
		{"who were the european leaders that joined zelensky to meet trump", ""},
		// a judgement of someone the articles never make in those words
		{"is macron a good leader", ""},
		{"is jd vance right about ukraine", ""},
		// an offer or promise asked of someone: a sentence naming them
		// must tell of one (JD Vance is named only in a confrontation)
		{"what did jd vance promise about sending ground troops", ""},
		// "which envoy" wants a person named: "his envoy" names none
		{"which envoy did trump send to negotiate ukraine's defense", ""},
		// where an institution is based, not a place near its name
		{"where is the international criminal court based", ""},
		// whether a ceasefire held: the articles only weigh one
		{"did the ceasefire hold", ""},
		// "is there an X" asks whether there is any X: no article names an
		// arrest warrant, however common the words
		{"is there an icc arrest warrant out for putin and what is it for", ""},
		// what was signed: the articles tell of treaties allies could
		// sign, and of no signing
		{"what deal did trump and zelensky sign at the white house", ""},
		{"did the paris summit end with a signed agreement or not", ""},
		{"so what was the outcome of the paris summit, did they actually sign anything", ""},
		// a summit in a capital is in that place, not its government's
		{"what did they agree at the london summit on ukraine", ""},
		// what a message tells ("article says he tasked his envoy") answers
		// no part of it
		{"yo who is the envoy trump put in charge of negotiating ukraines defense details? article says he tasked his envoy but i cant find the guys name anywhere", ""},
		// the story told first makes the message long, not the question
		{"sorry if this is a dumb question, i'm new to following politics. did hungary veto the security guarantees", "hungary"},
		// a yes/no question's predicate told by the passage, not by its
		// article's title ("…and win US support")
		{"will ukraine win the war", ""},
		{"is zelensky doing a good job as president", ""},
		// the thing whose time is asked, a possessive before it
		{"when are ukraine's elections", "elections"},
		{"how many russain troops could be sent after a peace deal", ""}, // typed so
		// "what time" wants a time of day; "last night" is none
		{"at what time did zelensky and macron speak on the phone", ""},
		// "what %" asks for a number, and the article gives none
		{"what % of gdp should eu states spend on defense", ""},
		// the passages on the summit never say how Putin took it
		{"how did putin respond to the paris summit", ""},
		// slips in the words saying what is asked are read as meant: an
		// exact date, a list of countries (the articles give neither)
		{"what exatc date was the paris summit held", ""},
		{"can u list the 30 coumtries that went to the paris summmit", ""},
		// "or" inside the subject offers no other outcome
		{"did the us or europe actually deploy troops in the end", ""},
		// the articles tell of the assault, never where it struck
		{"which ukrainian city got hit in the assault before the macron call", ""},
		// "today" in a news article is no date
		{"what date did the paris summit take place", ""},
		// WordNet knows Taurus mostly as a name: still a missing subject
		{"is germany sending taurus missiles to ukraine", "taurus"},
		// the numbers the question gives are not its answer
		{"whats the estimated cost of deploying the 15,000 to 20,000 european troops", ""},
		// "how long" asks for a span of time: troop numbers are none
		{"how long will the european troops stay in ukraine", ""},
		// "several African nations" names none; the next sentence's
		// Ukraine is not one of them
		{"which african countries does france have defense pacts with", ""},
		// an article naming JD Vance does not say what he said
		{"what did jd vance say to zelensky", ""},
		{"what exactly did jd vance say to zelensky", ""}, // "exactly" before the verb too
		// whether there is any of a thing the articles never name
		{"did the icc issue any arrest warrants for putin", ""},
		// a count of troops in a sentence naming the country asked about,
		// not Europe's
		{"how many soldiers will britain send to ukraine after a deal", ""},
		{"how many troops would france deploy after a ceasefire", ""},
		// someone's position on a subject: a sentence naming both
		{"whats germany's stance on sending troops to ukraine", ""},
		// …holding a view there: "could include Turkey" says nothing of
		// what Turkey thinks of the pact
		{"whats turkeys own stance on joining an extended security pact", ""},
		{"what does turkey think about joining that extended security pact idea", ""},
		{"what does zelensky think about the minsk agreements", ""},
		// a view asked with an adjective, or without "does"
		{"yo what was jd vances actual position on the security guarantees", ""},
		{"ngl i wanna know what zelensky thinks about trumps claim that american companies are enough to keep moscow away", ""},
		// a kind's instance is named right after it, not a name further on
		{"what specific weapons did the european defense initiative actually come up with", ""},
		// "exactly how many days" wants a number of days, not "in days"
		{"how many days exactly do experts think russia would need to overrun the baltics", ""},
		// one of a group: named with the group
		{"is the uk part of the coalition of the willing fr", ""},
		{"was germany one of the thirty countries at the paris summit", ""},
		{"has the us actually joined the coalition of the willing", ""},
		// what came of something, never told
		{"how did the whole zelensky vs trump and vance confrontation end up, did they patch things up after", ""},
		{"what happened with the icc war crimes investigation in the end", ""},
		// a place after a kind is none of it: "war crimes in Ukraine"
		{"what specific war crimes is the icc investigating in ukraine, like which incidents or cities", ""},
		// how many belong to a group: counted beside the group
		{"how many countries are part of the coalition of the willing", ""},
		// a yes/no question naming two: told of both together
		{"is germany gonna contribute soldiers to the 15-20k european force", ""},
		{"whats germanys take on being one of the bilateral partner countries for ukraine", ""},
		// words said to someone: told beside them, not the speaker's
		// words on another matter
		{"what did biden say to trump about the security guarantees", ""},
		// particular things of a kind the articles name only as a kind
		{"what specific sanctions did the west impose on russia after crimea", ""},
		// …nor does one whose passages never name the kind asked for
		{"what specific weapons did the us pledge at the paris summit", ""},
		{"which sanctions exactly did the west slap on russia, like what sectors or banks", ""},
		// a refusal the articles never tell of: Biden's support, Turkey
		// among those a pact could include
		{"why did biden refuse to attend the paris summit", ""},
		{"why did turkey refuse to join the extended security pact", ""},
		// a recommendation the articles never tell: Chatham House's
		// analysis is only said to give an overview
		{"which model for guarantees did chatham house end up recommending", ""},
		{"what did chatham house recommend", ""},
		{"what did human rights watch recommend", ""}, // named among civil society, recommending nothing
		// a job asked of one the articles give none: JD Vance is named in a
		// confrontation, tasked with nothing
		{"what job did trump give jd vance", ""},
		// a pledge asked of one named only later in a list of examples
		// ("like France, Germany, and the United States")
		{"what did germany actually pledge at the paris summit", ""},
		{"what did turkey commit to in that extended security pact idea", ""}, // "such as Turkey or the Nordic countries"
		// an offer asked at a meeting: told beside it, not the U.K.'s
		// promise of 1994
		{"what did the uk offer ukraine at the paris meeting", ""},
		// today's count naming the U.S., not the Cold War's the asker knows
		{"how many us troops are stationed in europe today? i know it was 300k back in the cold war", ""},
		// whether someone went: a sentence telling they went, not one
		// naming Macron's call and another the meeting with Trump
		{"did macron go with zelensky to the meeting with trump", ""},
		{"did vance go to the paris meeting with the thirty nations", ""}, // "go" is a stop word, and the verb asked
		// an offer asked in the present ("is offering"), a refusal as "say no"
		{"what is turkey offering to put in for ukraines security guarantees", ""},
		// whether two met: a phone call is no meeting
		{"did macron and zelenskyy meet face to face after that call", ""},
		// where a meeting was held: a place after "in" or "at", not the
		// "U.S." of "former U.S. President"; a date, not "today"
		{"where did zelensky and the european leaders meet trump", ""},
		{"what was the actual date of the paris summit with the 30 countries", ""},
		{"where were the minsk accords signed", ""}, // signed where: no place told
		// what was agreed, or whether a deal was signed: "They might
		// agree on troop levels, weapons supply and response times"
		{"what response time did allies agree on in the binding treaty", ""},
		{"did the paris summit end with an actual signed agreement or nah", ""},
		// a promise told of the one asked about, not a commitment in the
		// sentence after the one naming him
		{"what did macron promise to send ukraine after the phone call", ""},
		{"what specific weapons did macron promise zelenskyy on the call", ""}, // "what X did Y promise" too
		// someone's proposal: told with them proposing, not a confrontation
		{"whats jd vance's actual proposal for ukraine's security guarantees, he must of pitched something", ""},
		{"why did turkey say no to joining that extended security pact thing", ""},
		{"what mission will the european troops have once theyre in ukraine", ""},
		// an outcome asked of what the articles tell only as a demand
		{"did the full prisoner exchange actually happen", ""},
		// a year is no month; troop numbers are no cost
		{"which month of 2014 did russia annex crimea", ""},
		{"how much would sending the 15-20k european troops cost", ""},
		{"what is the value of the frozen russian assets", ""},
		// a short word WordNet knows is no typo of a stop word ("lao" is not "also")
		{"will lao troops guard ukraine after a peace deal", "lao"},
		// a year is no exact date
		{"what exact date was the minsk agreement signed", ""},
		// a name near the coalition is not its commander
		{"who will command the coalition of the willing", ""},
		// a year counts nothing: "Lessons from the 2014 Minsk Accords" is
		// no number of peacekeepers
		{"how many peacekeepers were there for minsk? like actual troop count", ""},
		// a count of another initiative's members: "the initiative of the
		// three seas, which links twelve countries" is not the European
		// Defense Initiative the articles name
		{"how many countries are part of the european defense initiative", ""},
		// representing is a role: "Thirty Western nations convened in
		// Paris" names no one who represented the U.S.
		{"who represented the us at the paris summit", ""},
		// the role asked past the words of a future ("is gonna lead")
		{"which country is gonna lead the coalition of the willing", ""},
		// nor is the name in the sentence before the signing its signer
		// ("Russia solidified its hold… Thus, simply signing a paper…")
		{"who signed the minsk agreements", ""},
		// Europe's count of troops is not France's
		{"how many troops will france send to the european force", ""},
		// chat's question words read as question words: "wat … say" asks
		// for Vance's words, "whens" for a date
		{"wat did jd vance say to zelensky", ""},
		{"whens the ceasefire gonna begin", ""},
		// a count of another time: the Cold War's for today, today's for
		// the Cold War
		{"how many us soldiers are based in europe right now", ""},
		{"how many nato troops guarded the baltics during the cold war", ""},
		// a model designation no passage names ("f-16" is "f" and "16" to the tokenizer)
		{"are f-16s part of the security guarantee package", ""},
		// a position asked in chat spelling: no sentence has Germany and troops
		{"wats germanys stance on sending troops to ukraine", ""},
		// a thing of two words someone has, which no passage names ("approval"
		// and "rating" are there, in other senses; Zelensky everywhere)
		{"whats zelensky's approval rating in ukraine right now", ""},
		// a place by its kind, its plural misspelt: no passage names a city hit
		{"which ukrainian citys were hit in the overnight assault before the macron call", ""},
		// a count of another country's troops sent to Ukraine is not Ukraine's
		{"how many soldiers are in ukraines army rn", ""},
		// the same typed as chat does, without the apostrophe
		{"whats zelenskys approval rating rn", ""},
		// an outcome whose object no sentence saying it holds ("Russia has
		// seized large parts of Ukraine"; "pursuing legal avenues to seize"
		// only intends it)
		{"did they actually seize the frozen assets in the end", ""},
		// the previous or next one of a thing the articles tell of once
		{"when is the next paris meeting", ""},
		// a time relative to now that no passage names
		{"what will be decided at next year's summit", ""},
		// whether something came to pass: the articles weigh what could be agreed
		{"was a truce actually agreed in the end", ""},
		// every passage names the US and Ukraine; none a deal being signed
		{"did the us and ukraine sign a minerals deal", ""},
		// the members of a group, which the article names only beside
		// another country ("such as Turkey or the Nordic countries")
		{"which nordic countries would be in the extended security pact", ""},
		// who did it: the doing must be in the sentence that names them
		// (France and Germany are named as partners, not as mediators)
		{"who mediated the minsk accords, was it france and germany", ""},
		// whether something came of a summit ("summit", a verb too, is its subject)
		{"did the paris summit actually end with everyone signing a guarantee deal", ""},
		// whether someone agreed: the article says Turkey could be part of it
		{"did turkey agree to join the extended security pact", ""},
		// why something failed that no article tells failed: a false premise
		{"why did the paris summit flop", ""},
		{"why did trumps plan flop", ""},
		// the same asked of the state it left ("signed", listed as an adjective, is a verb too)
		{"is turkey actually signed up for that extended security pact", ""},
		{"has turkey joined the extended security pact", ""},
		// which thirty countries: their names, not a sentence counting them
		{"which thirty countries were at the paris summit, can u list them", ""},
		// where a person is from: no sentence gives the diplomat a country
		{"what country is the anonymous senior diplomat in the paris article from", ""},
		// a name asked for by "what's X's name": the envoy is never named
		{"my teacher said trump tasked his envoy with negotiating the details. whats the envoys name?", ""},
		// a country's thing, its apostrophe dropped: no passage has EU membership
		{"what happens to ukraines eu membership bid if these security guarantees get signed?", ""},
		// a word's WordNet relatives in another sense: "demo" is no
		// "Demonstrating", "prior" no "priority"
		{"was there a demo in kyiv", "demo"},
		{"what happened prior to the paris summit", "prior"},
		// a story that dates the event asked about
		{"allies met in paris last month. which countries attended?", ""},
		// a name asked of a person of several words; "Diplomatic Strategy"
		// names no diplomat
		{"what's the anonymous diplomat's name", ""},
		// the role asked by the message's last "who/which", past an adverb:
		// no passage tells who signed the memorandum
		{"my teacher asked who actually put their signature on it tho. which leaders personally signed the budapest memorandum?", ""},
		// a reaction asked of someone: the passage about the call names
		// Russia's attacks, not a response by Moscow
		{"how did the kremlin react to macron and zelenskyy talking on the phone", ""},
		{"what was the kremlins reaction to the paris summit", ""},
		// a reaction to the summit: Biden's support for Ukraine is told of
		// elsewhere, not in response to it
		{"what was bidens reaction to the paris summit", ""},
		// which regions exactly: "Russia wants land" and "rebel areas"
		// name none
		{"which regions exactly does russia want in exchange for a halt in fighting", ""},
		// what someone named in three words said: "non-governmental
		// organizations such as Human Rights Watch … could play a role"
		// and "Moscow says…" say nothing of theirs
		{"what did human rights watch say about the war in ukraine", ""},
		{"what did kremlin spokesman peskov say about foreign troops on ukrainian soil", ""},
		// a reaction to the meeting, not to what nearly every passage
		// names ("Russia opposes any foreign military presence" beside
		// "security guarantees for Ukraine")
		{"how did russia react to the thirty nations meeting in paris for ukraine security guarantees", ""},
		// "whos the X" asks a name; the BBC report's author is never named
		{"whos the bbc reporter behind the report the paris summit article cites", ""},
		// companies asked for by name: the article names none
		{"which american companies are in ukraine that trump thinks would scare off moscow", ""},
		// what two said: a passage on a call with one of them is no answer
		{"what did zelensky and trump say on their phone call after the big overnight attack", ""},
		// a name asked of "that guy": anyone's, but a name; and the names
		// asked again after the question
		{"trump said he put his envoy on the ukraine defense details, whats that guys name tho", ""},
		{"which european leaders actually went with zelensky to see trump? names pls not just 'european leaders'", ""},
		// a list item's Title Case label names no one ("- Ukrainian and
		// European Push for Security Guarantees: President Zelensky, joined
		// by other European leaders, …")
		{"which european leaders joined zelensky when he met trump? names pls", ""},
		// an exact figure asked for: "millions" is the asker's own word
		{"exact number of displaced ukrainians? i know its 'millions' but whats the actual figure", ""},
		// the status of something no article mentions: "status" names the
		// kind of answer, it does not stand in for the subject
		{"whats the status of the minerals deal", ""},
		{"what is the status of the black sea grain deal", ""},
		// a judgement told and checked ("is she right?") is still one the
		// articles must make
		{"my friend says jd vance is right about ukraine. is she right?", ""},
		{"is jd vance right about ukraine", ""},
	} {
		t.Run(test.q, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
			if err != nil {
				t.Fatal(err)
			}
			if a.Found {
				t.Fatalf("answered: %s", a.Text)
			}
			if notes := strings.Join(a.Notes, " "); test.missing != "" && !strings.Contains(notes, test.missing) {
				t.Errorf("notes %q do not name %q", notes, test.missing)
			}
		})
	}
	if _, err := svc.Ask(context.Background(), retrieval.Question{Text: "pls lol tbh ngl"}); !errors.Is(err, retrieval.ErrNoTerms) {
		t.Errorf("filler only: err = %v, want ErrNoTerms (the polite 'no searchable words' reply)", err)
	}
}

func TestBuildQueryKeepsTheCountryAndOptions(t *testing.T) {
	for _, test := range []struct {
		q    string
		want string // a word the query must search
		not  string // a word it must not
	}{
		{"what does the us want", "us", ""},
		{"what does the US want", "us", ""},
		// "keep saying" tells who says it, not what it is about
		{"why does russia keep saying no to any guarantee plan", "russia", "keep"},
		{"how long will the allies keep their troops there", "keep", ""},
		{"tell us about nato", "nato", "us"},
		// "us" before a noun, after a question word: the country
		{"how many us troops are in europe", "us", ""},
		{"what did us officials say", "us", ""},
		{"give us troops", "troops", "us"},
		{"they would have us believe the war is over", "war", "us"},
		{"have us troops been sent to ukraine", "us", ""},
		{"how did us-russian talks go", "us", ""},
		{"us europeans should help more", "europeans", "us"},
		// typed as keywords: no one is "us"
		{"paris summit us role", "us", ""},
		{"help us pls", "help", "us"},
		// set beside a place: the country
		{"us vs europe, who is offering troops", "us", ""},
		{"europe or us, who is sending troops", "us", ""},
		{"tell us and europe nothing", "europe", "us"},
		{"what does grep -i do", "i", ""},
		{"what does --force do", "force", ""},
		{"is c++ supported", "c", ""},
		{"pls tbh what did macron say lol", "macron", "tbh"},
		{"what is trump offering vs what europe is offering", "trump", "vs"},
		{"bruh what does russia want", "russia", "bruh"},
		{"how do the offers differ, troops wise", "troops", "wise"}, // "X wise": as to X
		{"when was the paris meeting compared to the call", "paris", "compared"},
		// "what kinds of X" asks for X
		{"what kinds of support could a guarantee include", "support", "kinds"},
		{"which type of treaty did they sign", "treaty", "type"},
		// "willing" is stemmed "will": every passage telling what will be
		{"is trump willing to send troops", "troops", "willing"},
		{"who is in the coalition of the willing", "willing", ""},
		{"what did putin say compared with trump", "putin", "compared"},
		// someone the asker knows, and their telling, are no subject
		{"my friend says the west did nothing when russia took crimea", "crimea", "friend"},
		{"my uncle swears china offered troops", "china", "swears"},
		{"my history teacher said article 5 means war", "war", "teacher"},
		{"my older brother thinks nato is useless", "nato", "older"},
		{"is my president right about nato", "president", ""},
		{"what did the president tell my friend", "president", "friend"},
		// …nor is where they are from
		{"my friend from lyon was telling me france has military deals in africa", "france", "lyon"},
		{"my cousin from new york says trump offered air support", "trump", "york"},
		{"what did trump say about troops from poland", "poland", ""},
	} {
		q, err := retrieval.BuildQuery(test.q)
		if err != nil {
			t.Fatalf("BuildQuery(%q): %v", test.q, err)
		}
		words := " " + strings.Join(q.Words, " ") + " "
		if !strings.Contains(words, " "+test.want+" ") {
			t.Errorf("BuildQuery(%q).Words = %v, want %q", test.q, q.Words, test.want)
		}
		if test.not != "" && strings.Contains(words, " "+test.not+" ") {
			t.Errorf("BuildQuery(%q).Words = %v, should not search %q", test.q, q.Words, test.not)
		}
	}
}

// "the US" counts as present in a passage that says "United States".
func TestCountrySynonymCountsInTheGate(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	r, err := svc.Retrieve(context.Background(), "how can ukraine get guarantees from the us and europe", retrieval.Filter{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Found || len(r.Missing) > 0 {
		t.Errorf("found %v, missing %v, coverage %.2f", r.Found, r.Missing, r.Coverage)
	}
}

// A borderline question goes to the model; the model's "The articles don't
// answer this." is a not-found answer.
func TestBorderlineQuestionsGoToTheModel(t *testing.T) {
	const q = "can diplomacy alone end the war"
	offline := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	r, err := offline.Retrieve(context.Background(), q, retrieval.Filter{}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if r.Found || !r.Borderline {
		t.Fatalf("want a borderline refusal, got found %v borderline %v coverage %.2f", r.Found, r.Borderline, r.Coverage)
	}
	e := newLLMEnv(t, 5*time.Second)
	e.fake.Script(testsupport.Reply{Text: "The articles don't answer this."})
	a, _ := e.ask(t, q)
	if len(e.fake.Requests()) != 1 {
		t.Fatalf("the model was asked %d times, want 1", len(e.fake.Requests()))
	}
	if a.Found {
		t.Errorf("a model refusal was reported as found: %s", a.Text)
	}
	// A grounded reply: the first sentence of passage [1], cited.
	e.fake.Respond(func(req testsupport.ChatRequest) testsupport.Reply {
		p := req.Prompt()
		body := p[strings.Index(p, "\n[1] ")+1:]
		body = body[strings.Index(body, "\n")+1:]
		first := body[:strings.Index(body, ". ")]
		return testsupport.Reply{Text: first + " [1]."}
	})
	if a, _ := e.ask(t, q); !a.Found {
		t.Errorf("a cited model answer to a borderline question was refused: %s", a.Text)
	}
}

// A question about a kind of person is answered by a sentence naming one,
// not by an adjective the stemmer makes the same word ("a diplomatic
// exercise" for "diplomat").
func TestPersonNotItsAdjective(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, q := range []string{"what did the unnamed diplomat in the paris article say", "tbh what did the anon diplomat say the guarantees r actually for"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || strings.HasPrefix(a.Text, "The Paris meeting is not merely a diplomatic exercise") || !strings.Contains(a.Text, "diplomat") {
			t.Errorf("%q: %s", q, a.Text)
		}
	}
}

// A two-part question whose second part the articles don't answer is
// answered for the first part and says which part is left.
func TestPartlyAnsweredQuestionSaysWhichPart(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "how many troops will europe send and how many drones did iran give russia"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "15,000 to 20,000") {
		t.Fatalf("the answered part is missing: %s", a.Text)
	}
	if notes := strings.Join(a.Notes, " "); !strings.Contains(notes, "don't answer this part: “how many drones did iran give russia”") {
		t.Errorf("notes %q do not name the unanswered part", notes)
	}
}

// With a model, a question the first search does not find is searched
// again in the model's other phrasings; the fused passages go to the
// model, which answers from them or says the articles don't answer.
func TestWeakQuestionsAreSearchedInOtherPhrasings(t *testing.T) {
	const q = "how many lads in uniform might the continent ship over once the shooting stops"
	fake := testsupport.NewFakeLLM(t)
	llm := retrieval.NewOpenAI(retrieval.LLMOptions{BaseURL: fake.URL, Model: "fake-model", MaxRetries: 1})
	svc := retrieval.NewService(testsupport.SeedDB(t), retrieval.NewLLMAnswerer(llm, 3000, 5*time.Second, nil), nil, retrieval.WithRewriter(llm))
	fake.Respond(func(req testsupport.ChatRequest) testsupport.Reply {
		p := req.Prompt()
		if strings.Contains(p, "other ways to search") {
			return testsupport.Reply{Text: "European troops after a peace deal\nhow many soldiers will Europe send to Ukraine\nEuropean forces ceasefire deployment"}
		}
		// answer from the passage that holds the figure, cited by its number
		for _, block := range strings.Split(p, "\n[") {
			if i := strings.Index(block, "15,000 to 20,000"); i >= 0 {
				n := block[:strings.Index(block, "]")]
				return testsupport.Reply{Text: "European leaders have floated sending 15,000 to 20,000 troops [" + n + "]."}
			}
		}
		return testsupport.Reply{Text: "The articles don't answer this."}
	})
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "15,000 to 20,000") {
		t.Fatalf("not answered from the other phrasings: %s (notes %v)", a.Text, a.Notes)
	}
	if notes := strings.Join(a.Notes, " "); !strings.Contains(notes, "Also searched for") {
		t.Errorf("notes %q do not say what else was searched", notes)
	}
	// offline, the same question is refused: expansion needs a model
	offline := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	if a, _ := offline.Ask(context.Background(), retrieval.Question{Text: q}); a.Found {
		t.Errorf("offline answered %q", a.Text)
	}
}

// An acronym the articles only spell out finds the spelled-out name.
func TestAcronymsTheArticlesSpellOut(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "icc doing anything abt the war crimes?"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "International Criminal Court") {
		t.Errorf("answer %q does not quote the International Criminal Court", a.Text)
	}
}

// An acronym-shaped word no passage spells out in capitalised words costs
// no prefix query (the index's acronyms are collected with its
// vocabulary); one a passage spells out is still looked up.
func TestAcronymLookupOnlyWhenSpelledOut(t *testing.T) {
	searches := &recordingSearcher{DB: testsupport.SeedDB(t)}
	svc := retrieval.NewService(searches, nil, nil)
	ctx := context.Background()
	if _, err := svc.Retrieve(ctx, "did the qzv say anything about the war crimes", retrieval.Filter{}, 3); err != nil {
		t.Fatal(err)
	}
	for _, m := range searches.matches {
		if strings.Contains(m, `"q"*`) {
			t.Errorf("looked up an acronym no passage spells out: %s", m)
		}
	}
	if _, err := svc.Retrieve(ctx, "icc doing anything abt the war crimes?", retrieval.Filter{}, 3); err != nil {
		t.Fatal(err)
	}
	if m := strings.Join(searches.matches, " "); !strings.Contains(m, `"i"* + "c"* + "c"*`) {
		t.Errorf("ICC, which the articles spell out, was not looked up: %s", m)
	}
}

// An acronym an article defines ("… Coordination (ABC)") also searches
// its name, so a passage that only names the agency answers a question
// with the acronym, although the index holds the acronym too. The alias
// goes with the article that defines it.
func TestAcronymsTheArticlesDefine(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"founding.txt": {Data: []byte("A new agency\n\nThe Agency for Border Coordination (ABC) was founded in 2019 by the river states.\n")},
		"patrols.txt":  {Data: []byte("River patrols\n\nThe ABC runs night patrols along the river. Its boats carry thermal cameras.\n")},
		"pilots.txt":   {Data: []byte("Training\n\nThe Agency for Border Coordination trained 40 new pilots last year.\n")},
		"weather.txt":  {Data: []byte("Weather\n\nRain is expected across the valley on Sunday.\n")},
	}
	db := testsupport.IndexedDB(t, fsys)
	searches := &recordingSearcher{DB: db}
	svc := retrieval.NewService(searches, nil, nil)
	a, err := svc.Ask(ctx, retrieval.Question{Text: "how many pilots did the abc train"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "40 new pilots") {
		t.Errorf("answer %q, want the 40 new pilots", a.Text)
	}
	named := false
	for _, m := range searches.matches {
		named = named || strings.Contains(m, `"Agency for Border Coordination"`)
		if strings.Contains(m, `"a"*`) {
			t.Errorf("searched for the initials (%s) although the article defines the acronym", m)
		}
	}
	if !named {
		t.Errorf("the agency's name was not searched: %q", searches.matches)
	}
	delete(fsys, "founding.txt")
	if _, err := db.Sync(ctx, fsys, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Vocabulary(ctx); err != nil || v.Aliases["abc"] != "" {
		t.Errorf("after the article went: aliases %v, %v; want abc gone", v.Aliases, err)
	}
}

// recordingSearcher records the MATCH expressions searched.
type recordingSearcher struct {
	*store.DB
	mu      sync.Mutex
	matches []string
}

func (r *recordingSearcher) Search(ctx context.Context, match string, f retrieval.Filter, limit int) ([]retrieval.Hit, error) {
	r.mu.Lock()
	r.matches = append(r.matches, match)
	r.mu.Unlock()
	return r.DB.Search(ctx, match, f, limit)
}

// "what year…", "what month…" name the kind of answer, not a subject the
// articles must mention; "last night" answers "when".
func TestAnswerKindsAreNotSubjects(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, test := range []struct{ q, want string }{
		{"what year were the minsk accords", "2014"},
		{"what month and year was the full-scale invasion", "February 2022"},
		{"when did the big russian assault before the macron call happen", "last night"},
		// "timeline" names the kind of answer (dates), no subject missing
		{"whats the timeline from crimea to the full scale invasion", "2022"},
		// "what's the point of" asks for a purpose, "point" is no subject
		{"tbh whats the point of the three seas thing", "three seas"},
		// "what job" asks for a task, as "what role" does: "He tasked his envoy…"
		{"what job did trump give his envoy on the ukraine stuff", "tasked his envoy"},
		// "what's driving" asks for a cause, as "what prompted" does: no
		// subject called driving
		{"whats driving the urgency behind zelensky's outreach to trump", "The urgency behind these overtures stems from"},
		// "what's the status of X" asks how X stands; no subject called status
		{"whats the status of ukraine's path to nato membership", "remains blocked"},
		{"what is driving russia's opposition to the guarantees", "step toward NATO expansion"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || !strings.Contains(a.Text, test.want) {
			t.Errorf("%q: %q does not contain %q", test.q, a.Text, test.want)
		}
	}
}

// A "why" question gets the reason next to the sentence that repeats it,
// although the reason shares few of its words.
func TestWhyQuestionsGetTheReason(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "i've been following this since 2022 and honestly im tired. but one thing i never understood - why does ukraine want guarantees BEFORE a ceasefire and not after? what are they afraid of"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "attack again") {
		t.Errorf("the reason is missing: %s", a.Text)
	}
	for _, tt := range []struct{ q, want string }{
		// a conclusion ("Therefore, …") is quoted with its premise
		{"why cant ukraine just wait and keep negotiating for as long as it takes", "Every day of delay lets Russia fortify its gains"},
		// why something failed: what went wrong, said after the failure
		{"why did the minsk deal fail", "could not enforce the deal"},
		{"why did the minsk agreements not work", "could not enforce the deal"},
		{"why minsk flopped", "could not enforce the deal"}, // chat words for failing
		{"how come the minsk deal fell through", "could not enforce the deal"},
		// how something was flawed is asked as why it failed
		{"per the analysis in the trump piece, how was the budapest memorandum flawed", "did not establish a clear, binding framework"},
		// the shortfall after the failure, even where the failure is
		// followed by its continuation ("Yet in 2014, Russia invaded
		// Crimea anyway.")
		{"why didnt the budapest deal actually protect ukraine when crimea happened", "did not use force"},
		// a reason further down the passages than four
		{"why are ukraine and europe even talking to trump if hes a former president", "leading contender"},
		// the body's reason, not the "Key Takeaways" line restating who
		// seeks what from Trump
		{"why are zelensky and european leaders courting trump if he's described as a former president", "leading contender"},
		// nor the article's lead ("European leaders join Ukrainian
		// President in seeking long-term security commitments…")
		{"been reading the one about zelensky and the europeans meeting trump on my lunch break and im kinda lost... why are they even courting trump if hes not the president rn? whats the point", "shape future U.S. foreign policy"},
		// a purpose ("served as") is a reason
		{"what was the point of parking so many american soldiers in europe back in the day", "tripwire"},
		// "Hence, Moscow says it will never accept…": the premise before
		// it, with the sentence it refers back to ("He demands…")
		{"fr tho why is putin so pressed about nato troops being in ukraine", "President Putin sees Ukraine as a buffer zone"},
		{"ok i just got home from work and i'm trying to catch up on all the ukraine news. why does russia keep saying no to any guarantee plan that has troops in it", "President Putin sees Ukraine as a buffer zone"},
		// two sentences of premise when there is room
		{"why is the US considered so essential to what theyre building in paris", "world's leading military power"},
		// how someone sees a thing ("It sees guarantees with troops as a
		// step toward NATO expansion") is a reason
		{"why is russia so against foreign troops in ukraine", "step toward NATO expansion"},
		// a premise already quoted stays before its conclusion, ahead of
		// what follows the conclusion ("Otherwise, they become…")
		{"why do guarantees have to be backed by real military readiness, cant it just be a treaty", "Hostile forces often see vague deals as opportunities"},
		// a weaker sentence of another passage gives way to the premise
		{"why do guarantees have to be backed by real military readiness", "Hostile forces often see vague deals as opportunities"},
		// a sentence restating the question gives way to the reason after it
		{"why is a prisoner swap such a big deal for ending the war", "confidence-building measures"},
		// a question about a lack is answered by a sentence telling of
		// one ("with no boots on the ground"), not of the thing present
		// ("Guarantees backed by real forces…")
		{"what happens if the promises come without any soldiers actually standing there", "If guarantees come with no boots on the ground"},
		// "Otherwise, they become nothing more than words on paper" is
		// quoted with what it is otherwise than
		{"how do guarantees avoid just being words on paper", "must be backed by real military readiness"},
		// "…is multifaceted. Firstly, … Secondly, …": both reasons
		{"ok so zelensky + euro leaders going to trump... whats the rationale behind engaging with trump", "Secondly, it is an effort to gauge"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q: the reason %q is missing: %s", tt.q, tt.want, a.Text)
		}
		// "As a result, any plan with NATO troops faces a firm “no”"
		// restates "Hence, …": a conclusion drawn from a conclusion is no reason
		if strings.Contains(a.Text, "Hence, Moscow") && strings.Contains(a.Text, "As a result, any plan") {
			t.Errorf("%q: the conclusion is quoted twice: %s", tt.q, a.Text)
		}
	}
}

// A why or topic question ranks the passages holding that kind of answer
// (a reason, what a talk centred on) above the ones that only repeat its
// words: the answer is among the three passages an answer quotes first.
func TestAskedKindOfAnswerRanksHigher(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	inTopThree(t, svc, "macorn and zelensky phone call what was it about", "centered on securing")
	inTopThree(t, svc, "why can't ukraine and its allies just let talks drag on", "Every day of delay lets Russia fortify its gains")
}

// inTopThree fails unless a passage of the three q retrieves first holds
// want.
func inTopThree(t *testing.T, svc *retrieval.Service, q, want string) {
	t.Helper()
	r, err := svc.Retrieve(context.Background(), q, retrieval.Filter{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	var top []string
	for _, h := range r.Hits[:min(3, len(r.Hits))] {
		if strings.Contains(h.Text, want) {
			return
		}
		top = append(top, strings.Join(strings.Fields(h.Text)[:8], " "))
	}
	t.Errorf("%q: no passage of the top 3 holds %q: %q", q, want, top)
}

// A name one guess from a word ("kallas" two edits from "allies",
// "grossi" a slip of "gross") is, when the question is refused, a name
// the articles never mention: the note says so, not what was searched.
func TestRefusedGuessIsNoted(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, tt := range []struct{ q, name string }{
		{"what did kallas say about guarantees", "kallas"},
		{"what did grossi say about the paris summit", "grossi"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		notes := strings.Join(a.Notes, " ")
		if a.Found || !strings.Contains(notes, "never mention “"+tt.name+"”") || strings.Contains(notes, "Searched for") {
			t.Errorf("%q: found %v, notes %q; want refused, noting %q is never mentioned", tt.q, a.Found, a.Notes, tt.name)
		}
	}
}

// A long message's story may say nothing the articles do ("my uncle keeps
// saying…"): what it asks is searched without the story too, and the
// passage answering it is among the top three.
func TestStoryThatSaysNothingDoesNotHideTheAnswer(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	inTopThree(t, svc, "i skimmed these articles on my phone during lunch but didn't really get it. what year did ukraine give up its nukes", "1994")
	inTopThree(t, svc, "my uncle keeps saying the west has no plan at all and i don't know enough to argue with him. biden stance", "consistently reiterated")
}

// An article that asks the question itself (an FAQ) answers it in the
// statements that follow, which share few of its words; the article's
// question is not quoted as an answer.
func TestFAQAnswersFollowTheArticlesQuestion(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "so why does russia reject these security guarantees"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "step toward NATO expansion") {
		t.Errorf("the FAQ's answer is missing: %s", a.Text)
	}
	if strings.Contains(a.Text, "?") {
		t.Errorf("the answer quotes a question: %s", a.Text)
	}
}

// A question asking for a list is answered with the items of the
// article's enumeration ("First, … Second, … Third, …"), in order.
func TestListQuestionsGetTheEnumeration(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	// "the risks" is no list request: no "First, …" from elsewhere
	r, err := svc.Ask(context.Background(), retrieval.Question{Text: "what are the risks of sending troops"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(r.Text, "First,") {
		t.Errorf("an enumeration answered a question that asks for none: %s", r.Text)
	}
	// "how many paths forward…" is answered by the paths, which hold no
	// number; "ways forward", by the article's enumeration of its paths
	for _, q := range []string{"what are the three paths forward for ukraine's allies", "paths forward", "my friend is from poland and kind of freaking out about all this. does the peace article lay out any options going forward",
		"what ways forward does the security guarantees article suggest for allies",
		"how many paths forward does the security guarantees article give"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		i, j, k := strings.Index(a.Text, "First, allies"), strings.Index(a.Text, "Second, they"), strings.Index(a.Text, "Third, they")
		if i < 0 || j < i || k < j {
			t.Errorf("%q: the three paths are not listed in order: %s", q, a.Text)
		}
	}
}

// A long query (a pasted argument) searches a word once per repeat, up to
// twenty extra times; a short question searches each word once.
func TestRepeatedWordsCountInLongQueries(t *testing.T) {
	long := "nuclear power is dangerous because nuclear accidents spread radiation, nuclear waste lasts for millennia, and nuclear plants are expensive to build and to insure against disaster"
	q, err := retrieval.BuildQuery(long)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(q.Match, `"nuclear"`); n != 4 {
		t.Errorf("long query: %q searched %d times, want 4 (1 + 3 repeats)\n%s", "nuclear", n, q.Match)
	}
	q, err = retrieval.BuildQuery(long + strings.Repeat(" nuclear", 30))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(q.Match, `"nuclear"`); n != 21 {
		t.Errorf("a word repeated 34 times searched %d times, want 21 (1 + at most 20 repeats)", n)
	}
	q, err = retrieval.BuildQuery("troops troops troops where")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(q.Match, `"troops"`); n != 1 {
		t.Errorf("short question: %q searched %d times, want 1", "troops", n)
	}
}

// A chat shorthand is read as its word only where the index lacks it:
// documentation that names slog.Info is searched for "info".
func TestShorthandsTheIndexHoldsStayWords(t *testing.T) {
	db := testsupport.IndexedDB(t, fstest.MapFS{
		"slog.md":  {Data: []byte("# Logging\n\nInfo logs a message at the info level. Debug logs a message at the debug level.\n")},
		"other.md": {Data: []byte("# Other\n\nThe information desk opens at nine in the morning.\n")},
	})
	svc := retrieval.NewService(db, nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "what does info do"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "info level") || strings.Contains(a.Text, "information desk") {
		t.Errorf("\"info\" was read as \"information\": %s", a.Text)
	}
}

// An everyday word the background model's texts happen to lack ("shaky",
// "upbeat": WordNet lists them) is a word the articles phrase differently,
// not a subject they don't cover.
func TestEverydayWordsAreNoMissingSubjects(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "was the paris summit a shaky affair"})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(a.Notes, " "); strings.Contains(notes, "shaky") || !a.Found {
		t.Errorf("\"shaky\" was taken for a missing subject (found %v, notes %q)", a.Found, notes)
	}
	// nor is a word that describes the thing asked for
	a, err = svc.Ask(context.Background(), retrieval.Question{Text: "what's the biggest, most ambitious option floated in the macron piece"})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(a.Notes, " "); strings.Contains(notes, "biggest") || !a.Found {
		t.Errorf("\"biggest\" was taken for a missing subject (found %v, notes %q)", a.Found, notes)
	}
}

// A phrase the articles never use is searched with what WordNet says it
// means: "give up" is "forgo" or "abandon", "beefing up" "strengthen".
func TestPhrasesAreSearchedByTheirMeaning(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, c := range []struct{ q, want string }{
		{"what year did ukraine give up its nukes", "1994 Budapest"},
		{"what are the articles saying about europe beefing up its own defence", "strengthen its own defense"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: c.q})
		if err != nil {
			t.Fatal(err)
		}
		var top strings.Builder
		for _, h := range a.Passages[:min(3, len(a.Passages))] {
			top.WriteString(h.Text)
		}
		if !strings.Contains(top.String(), c.want) {
			t.Errorf("%q: %q is not in the top three passages", c.q, c.want)
		}
	}
}

// The store lists every passage exactly as Search returns it (title,
// heading, text), so the re-ranker's stems cached ahead serve the
// candidates of later questions.
func TestAllPassagesMatchSearchHits(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	all, err := db.AllPassages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]retrieval.Hit{}
	for _, h := range all {
		byID[h.ID] = h
	}
	hits, err := db.Search(ctx, `"war" OR "court" OR "troops"`, retrieval.Filter{}, 50)
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %d hits, %v", len(hits), err)
	}
	for _, h := range hits {
		a, ok := byID[h.ID]
		if !ok || a.Title != h.Title || a.Heading != h.Heading || a.Text != h.Text {
			t.Errorf("passage %s: listed as %q / %q, searched as %q / %q", h.ID, a.Title, a.Heading, h.Title, h.Heading)
		}
	}
}

// The store lists an article's passages, all of them and in order, as
// AllPassages does: a pasted text is scored against whole articles.
func TestArticlePassagesListWholeArticles(t *testing.T) {
	ctx := context.Background()
	db := testsupport.SeedDB(t)
	all, err := db.AllPassages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]retrieval.Hit{}
	var ids []string
	for _, h := range all {
		if want[h.DocID] == nil {
			ids = append(ids, h.DocID)
		}
		want[h.DocID] = append(want[h.DocID], h)
	}
	got, err := db.ArticlePassages(ctx, ids[:2])
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, id := range ids[:2] {
		slices.SortFunc(want[id], func(a, b retrieval.Hit) int { return a.Ordinal - b.Ordinal })
		n += len(want[id])
	}
	if len(got) != n {
		t.Fatalf("%d passages for %v, want %d", len(got), ids[:2], n)
	}
	for _, g := range got {
		w := want[g.DocID][0]
		want[g.DocID] = want[g.DocID][1:]
		if g.ID != w.ID || g.Title != w.Title || g.Heading != w.Heading || g.Text != w.Text {
			t.Errorf("passage %s (listed %s): %q / %q, want %q / %q", w.ID, g.ID, g.Title, g.Heading, w.Title, w.Heading)
		}
	}
}

// countingLister counts the passages listed for warming the stem cache.
type countingLister struct {
	*store.DB
	mu    sync.Mutex
	lists int
}

func (c *countingLister) AllPassages(ctx context.Context) ([]retrieval.Hit, error) {
	c.mu.Lock()
	c.lists++
	c.mu.Unlock()
	return c.DB.AllPassages(ctx)
}

// A small index's passages are listed once per generation (at its first
// question), and answers are the same as without the listing.
func TestPassagesListedOncePerGeneration(t *testing.T) {
	ctx := context.Background()
	l := &countingLister{DB: testsupport.SeedDB(t)}
	warm := retrieval.NewService(l, nil, nil)
	cold := retrieval.NewService(struct{ retrieval.Searcher }{l.DB}, nil, nil) // no AllPassages
	for _, q := range []string{"icc doing anything abt the war crimes?", "how many troops", "what did macron say"} {
		a, err := warm.Retrieve(ctx, q, retrieval.Filter{}, 5)
		if err != nil {
			t.Fatal(err)
		}
		b, err := cold.Retrieve(ctx, q, retrieval.Filter{}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Hits) != len(b.Hits) || a.Found != b.Found || math.Abs(a.Coverage-b.Coverage) > 1e-9 {
			t.Fatalf("%q: warmed %d hits (found %v, %.3f), cold %d (found %v, %.3f)", q, len(a.Hits), a.Found, a.Coverage, len(b.Hits), b.Found, b.Coverage)
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || math.Abs(a.Hits[i].Score-b.Hits[i].Score) > 1e-9 {
				t.Errorf("%q: hit %d warmed %s (%v), cold %s (%v)", q, i, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
			}
		}
	}
	if l.lists != 1 {
		t.Errorf("passages listed %d times over three questions, want once", l.lists)
	}
}

// The rules that read what a question asks for more closely (a span of
// time, an amount of money, a month, a name by its kind) leave alone the
// questions that only share their words.
func TestAnswerKindRulesKeepOrdinaryQuestions(t *testing.T) {
	db := testsupport.IndexedDB(t, fstest.MapFS{
		"georgia.txt":  {Data: []byte("Aid\n\nGeorgia pledged 200 soldiers to the Ukraine mission.\n")},
		"border.txt":   {Data: []byte("The border\n\nThe land border between Russia and Ukraine stretches 2,295 kilometres.\n")},
		"congress.txt": {Data: []byte("Congress\n\nCongress passed the Ukraine Security Assistance bill in April.\n")},
		"fund.txt":     {Data: []byte("Relief\n\nTwelve countries have paid their share of the relief fund.\n")},
		"minsk.txt":    {Data: []byte("Minsk\n\nThe ceasefire was signed on Tuesday in Minsk.\n")},
		"mueller.txt":  {Data: []byte("Reports\n\nThe Mueller reports describe contacts between campaign staff and Russian officials.\n")},
	})
	svc := retrieval.NewService(db, nil, nil)
	for _, tt := range []struct{ q, want string }{
		{"how long is the land border between russia and ukraine", "2,295"},
		{"what bill did congress pass for ukraine", "Security Assistance bill"},
		{"how many countries have paid their share of the relief fund", "Twelve"},
		{"when was the ceasefire signed in minsk earlier this month", "Tuesday"},
		{"what is in the mueller reports", "campaign staff"},
		{"how many soldiers did the united states pledge to the ukraine mission", ""}, // Georgia is no state of it
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		if tt.want == "" {
			if a.Found {
				t.Errorf("%q answered: %s", tt.q, a.Text)
			}
			continue
		}
		if !a.Found || !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q: answer %q does not say %q", tt.q, a.Text, tt.want)
		}
	}
}

// A word spelt the American way finds the article's British spelling and
// counts as present in the gate.
func TestSpellingVariantsFindEachOther(t *testing.T) {
	q, err := retrieval.BuildQuery("does ukraine keep its own defense")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(q.Alt["defens"], "defenc") {
		t.Errorf(`"defense" searches %v, want "defence" among them`, q.Alt["defens"])
	}
}

// A year written with two digits after a word of time is searched in
// full ("back in 94": 1994); a count of days is not a year.
func TestTwoDigitYears(t *testing.T) {
	for _, tt := range []struct{ q, word, year string }{
		{"who gave ukraine assurances back in 94", "94", "1994"},
		{"what happened in '14 with crimea", "14", "2014"},
		{"what happened in 14 days", "14", ""},
		{"how many troops, 94 or more", "94", ""},
	} {
		q, err := retrieval.BuildQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.Contains(q.Alt[tt.word], tt.year)
		if tt.year == "" {
			got = len(q.Alt[tt.word]) == 0
		}
		if !got {
			t.Errorf("%q: %q searches %v, want year %q", tt.q, tt.word, q.Alt[tt.word], tt.year)
		}
	}
}

// "back in 94", "back then" say when, as "in 1994" does: "back" is no
// search word there ("how did the west respond to crimea back then" found
// passages on pushing back), but it is one elsewhere ("push back").
func TestBackInTimeIsNotSearched(t *testing.T) {
	for _, tt := range []struct {
		q    string
		back bool
	}{
		{"who gave ukraine assurances back in 94", false},
		{"what did the west do back then", false},
		{"what happened back in the 90s with the nukes", false},
		{"can ukraine push back against russia", true},
		{"is the us back in the talks", true},
	} {
		q, err := retrieval.BuildQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(q.Words, "back"); got != tt.back {
			t.Errorf("%q searches %v: back searched %v, want %v", tt.q, q.Words, got, tt.back)
		}
	}
}

// "who were the countries that…" asks for countries, which a passage
// names without calling them countries ("Russia, the U.S. and the U.K.
// promised…"); one that names none ("Thirty Western nations convened in
// Paris") does not answer it.
func TestWhoWereTheCountries(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, tt := range []struct{ q, want string }{
		{"who were the countries that promised to respect ukraines borders back in 94", "Russia, the U.S. and the U.K. promised"},
		{"who were the countries that attended the paris summit", ""},
		// one country doing what is asked, or three named in two words
		{"who were the countries that placed troops in europe during the cold war", "the U.S. placed 300,000 troops"},
		{"who were the countries that gave ukraine assurances in 94", "the United States, the United Kingdom, and Russia"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if tt.want == "" && a.Found || tt.want != "" && !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q: found %v, want %q: %s", tt.q, a.Found, tt.want, a.Text)
		}
	}
}

// An adjective of rank the articles never use before the thing asked for
// ("the main options") says which of them, not a subject the articles
// miss: the question is answered; a name in that place ("the swedish
// position"), or an adjective of what they are ("the secret options"), is
// still a subject they never mention.
func TestUnseenModifierOfTheFocus(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for q, found := range map[string]bool{
		"what are the main options for what the guarantees could look like": true,
		"what is the swedish position on the guarantees":                    false,
		"what are the secret options for ukraine":                           false, // an adjective of what they are, not of rank
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if a.Found != found {
			t.Errorf("%q: found %v, want %v: %s", q, a.Found, found, a.Text)
		}
	}
}

// A sentence checked with a tag ("…grabbed crimea anyway right?") tells
// the story; the question after it asks ("so what did the west actually
// do"): the answer is what the West did, not the story retold. When the
// question after asks of "it", the tagged sentence names what it asks
// about.
func TestTagQuestionsTellTheStory(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for q, want := range map[string]string{
		"ok so i was reading the budapest memorandum part and im confused. ukraine gave up the nukes, then russia grabbed crimea anyway right? so what did the west actually do when that happened, did anyone fight back or": "Western powers imposed limited sanctions",
		"bro the budapest thing was a total L right? why didnt it actually protect ukraine": "inadequately enforced",
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, want) {
			t.Errorf("%q: want %q in the answer: %s", q, want, a.Text)
		}
	}
}

// Whether something was agreed or accepted is answered by a sentence
// saying it was not, or never will be ("The U.S. has agreed to air
// support but not ground forces", "Moscow says it will never accept
// foreign forces"), and "agreed", which WordNet lists as an adjective, is
// the verb asked.
func TestOutcomeAnsweredByNo(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for q, want := range map[string]string{
		"has the us agreed to send ground troops":              "not ground forces",
		"has moscow accepted foreign forces on ukrainian soil": "never accept foreign forces",
		"has russia accepted the guarantees":                   "Russia opposes any foreign military presence", // opposing is not accepting
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || !strings.Contains(a.Text, want) {
			t.Errorf("%q: want %q: %s", q, want, a.Text)
		}
	}
}

// "what did X agree to" is answered by what X agreed ("The U.S. has
// agreed to air support but not ground forces"), not by passages that
// only name X.
func TestWhatDidXAgreeTo(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "what did the us agree to"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.HasPrefix(a.Text, "The U.S. has agreed to air support") {
		t.Errorf("want the U.S.'s agreement first: %s", a.Text)
	}
	// what someone said they would do is what they agreed to
	if a, err = svc.Ask(context.Background(), retrieval.Question{Text: "what did trump agree to"}); err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "President Trump said he would help with air support") {
		t.Errorf("want what Trump said he would do: %s", a.Text)
	}
}

// slowPrefixSearcher answers an acronym's prefix lookup late, as a starved
// machine does.
type slowPrefixSearcher struct{ *store.DB }

func (s slowPrefixSearcher) Search(ctx context.Context, match string, f retrieval.Filter, limit int) ([]retrieval.Hit, error) {
	if strings.Contains(match, `"* + "`) {
		select {
		case <-time.After(500 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.DB.Search(ctx, match, f, limit)
}

// On a small index the acronym lookup gets time enough that a loaded
// machine does not change the answer.
func TestAcronymAnswerDoesNotDependOnLoad(t *testing.T) {
	svc := retrieval.NewService(slowPrefixSearcher{testsupport.SeedDB(t)}, nil, nil)
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: "which NGOs could help build peace"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "Human Rights Watch") {
		t.Errorf("a slow lookup changed the answer: %s", a.Text)
	}
}

// Questions the rules for near misses must leave alone: "hold a summit"
// is no outcome, "based on the articles" no seat asked for, "general" an
// adjective, a participle no part of the thing whose time is asked, a
// quoted phrase no title; quotes holding no word are no reference.
func TestNearMissRulesKeepAnswers(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, test := range []struct{ q, want string }{
		{"did the allies hold a summit in paris?", "Paris"},
		{"did the minsk accords hold?", "failed"},
		// what an article "thinks" is what it says, no one's view to find
		{"what does the macron article think of an article 5 style treaty", "unlikely to be a simple, legally binding"},
		{"based on the articles, where did thirty nations convene?", "Paris"},
		{"where was the meeting earlier this week that the macron article mentions", "The meeting in Paris earlier this week"},
		{"when was crimea taken", "2014"},
		{"which general approach do experts suggest for security guarantees", "multi-layered approach"},
		{`who is urging "security guarantees from trump"?`, "Trump"},
		{"whats the main point of the paris article", "Ukraine"},
		{"what’s the paris piece about", "Thirty Western nations"},
		// a thing's origin is no person's ("Soviet-era nuclear arsenal")
		{"where were the ukrainian nukes from originally", "Soviet-era"},
		// "which country is the X of Y" asks which, not where someone is from
		{"which country is the main opponent of nato expansion", "Russia"},
		// a relative "which" asks no role
		{"who was at the paris summit which was hosted by macron", "Thirty Western nations"},
		// an adjective before the thing a country has is no part of its name
		{"what is ukraines biggest fear", "fears"},
		// a verb after a country's thing names no thing of two words
		// ("ukraine's security matters such a…" is no "security matters")
		{"why is convincing trump that ukraine's security matters such a critical diplomatic task", "critical diplomatic task"},
		// "what's" is "what is", not someone's
		{"what's fueling ukraines urgency for more binding security commitments??", "fuels the current urgency"},
		// a story's claim checked ("do any of these articles back that up")
		{"my gf is from poland and she says the baltics would get steamrolled in like a week if russia went in. do any of these articles actually back that up or is she exaggerating", "overrun those countries in days"},
		{"my uncle says russia wants land in exchange for stopping the fighting. is he right?", "Russia wants land in exchange for a halt in fighting"},
		// a reaction told by a deed
		{"how did the west respond when crimea got taken", "sanctions"},
		// a word before "reaction" or "response" that describes names no
		// one reacting
		{"what was the initial reaction of western powers to the invasion of crimea", "sanctions"},
		{"what's the best response to russian aggression", "response to Russian aggression"},
		// a request after a question is a part of it
		{"how many tanks did germany send? also explain the budapest memorandum", "Budapest Memorandum"},
		// "figure" is often a person
		{"whats the political figure the europeans are courting", "Trump"},
		// an article asked which names someone: the passage, not a count of the words
		{"which of the articles names trump's envoy", "tasked his envoy"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || !strings.Contains(a.Text, test.want) {
			t.Errorf("%q: got %q, want an answer with %q", test.q, a.Text, test.want)
		}
	}
	for _, q := range []string{"will ukraine win the war according to the paris article?", "when are ukraine’s elections"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if a.Found {
			t.Errorf("%q answered %q", q, a.Text)
		}
	}
	for _, q := range []string{`what does "- - -" mean`, `trump replied "😡 😡 😡" to zelensky?`, "macron said '... ... ...' about troops?"} {
		if _, err := svc.Ask(context.Background(), retrieval.Question{Text: q}); err != nil && !errors.Is(err, retrieval.ErrNoTerms) {
			t.Errorf("%q: %v", q, err)
		}
	}
}

// A sentence naming the one asked about only as an example ("a prominent
// political figure like Trump offers the possibility…") tells nothing they
// offered: the answer quotes what Trump said he would do.
func TestExamplesAreNotTheSpeaker(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	// "whats X offering" asks as "what is X offering" does
	for _, q := range []string{"what did trump offer", "whats trump actually offering"} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(a.Text, "air support") || strings.Contains(a.Text, "like Trump offers") {
			t.Errorf("%q: answer quotes Trump as an example, not his offer: %s", q, a.Text)
		}
	}
}

// "What did X report / write" asks for X's words, as "what did X say"
// does: the BBC's report is quoted; Amnesty International, named only as
// an example of an NGO, reported nothing the articles tell.
func TestReportQuestionsWantTheReportersWords(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, tt := range []struct{ q, first string }{
		{"what did the bbc report", "The BBC report highlights"},
		{"what did the bbc report on the guarantee models", "The BBC report highlights"},
		{"what did amnesty international report about the war in ukraine", ""},
		{"what has human rights watch written about ukraine", ""},
		// words written somewhere: that letter's or post's, told beside it,
		// not anything Zelensky states elsewhere; a call's talk is told
		// in a passage's own words
		{"what did zelensky write in the letter to trump", ""},
		{"what did trump post on truth social about ukraine", ""},
		{"what did zelensky say in the call with macron", "While immediate military and humanitarian aid remain critical, the core of the discussion"},
	} {
		opensWith(t, svc, tt.q, tt.first)
	}
}

// opensWith checks that q is answered with first as its opening words, or
// refused when first is "".
func opensWith(t *testing.T, svc *retrieval.Service, q, first string) {
	t.Helper()
	a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case first == "" && a.Found:
		t.Errorf("%q answered, want refused: %s", q, a.Text)
	case first != "" && (!a.Found || !strings.HasPrefix(a.Text, first)):
		t.Errorf("%q: want the answer to quote %q first, got %s", q, first, a.Text)
	}
}

// A yes/no question whether someone does a deed ("is trump sending
// troops") is answered by what the one named did, not by another's deed
// ("Some European leaders propose sending…"); the U.S. is named as
// "U.S."; and asked of someone no passage tells of, it is refused.
func TestYesNoDeedQuestionsNameTheActor(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, tt := range []struct{ q, first string }{
		{"is trump sending troops", "President Trump said he would help with air support"},
		{"ngl will trump send troops or nah", "President Trump said he would help with air support"},
		{"ngl does trump actually wanna send troops or nah", "President Trump said he would help with air support"}, // a will asked as the deed
		{"is the us sending soldiers", "The U.S. has agreed to air support"},
		{"are the americans sending soldiers", "The U.S. has agreed to air support"}, // a country's people for the country
		{"did the us promise anything back in 1994", "In return, Russia, the U.S. and the U.K. promised to respect"},
		{"is macron sending troops", ""},
		// a deed of what is asked: the U.K.'s promise of 1994 is none of soldiers
		{"is the uk sending soldiers", ""},
		{"did the uk promise air support", ""},
		{"are the brits gonna send troops", ""},
		{"did macron promise to send french troops on that call w zelenskyy", ""},
	} {
		opensWith(t, svc, tt.q, tt.first)
	}
}

// A question about a source ranks first the passage naming one with its
// analysis ("The analysis from Chatham House…"), not those on the
// guarantees it analysed.
func TestSourceQuestionsFindTheSource(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, q := range []string{
		"Which think tank analysed the future of Ukraine's security guarantees?",
		"who did the analysis on future security guarantees that the trump article recommends at the end",
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range a.Passages[:min(3, len(a.Passages))] {
			found = found || strings.Contains(h.Text, "Chatham House")
		}
		if !found {
			t.Errorf("%q: no passage naming Chatham House in the top 3", q)
		}
	}
}

// A question that names the idea in other everyday words than the article
// ("pledges" for "promised", "persuade" for "convince", "liken" for
// "described") is answered; one whose subject nothing in the articles
// comes near ("patriot systems", "grain") is still refused, however close
// its other words ("talk", "deal").
func TestWordsCloseInMeaningCountInTheGate(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, test := range []struct{ q, want string }{
		{"what's wrong with relying on ink-and-paper pledges", "words on paper"},
		{"why is time such a big deal, why cant they just keep negotiating for however long", "Every day of delay lets Russia fortify its gains"},
		{"the insider at the paris thing who wouldnt give their name, what did they liken the whole process to", "building a bridge"},
		{"what do european politicians have to persuade people to accept", "Politicians must convince voters to spend more on defense"},
		{"that paris thing, did they talk about patriot systems", ""},
		{"the explainer — what does it say about the black sea grain deal", ""},
	} {
		t.Run(test.q, func(t *testing.T) {
			a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case test.want == "" && a.Found:
				t.Errorf("answered a subject the articles don't cover: %s", a.Text)
			case test.want != "" && !a.Found:
				t.Errorf("refused: %s", a.Text)
			case !strings.Contains(a.Text, test.want):
				t.Errorf("answer %q does not contain %q", a.Text, test.want)
			}
		})
	}
}

// A question presuming what the articles deny is not answered as if it
// were true: the answer says the articles don't answer it and quotes what
// they say instead. A question asking about the denial itself, or about a
// deed they tell, is answered.
func TestPresumedDeedsTheArticlesDeny(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, test := range []struct{ q, said string }{
		{"why did trump agree to send american ground troops to ukraine", "but not ground troops"},
		{"why did russia agree to let nato troops be stationed in ukraine?", "opposed any NATO presence"},
		// a failure told of them, with the sentence saying who they are
		{"how did the minsk accords manage to end the fighting in the east?", "The Minsk agreements aimed to end fighting"},
		// the U.S. as written ("The U.S. has agreed…"); the agreeing is told,
		// what it would agree to denied
		{"when did the us agree to send 20,000 ground troops to ukraine", "not ground forces"},
		// a count the articles give otherwise, and never the question's
		{"why did the 50 countries at the paris summit walk out", "Thirty Western nations"},
		{"why did the us station 500,000 troops in europe during the cold war", "300,000 troops"},
		// "Article 5" counts no countries
		{"why did only five countries bother showing up in paris", "Thirty Western nations"},
		// a gathering presumed somewhere the articles never name, told elsewhere
		{"why did the 30 nations meet in berlin", "convened in Paris"},
		// a success presumed ("why did… work at…"), a failure told; chat before it
		{"bruh why did the minsk deal actually work at stopping the fighting?", "failed to stop violence"},
		// a thing presumed given that the articles say is blocked, whoever blocks it
		{"why did the paris summit offer ukraine nato membership", "NATO membership remains blocked"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
		if err != nil {
			t.Fatalf("%q: %v", test.q, err)
		}
		if a.Found || !strings.Contains(a.Text, test.said) || len(a.Closest) != 1 || !strings.Contains(a.Closest[0].Quote, test.said) {
			t.Errorf("%q: found=%v %q (closest %v), want not found, quoting %q", test.q, a.Found, a.Text, a.Closest, test.said)
		}
	}
	for _, test := range []struct{ q, want string }{
		{"why won't trump send ground troops to ukraine", "air support"},
		{"why does russia oppose nato troops in ukraine", "buffer zone"},
		{"why does russia hate the idea of guarantees w troops", "never accept foreign forces"},
		{"why did ukraine give up its nuclear weapons", "1994"},
		{"how does the kremlin feel about other countries soldiers being stationed in its neighbour", "foreign forces"},
		// what the sentence tells as well as denies ("air support") is no denial
		{"why does trump prefer air support over ground troops", "air support but not ground troops"},
		{"why does russia want nato troops out of eastern europe", "remove troops from Eastern Europe"},
		// what another denies after naming the subject: the diplomat's "We are
		// not talking about NATO membership… but about… Ukraine"
		{"why does ukraine want nato membership", "NATO membership"},
		// "one country at a time" counts nothing, and "how does…" presumes nothing
		{"how does the paris summit piece describe the range of guarantee models, one country at a time vs a group", "bilateral agreements"},
		// the count the articles give
		{"why did the us station 300,000 troops in europe", "300,000 troops"},
		{"why do european leaders want to send 15k-20k troops", "15,000 to 20,000 troops"},
		// the place the articles name
		{"why did the thirty nations meet in paris", "Paris"},
		// one word denied of four is another matter ("…but not ground forces")
		{"why did the us park so many soldiers in europe back in the day", "300,000"},
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: test.q})
		if err != nil {
			t.Fatalf("%q: %v", test.q, err)
		}
		if !a.Found || !strings.Contains(a.Text, test.want) {
			t.Errorf("%q: found=%v %q, want an answer with %q", test.q, a.Found, a.Text, test.want)
		}
	}
}

// A question comparing what two sides offer finds, for each, a passage
// where it is the one offering ("President Trump said he would help…",
// "Some European leaders propose sending…"), not passages naming both
// with anyone's offer elsewhere; "for ukraine" names who is offered to,
// not a side.
func TestComparedOffersFindEachSide(t *testing.T) {
	svc := retrieval.NewService(testsupport.SeedDB(t), nil, nil)
	for _, q := range []string{
		"how do trump's and europe's offers of help differ",
		"sorry if this is a dumb question, i'm new to following politics. what is trump offering vs what europe is offering for ukraine",
		// a stance against what was floated: each side's deed
		"how does trump's stance on troops compare with what european leaders floated",
	} {
		a, err := svc.Ask(context.Background(), retrieval.Question{Text: q})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var top strings.Builder
		for _, h := range a.Passages[:min(3, len(a.Passages))] {
			top.WriteString(h.Text + "\n")
		}
		if !a.Found || !strings.Contains(top.String(), "15,000 to 20,000") || !strings.Contains(top.String(), "air support") {
			t.Errorf("%q: found=%v, top passages:\n%s", q, a.Found, top.String())
		}
	}
}
