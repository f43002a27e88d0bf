package retrieval

import (
	"slices"
	"testing"
)

func TestRunAt(t *testing.T) {
	seq := []string{"black", "sea", "peninsula"}
	for _, tt := range []struct {
		run  []string
		end  int
		want []int
	}{
		{[]string{"black", "sea"}, 1, []int{0, 1}},
		{[]string{"black", "sea"}, 2, nil},
		{[]string{"sea", "peninsula"}, 2, []int{1, 2}},
		{[]string{"peninsula", "x"}, 3, nil}, // past the end
		{[]string{"a", "b", "c", "d"}, 5, nil},
		{[]string{"black"}, -1, nil},
	} {
		if got := runAt(seq, tt.run, tt.end); !slices.Equal(got, tt.want) {
			t.Errorf("runAt(%q, %d) = %v, want %v", tt.run, tt.end, got, tt.want)
		}
	}
}

// A kind next to a name of its definition calls the name; a kind shared
// by many names, or one found apart from the name, does not.
func TestCallsNames(t *testing.T) {
	by := map[string][]nameRef{
		"peninsula": {{name: "crimea", stem: "crimea", head: "peninsula", gloss: [][]string{{"black", "sea"}}}},
	}
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"what happened to the black sea peninsula", true},
		{"a peninsula on the black sea", true},
		{"a peninsula far from any sea, not black", false},
	} {
		q, err := BuildQuery(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := callsNames(&q, by); got != tt.want {
			t.Errorf("%q: callsNames = %v, want %v", tt.q, got, tt.want)
		}
	}
}
