package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/retrieval"
)

func TestSplitMessage(t *testing.T) {
	sentence := "President Trump said he would help with air support but not ground troops [1]. "
	long := strings.Repeat(sentence, 60) // ~4800 characters
	parts := splitMessage(long, maxContent)
	if len(parts) != 3 {
		t.Fatalf("%d parts, want 3", len(parts))
	}
	for i, p := range parts {
		if n := utf8.RuneCountInString(p); n > maxContent {
			t.Errorf("part %d has %d characters", i, n)
		}
		if i < len(parts)-1 && !strings.HasSuffix(p, "[1].") {
			t.Errorf("part %d does not end at a sentence: %q", i, p[len(p)-20:])
		}
	}
	if strings.Join(parts, "") != long {
		t.Error("parts do not concatenate back to the input")
	}
	// no sentence boundary: cut between words; no spaces at all: cut anywhere
	for _, in := range []string{strings.Repeat("word ", 900), strings.Repeat("x", 4500), strings.Repeat("é", 2001)} {
		parts := splitMessage(in, maxContent)
		if strings.Join(parts, "") != in {
			t.Errorf("lost text splitting %.10q", in)
		}
		for _, p := range parts {
			if utf8.RuneCountInString(p) > maxContent || p == "" || !utf8.ValidString(p) {
				t.Errorf("bad part of %d characters", utf8.RuneCountInString(p))
			}
		}
	}
}

func FuzzSplitMessage(f *testing.F) {
	f.Add("short", 2000)
	f.Add(strings.Repeat("Sentence one [1]. ", 200), 100)
	f.Add("[12][13] x", 3)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 1 || limit > 4000 || len(s) > 8000 || !utf8.ValidString(s) {
			return
		}
		parts := splitMessage(s, limit)
		if strings.Join(parts, "") != s {
			t.Fatalf("pieces do not concatenate back to the input")
		}
		for _, p := range parts {
			if utf8.RuneCountInString(p) > limit {
				t.Fatalf("piece of %d > %d characters", utf8.RuneCountInString(p), limit)
			}
			if p == "" && s != "" {
				t.Fatalf("empty piece")
			}
		}
	})
}

func TestAnswerMessageWithinEmbedLimits(t *testing.T) {
	a := retrieval.Answer{Found: true, Mode: "extractive", Text: "@everyone look [1]."}
	for n := 1; n <= 14; n++ {
		a.Citations = append(a.Citations, retrieval.Citation{N: n, Title: strings.Repeat("T", 300), Quote: strings.Repeat("quote ", 400), PassageID: "d#1"})
	}
	content, embeds := answerMessage(a)
	if len(embeds) > maxEmbeds {
		t.Errorf("%d embeds", len(embeds))
	}
	total := 0
	for _, e := range embeds {
		total += embedSize(e)
		if utf8.RuneCountInString(e.Title) > maxEmbedTitle || utf8.RuneCountInString(e.Description) > maxEmbedDesc {
			t.Errorf("embed over its field limits")
		}
	}
	if total > maxEmbedTotal {
		t.Errorf("embeds total %d characters", total)
	}
	if !strings.Contains(content, "@everyone") {
		t.Errorf("content = %q", content) // shown, but allowed_mentions keeps it from pinging
	}
	if m := noMentions(); m.Parse == nil || len(m.Parse) != 0 {
		t.Errorf("noMentions = %+v", m)
	}
}

func TestEscapeKeepsMarkers(t *testing.T) {
	if got := escape("**bold** _x_ [2] [a] `code`"); got != `\*\*bold\*\* \_x\_ [2] \[a\] `+"\\`code\\`" {
		t.Errorf("escape = %q", got)
	}
}

func TestModeratorCheck(t *testing.T) {
	b := &Bot{cfg: Config{ModeratorRoles: []string{"777"}}}
	tests := []struct {
		name string
		i    *discordgo.Interaction
		want bool
	}{
		{"manage guild", &discordgo.Interaction{GuildID: "g", Member: &discordgo.Member{Permissions: discordgo.PermissionManageGuild}}, true},
		{"administrator", &discordgo.Interaction{GuildID: "g", Member: &discordgo.Member{Permissions: discordgo.PermissionAdministrator}}, true},
		{"moderator role", &discordgo.Interaction{GuildID: "g", Member: &discordgo.Member{Roles: []string{"1", "777"}}}, true},
		{"other bits only", &discordgo.Interaction{GuildID: "g", Member: &discordgo.Member{Permissions: discordgo.PermissionSendMessages | discordgo.PermissionManageMessages}}, false},
		{"no member", &discordgo.Interaction{GuildID: "g"}, false},
		{"DM", &discordgo.Interaction{User: &discordgo.User{ID: "1"}}, false},
	}
	for _, tt := range tests {
		if got := b.isModerator(tt.i); got != tt.want {
			t.Errorf("%s: isModerator = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// A catalog answer that finds no date, or says what the index doesn't
// keep, is shown as said; only the generic refusal is put in the bot's words.
func TestNotFoundWithNearestShowsItsText(t *testing.T) {
	a := retrieval.Answer{Mode: "extractive", Text: "“Macron piece” carries no date [1].", Nearest: []string{"Macron piece"},
		Citations: []retrieval.Citation{{N: 1, Title: "Macron piece", Quote: "Opening.", PassageID: "d#0"}}}
	content, embeds := answerMessage(a)
	if !strings.Contains(content, "carries no date") || len(embeds) != 1 {
		t.Errorf("content %q with %d embeds", content, len(embeds))
	}
	// what the index doesn't keep, said so: shown as said
	a = retrieval.Answer{Mode: "extractive", Text: "The index keeps no reader counts (views, likes, comments, shares)."}
	if content, _ := answerMessage(a); !strings.Contains(content, "no reader counts") {
		t.Errorf("a catalog refusal: content %q", content)
	}
	// the generic refusal in the bot's words
	a.Text = retrieval.NotCovered
	if content, _ := answerMessage(a); content != msgNotCovered {
		t.Errorf("not found, nothing near: content %q", content)
	}
}
