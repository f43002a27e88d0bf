package text

import "testing"

// Words used alike in general English are close; unrelated ones and words
// the table lacks are not.
func TestClosest(t *testing.T) {
	for _, test := range []struct {
		word           string
		among          []string
		atLeast, below float64
	}{
		{"soldiers", []string{"bread", "troops"}, 0.8, 1.01},
		{"pledges", []string{"promised"}, 0.7, 1.01},
		{"ballot", []string{"voters"}, 0.7, 1.01},
		{"pizza", []string{"troops", "treaty", "guarantee"}, 0, 0.4},
		{"xqzvw", []string{"troops"}, 0, 0.001},
		{"troops", []string{"xqzvw"}, 0, 0.001},
	} {
		got := Closest(Stem(test.word), stems(test.among))
		if got < test.atLeast || got >= test.below {
			t.Errorf("Closest(%q, %q) = %.2f, want in [%.2f, %.2f)", test.word, test.among, got, test.atLeast, test.below)
		}
	}
}

func stems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = Stem(w)
	}
	return out
}
