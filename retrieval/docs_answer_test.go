package retrieval_test

import (
	"fmt"
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

// "what is X" is answered by the passage that says what X is, even when
// that is a row of a preformatted table of terms and their meanings, not
// by the passages that use X more often.
func TestWhatIsFindsTheDefiningTableRow(t *testing.T) {
	corpus := fstest.MapFS{
		"types.md": {Data: []byte("# Types\n\n## Numeric types\n\n" +
			"There is also a set of predeclared integer types with implementation-specific sizes:\n\n" +
			"```\nuint     either 32 or 64 bits\nint      same size as uint\n" +
			"uintptr  an unsigned integer large enough to store the uninterpreted bits of a pointer value\n```\n")},
	}
	for i, s := range []string{
		"Any pointer or value of underlying type uintptr can be converted to a type of underlying type Pointer and vice versa. " +
			"A Pointer is a pointer type but a Pointer value may not be dereferenced.",
		"The effect of converting between Pointer and uintptr is implementation-defined. " +
			"The rules for valid uses of Pointer apply to every conversion, and a program that breaks them is not portable.",
		"Calls to Alignof, Offsetof, and Sizeof are compile-time constant expressions of type uintptr. " +
			"Computer architectures may require memory addresses to be aligned, for addresses of a variable to be a multiple of a factor.",
		"The function Add adds len to ptr and returns the updated pointer unsafe.Pointer(uintptr(ptr) + uintptr(len)). " +
			"The len argument must be of integer type or an untyped constant.",
		"Converting a uintptr back to a Pointer is valid only in the patterns listed below. " +
			"Code that does not follow these patterns is likely to be invalid today or to become invalid in the future.",
	} {
		corpus[fmt.Sprintf("unsafe%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("# Package unsafe, part %d\n\n%s\n", i, s))}
	}
	for i, s := range []string{
		"A slice is a descriptor for a contiguous segment of an underlying array.",
		"A map is an unordered group of elements of one type, indexed by a set of unique keys.",
		"A channel provides a mechanism for concurrently executing functions to communicate.",
		"An interface type defines a type set.",
		"A struct is a sequence of named elements, called fields.",
		"A function type denotes the set of all functions with the same parameter and result types.",
		"A pointer type denotes the set of all pointers to variables of a given type.",
		"An array is a numbered sequence of elements of a single type, called the element type.",
		"A string type represents the set of string values, sequences of bytes.",
		"A boolean type represents the set of Boolean truth values denoted by the constants true and false.",
		"A label is the target of a break, continue or goto statement.",
		"A goroutine is an independent concurrent thread of control within the same address space.",
	} {
		corpus[fmt.Sprintf("types%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("# More types, part %d\n\n%s\n", i, s))}
	}
	svc := retrieval.NewService(testsupport.IndexedDB(t, corpus), nil, nil)
	a, err := svc.Ask(t.Context(), retrieval.Question{Text: "what is uintptr"})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "large enough to store the uninterpreted bits") {
		t.Errorf("answered %q; want the table's definition of uintptr", a.Text)
	}
}
