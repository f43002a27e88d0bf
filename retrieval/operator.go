package retrieval

import "strings"

// Documentation questions ask about operators, which are no words to
// search for ("what does <> after a symbol name do", "can I compare slices
// with =="): a sentence that holds the operator answers better than one
// that only shares the question's other words. Questions about news
// articles hold none, and score as before.

// operatorChars make up an operator token of a question.
const operatorChars = "<>=!:&|%^~"

// operators returns the operator tokens of a question: runs of two or more
// operator characters ("<>", "==", ":=", "%%", "&^").
func operators(question string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(question, func(r rune) bool { return !strings.ContainsRune(operatorChars, r) }) {
		if len(f) >= 2 {
			out = append(out, f)
		}
	}
	return out
}

// operatorBonus is added to a sentence that holds an operator the question
// asks about: about what a rare question word matched adds to a sentence's
// score (the operator is not among the question's search words).
const operatorBonus = 0.3

// operatorScore is operatorBonus when sentence s holds one of the
// question's operators ops.
func operatorScore(ops []string, s string) float64 {
	for _, op := range ops {
		if strings.Contains(s, op) {
			return operatorBonus
		}
	}
	return 0
}
