package retrieval_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// docsCorpus is a small documentation site: prose with code examples, the
// way language and library documentation is written.
var docsCorpus = fstest.MapFS{
	"once.md": {Data: []byte("# Synchronization\n\n## Once\n\n" +
		"The completion of a single call of setup from once.Do(setup) is synchronized before the return of any call of once.Do(setup).\n\n" +
		"```go\nvar once sync.Once\n\nfunc setup() {\n\ta = \"hello, world\"\n}\n\nfunc doprint() {\n\tonce.Do(setup)\n\tprint(a)\n}\n```\n")},
	"race.md": {Data: []byte("# The memory model\n\n## Overview\n\n" +
		"A data race is defined as a write to a memory location happening concurrently with another read or write to that same location. " +
		"Programmers are strongly encouraged to use appropriate synchronization to avoid them.\n\n" +
		"## Programs containing data races\n\n" +
		"The preceding section gave a formal definition of data race free program execution. " +
		"Any implementation can, upon detecting a data race, report the race and halt execution of the program. " +
		"A data race on a multiword data structure can lead to inconsistent values.\n")},
	"consts.md": {Data: []byte("# Constants\n\n## Iota\n\n" +
		"```go\nconst (\n\tc0 = iota  // c0 == 0\n\tc1 = iota  // c1 == 1\n\tc2 = iota  // c2 == 2\n)\n```\n\n" +
		"Within a constant declaration, the predeclared identifier iota represents successive untyped integer constants. " +
		"It can be used to construct a set of related constants.\n")},
}

// A question about documentation is answered with the sentence that
// says it, not with a line of the code example next to it (which matches
// the question's words as well), nor goes on with the example's lines.
func TestDocsAnswersQuoteProseAndDefinitions(t *testing.T) {
	db := testsupport.IndexedDB(t, docsCorpus)
	svc := retrieval.NewService(db, nil, nil)
	for _, tt := range []struct{ q, want, not string }{
		{"does sync.Once guarantee the setup is visible to every caller?", "is synchronized before the return", "var once sync.Once"},
		{"what does iota do", "represents successive untyped integer constants", "c0 = iota"},
		{"what is a data race?", "write to a memory location happening concurrently", ""},
	} {
		a, err := svc.Ask(t.Context(), retrieval.Question{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || !strings.Contains(a.Text, tt.want) || tt.not != "" && strings.Contains(a.Text, tt.not) {
			t.Errorf("%q answered %q; want it to say %q", tt.q, a.Text, tt.want)
		}
	}
}

// "how do I convert X" is answered where the documentation names the task
// by its noun ("conversions"), not by passages that only use the verb on
// their way to another subject.
func TestHowToFindsTheTaskNamedByItsNoun(t *testing.T) {
	db := testsupport.IndexedDB(t, fstest.MapFS{
		"strconv.md": {Data: []byte("# Package strconv\n\n## Numeric Conversions\n\n" +
			"The most common numeric conversions are Atoi (string to int) and Itoa (int to string). " +
			"These assume decimal and the Go int type.\n")},
		"constants.md": {Data: []byte("# Constants\n\n## Default types\n\n" +
			"An untyped constant is implicitly converted to int or string where a typed value is required. " +
			"A constant value x can be converted to an int or a string type if x is representable by a value of that type.\n")},
		"fmt.md": {Data: []byte("# Package fmt\n\n## Printing\n\n" +
			"If an operand implements method String() string, that method is invoked to convert the object to a string, whose int fields are printed too.\n")},
	})
	svc := retrieval.NewService(db, nil, nil)
	a, err := svc.Ask(t.Context(), retrieval.Question{Text: "how do i convert a string to an int"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "(string to int)") {
		t.Errorf("answered %q; want strconv's numeric conversions", a.Text)
	}
}
