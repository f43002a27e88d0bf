package text

// irregularPast maps the past forms of common irregular English verbs to
// the verb ("met" → "meet"): the Porter stemmer leaves them apart, so
// "did they meet" would never find "they met". Forms whose stem is
// another word's are left out ("ate" stems to "at", "left" is a side,
// "found", "bound", "shot", "saw", "rose", "thought" are words of their
// own), and so are be, have and do.
var irregularPast, irregularForms = func() (map[string]string, map[string][]string) {
	m, forms := map[string]string{}, map[string][]string{}
	for _, row := range [][]string{
		{"arise", "arose", "arisen"}, {"bear", "bore"}, {"beat", "beaten"},
		{"become", "became"}, {"begin", "began", "begun"}, {"bend", "bent"}, {"bite", "bitten"},
		{"blow", "blew", "blown"}, {"break", "broke", "broken"}, {"bring", "brought"}, {"build", "built"},
		{"burn", "burnt"}, {"buy", "bought"}, {"catch", "caught"}, {"choose", "chose", "chosen"}, {"come", "came"},
		{"deal", "dealt"}, {"dig", "dug"}, {"draw", "drew", "drawn"}, {"drink", "drank", "drunk"},
		{"drive", "drove", "driven"}, {"eat", "eaten"}, {"fall", "fell", "fallen"}, {"feed", "fed"},
		{"feel", "felt"}, {"fight", "fought"}, {"flee", "fled"}, {"fly", "flew", "flown"},
		{"forbid", "forbade", "forbidden"}, {"forget", "forgot", "forgotten"}, {"forgive", "forgave", "forgiven"},
		{"freeze", "froze", "frozen"}, {"get", "got", "gotten"}, {"give", "gave", "given"}, {"go", "went", "gone"},
		{"grow", "grew", "grown"}, {"hang", "hung"}, {"hear", "heard"}, {"hide", "hid", "hidden"},
		{"hold", "held"}, {"keep", "kept"}, {"know", "knew", "known"}, {"lay", "laid"}, {"lead", "led"},
		{"lend", "lent"}, {"lose", "lost"}, {"make", "made"},
		{"mean", "meant"}, {"meet", "met"}, {"overcome", "overcame"}, {"overrun", "overran"}, {"overtake", "overtook", "overtaken"},
		{"pay", "paid"}, {"rise", "risen"}, {"ride", "rode", "ridden"}, {"run", "ran"},
		{"say", "said"}, {"see", "seen"}, {"seek", "sought"}, {"sell", "sold"}, {"send", "sent"},
		{"shake", "shook", "shaken"}, {"show", "shown"}, {"shrink", "shrank", "shrunk"},
		{"sing", "sang", "sung"}, {"sink", "sank", "sunk"}, {"sit", "sat"}, {"sleep", "slept"}, {"speak", "spoke", "spoken"},
		{"spend", "spent"}, {"stand", "stood"}, {"steal", "stole", "stolen"}, {"stick", "stuck"}, {"strike", "struck", "stricken"},
		{"swear", "swore", "sworn"}, {"take", "took", "taken"}, {"teach", "taught"}, {"tear", "tore", "torn"},
		{"tell", "told"}, {"throw", "threw", "thrown"}, {"undergo", "underwent", "undergone"},
		{"understand", "understood"}, {"undertake", "undertook", "undertaken"}, {"uphold", "upheld"}, {"wake", "woke", "woken"},
		{"wear", "wore", "worn"}, {"win", "won"}, {"withdraw", "withdrew", "withdrawn"}, {"withhold", "withheld"},
		{"write", "wrote", "written"},
	} {
		for _, form := range row[1:] {
			m[Stem(form)] = Stem(row[0])
			forms[Stem(row[0])] = append(forms[Stem(row[0])], form)
		}
	}
	return m, forms
}()

// IrregularBase returns the stem of the verb whose irregular past form has
// stem st ("met" → "meet", "fought" → "fight"), or "".
func IrregularBase(st string) string { return irregularPast[st] }

// IrregularForms returns the irregular past forms of the verb whose stem
// is st ("meet" → "met"; "fight" → "fought"), nil for any other.
func IrregularForms(st string) []string { return irregularForms[st] }
