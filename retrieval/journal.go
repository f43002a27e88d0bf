package retrieval

import "time"

// Outcomes of a question, as logged for /gaps and metrics.
const (
	OutcomeAnswered = "answered"
	OutcomeNotFound = "not_found"
	OutcomeError    = "error"
	OutcomeRefused  = "refused"
)

// QuestionLog is one asked question and what came of it. UserHash is a
// salted hash, never the Discord user id; nothing else about the user is kept.
type QuestionLog struct {
	Guild      string // "" in DMs
	Channel    string // where the answer was posted
	Private    bool   // seen only by the asker (/ask private:true)
	UserHash   string
	Command    string // "ask", "mention", …
	Question   string
	Answer     string
	Outcome    string
	PassageIDs []string
	At         time.Time
}

// Gap is a question the corpus could not answer well, with how often it
// was asked (not found), rated 👎, or handed to a human in the period.
type Gap struct {
	Question   string `json:"question"`
	NotFound   int    `json:"not_found"`
	Disliked   int    `json:"disliked"`
	NeedsHuman int    `json:"needs_human"`
}

// Vote is a 👍 (+1) or 👎 (-1) on a logged answer, with where it was cast
// from: only someone who could see the answer may vote on it.
type Vote struct {
	QuestionID string // the answer's unguessable id (from RecordQuestion)
	Guild      string
	Channel    string
	UserHash   string
	Value      int
}
