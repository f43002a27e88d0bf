package retrieval

import "time"

// GuildSettings are one server's help-desk settings, set by its
// moderators. A nil pointer means the environment's default.
type GuildSettings struct {
	Guild          string
	HelperRole     string // role id to call for human help; "" none
	PrivateDefault *bool  // /ask answers only the asker sees, when not given
	DailyBudget    *int   // requests per user per day; 0 unlimited
}

// ChannelSettings are one channel's help-desk settings.
type ChannelSettings struct {
	Channel         string
	Guild           string
	Forum           bool // a forum channel: new posts are the questions
	AutoAnswer      bool // answer questions without a mention, only when found
	MentionRequired bool // false: every message is a question for docbot
	InThread        bool // answer in a thread (true) or inline
}

// DefaultChannelSettings is a channel nobody configured: answers only
// when mentioned, in a thread.
func DefaultChannelSettings(channel, guild string) ChannelSettings {
	return ChannelSettings{Channel: channel, Guild: guild, MentionRequired: true, InThread: true}
}

// NeedsContent reports whether docbot must read ordinary messages in the
// channel (the Message Content intent): a text channel with auto-answer
// on or mentions not required, or an auto-answer forum (the first
// message of a post).
func (c ChannelSettings) NeedsContent() bool {
	return c.AutoAnswer || !c.MentionRequired
}

// HelpThread is a thread docbot answers as a help desk: a forum post, or a
// thread it started for a question.
type HelpThread struct {
	Thread       string
	Guild        string
	Parent       string
	Forum        bool
	AskerHash    string
	StartedAt    time.Time
	HelperCalled bool
	Solved       bool
}

// Solved is an answer the asker or a moderator marked as solving the
// question, exported as a regression question.
type Solved struct {
	Question string
	Answer   string
}
