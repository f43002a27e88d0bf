package store

import (
	"strconv"
	"strings"

	"github.com/docbot/docbot/internal/text"
)

// encodeSpans writes a passage's code spans as the passages.code column
// holds them: "start-end" byte offsets, space-separated; "" for none.
func encodeSpans(spans []text.Span) string {
	var sb strings.Builder
	for i, sp := range spans {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.Itoa(sp.Start))
		sb.WriteByte('-')
		sb.WriteString(strconv.Itoa(sp.End))
	}
	return sb.String()
}

// decodeSpans reads the passages.code column back. A span that does not
// parse or lies outside a text of n bytes is dropped: the column is a hint
// for quoting, and a damaged one must not fail a search.
func decodeSpans(s string, n int) []text.Span {
	if s == "" {
		return nil
	}
	var out []text.Span
	for _, f := range strings.Fields(s) {
		a, b, ok := strings.Cut(f, "-")
		if !ok {
			continue
		}
		start, err1 := strconv.Atoi(a)
		end, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil || start < 0 || end > n || start >= end {
			continue
		}
		out = append(out, text.Span{Start: start, End: end})
	}
	return out
}
