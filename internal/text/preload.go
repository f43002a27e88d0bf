package text

// Preload loads the embedded tables (the background model, WordNet and
// the tables drawn from them, the word vectors) that are otherwise loaded by the first
// question needing each: a process that answers questions calls it ahead
// (see retrieval.Service.Warm), so that its first question does not pay
// some 100 ms for them. The tables are the same either way.
func Preload() {
	background()
	lemmas()
	lemmaStems()
	proper()
	wordnet()
	persons()
	demonyms()
	derivations()
	qualities()
	names()
	demonymNouns()
	countryRe()
	vectors()
}
