package retrieval

import "testing"

// "what is X" is answered by a sentence that says what X is or does, not
// by one that mentions X on its way to something else.
func TestDefinesTellsADefinitionFromAMention(t *testing.T) {
	for _, tt := range []struct {
		question, sentence string
		want               bool
	}{
		{"what counts as a data race in go?", "A data race is defined as a write to a memory location happening concurrently with another read or write.", true},
		{"what counts as a data race in go?", "Any implementation can, upon detecting a data race, report the race and halt execution of the program.", false},
		{"what counts as a data race in go?", "The preceding section gave a formal definition of data-race-free program execution.", false},
		{"what does go/doc do", "Package doc extracts source code documentation from a Go AST.", true},
		{"what does iota do", "Within a constant declaration, the predeclared identifier iota represents successive untyped integer constants.", true},
		{"what does iota do", "This last example exploits the implicit repetition of the last non-empty expression list, as iota does.", false},
		{"what is a GODEBUG setting?", "A GODEBUG setting is a key=value pair that controls the execution of certain parts of a Go program.", true},
		{"what is a GODEBUG setting?", "The number of non-default behaviors executed by the net package due to a non-default GODEBUG setting is counted.", false},
		{"how do I set GODEBUG", "A GODEBUG setting is a key=value pair that controls the execution of certain parts of a Go program.", false}, // not a definition question
		// a row of a table of terms and what they are
		{"what is uintptr", "uintptr  an unsigned integer large enough to store the uninterpreted bits of a pointer value", true},
		{"what is uintptr", "uintptr\tan unsigned integer large enough to store the uninterpreted bits of a pointer value", true},
		{"what is uintptr", "int      same size as uint", false},
		{"what is uintptr", "p := uintptr(x)  // not a pointer", false}, // code, and a comment too short to say what it is
	} {
		if got := defines(definitionSubject(tt.question), tt.sentence); got != tt.want {
			t.Errorf("%q: defines(%q) = %v, want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}

// A question about an operator is answered by the sentence that holds it,
// though it shares fewer of the question's words.
func TestOperatorQuestionsPreferTheSentenceWithTheOperator(t *testing.T) {
	if got := operators("what does <> after a symbol name do in asm, and := or =="); len(got) != 3 || got[0] != "<>" || got[1] != ":=" || got[2] != "==" {
		t.Errorf("operators = %q", got)
	}
	if got := operators("what did Trump say: yes or no?"); len(got) != 0 {
		t.Errorf("operators in prose = %q", got)
	}
	ops := operators("what does <> after a symbol name do")
	with := "Adding <> to the name, as in foo<>(SB), makes the name visible only in the current source file."
	without := "The symbol foo(SB) is the name foo as an address in memory."
	if operatorScore(ops, with) <= operatorScore(ops, without) {
		t.Errorf("the sentence with <> scores no better than the one without")
	}
}

// A question asking for advice prefers the sentence that gives it.
func TestAdviceQuestionsPreferTheSentenceThatAdvises(t *testing.T) {
	for q, want := range map[string]bool{
		"should I use sync/atomic to synchronize goroutines": true,
		"do I have to close the response body":               true,
		"is it safe to share a map between goroutines":       true,
		"what does sync/atomic provide":                      false,
		"why should europe pay":                              false,
	} {
		if got := adviceQuestionRe.MatchString(q); got != want {
			t.Errorf("%q asks for advice: %v, want %v", q, got, want)
		}
	}
	advises := "Except for special, low-level applications, synchronization is better done with channels or the facilities of the sync package."
	describes := "The APIs in the sync/atomic package are atomic operations that can be used to synchronize the execution of different goroutines."
	if adviceScore(true, advises) <= adviceScore(true, describes) || adviceScore(false, advises) != 0 {
		t.Errorf("advice scores: advising %v, describing %v, not an advice question %v",
			adviceScore(true, advises), adviceScore(true, describes), adviceScore(false, advises))
	}
}
