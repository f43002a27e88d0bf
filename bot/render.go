package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/text"
	"github.com/docbot/docbot/retrieval"
)

// Short replies; each says what to do.
const (
	msgFailed      = "Something went wrong while answering. Please try again in a moment."
	msgBusy        = "Too many questions are waiting right now — please try again in a minute."
	msgTooLate     = "Too many questions are waiting for me to answer yours in time — please try again in a few minutes."
	msgShutdown    = "I'm restarting — please ask again in a minute."
	msgModsOnly    = "This command is for moderators only."
	msgReloadBusy  = "A reload is already running; I'll report when it finishes."
	msgNoQuestion  = "Ask a question, for example: `/ask question: what did Trump offer on ground troops?`"
	msgTimeout     = "That took too long to answer. Please try again, or ask a narrower question."
	msgNoTerms     = "I couldn't find any words to search for in that. Try asking with a few keywords."
	msgTooOld      = "This answer is too old to use the buttons on. Ask again to get a fresh one."
	msgThanks      = "Thanks — your feedback was recorded."
	msgUnknownDoc  = "I don't know that article. Pick one from the list, or use `/docs`."
	msgInDMsNoMods = "Moderator commands work in a server, not in DMs."
	msgNotCovered  = "The articles don't cover this. Try other words, or see the articles with /docs."
	msgNoJournal   = "Questions are not being recorded on this server (the database is read-only)."
)

// Discord's limits.
const (
	maxContent      = 2000
	maxEmbeds       = 10
	maxEmbedTitle   = 256
	maxEmbedDesc    = 4096
	maxEmbedFooter  = 2048
	maxEmbedTotal   = 6000
	maxQuoteInEmbed = 900 // keeps ten sources under the 6000 total
	maxChoiceName   = 100
)

// noMentions is sent with every message: nothing in a question, answer or
// quoted document can ping @everyone, roles or users. Every edit carries it
// too, or Discord re-parses mentions with the defaults.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

var markdownEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "~", `\~`, "|", `\|`, ">", `\>`, "#", `\#`, "[", `\[`, "]", `\]`)

// escape makes document or model text literal in Discord markdown, keeping
// citation markers [n] readable.
func escape(s string) string {
	s = markdownEscaper.Replace(s)
	return citeUnescape.Replace(s)
}

var citeUnescape = func() *strings.Replacer {
	var pairs []string
	for n := 1; n <= 30; n++ {
		pairs = append(pairs, fmt.Sprintf(`\[%d\]`, n), fmt.Sprintf("[%d]", n))
	}
	return strings.NewReplacer(pairs...)
}()

// truncate cuts s to at most n characters, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// splitMessage cuts s into pieces of at most limit characters, between
// sentences where possible, else between words, else anywhere. The pieces
// concatenate back to s exactly; a citation marker is never cut.
func splitMessage(s string, limit int) []string {
	var out []string
	for utf8.RuneCountInString(s) > limit {
		cut := cutPoint(s, limit)
		out = append(out, s[:cut])
		s = s[cut:]
	}
	if s != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// cutPoint returns a byte offset ≤ limit characters into s to cut at.
func cutPoint(s string, limit int) int {
	maxByte, n := len(s), 0
	for i := range s {
		if n == limit {
			maxByte = i
			break
		}
		n++
	}
	best := 0
	spans := text.Sentences(s[:maxByte])
	if len(spans) > 0 && maxByte < len(s) {
		spans = spans[:len(spans)-1] // the window cuts the last one short
	}
	for _, sp := range spans {
		best = sp.End // the end of a whole sentence inside the window
	}
	if best > maxByte/2 {
		return best
	}
	if i := strings.LastIndexAny(s[:maxByte], " \n"); i > 0 {
		return i + 1
	}
	if i := strings.LastIndex(s[:maxByte], "["); i > 0 && !strings.Contains(s[i:maxByte], "]") {
		return i // do not cut inside a marker
	}
	return maxByte
}

// answerMessage renders an answer: the text with [n] markers and one embed
// per source (title linked when a URL is known, the quoted passage, and
// "extractive" or the model name in the footer, with "from cache" when the
// answer was cached).
func answerMessage(a retrieval.Answer) (content string, embeds []*discordgo.MessageEmbed) {
	content = escape(a.Text)
	if !a.Found && a.Text == retrieval.NotCovered {
		content = msgNotCovered // the CLI's wording names the docs command in backticks
	}
	for _, n := range a.Notes {
		content += "\n-# " + escape(n)
	}
	sources := a.Citations
	heading := ""
	if !a.Found && len(a.Closest) > 0 {
		sources, heading = a.Closest, "Closest passage · "
	}
	footer := "extractive"
	if a.Mode == retrieval.ModeLLM && a.Model != "" {
		footer = a.Model
	}
	if a.Cached {
		footer += " · from cache"
	}
	for _, c := range sources {
		e := &discordgo.MessageEmbed{
			Title:       truncate(fmt.Sprintf("%s[%d] %s", heading, c.N, c.Title), maxEmbedTitle),
			URL:         c.URL,
			Description: truncate("“"+escape(strings.Join(strings.Fields(c.Quote), " "))+"”", maxQuoteInEmbed),
			Footer:      &discordgo.MessageEmbedFooter{Text: truncate(footerText(footer, c), maxEmbedFooter)},
		}
		embeds = append(embeds, e)
	}
	return content, fitEmbeds(embeds)
}

func footerText(mode string, c retrieval.Citation) string {
	parts := []string{mode, c.PassageID}
	if c.Date != "" {
		parts = append(parts, c.Date)
	}
	return strings.Join(parts, " · ")
}

// fitEmbeds keeps at most ten embeds within the 6000-character total.
func fitEmbeds(es []*discordgo.MessageEmbed) []*discordgo.MessageEmbed {
	if len(es) > maxEmbeds {
		es = es[:maxEmbeds]
	}
	total := 0
	for i, e := range es {
		size := embedSize(e)
		if total+size > maxEmbedTotal {
			room := maxEmbedTotal - total - (size - utf8.RuneCountInString(e.Description))
			if room < 20 {
				return es[:i]
			}
			e.Description = truncate(e.Description, room)
			size = embedSize(e)
		}
		total += size
	}
	return es
}

func embedSize(e *discordgo.MessageEmbed) int {
	n := utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
	if e.Footer != nil {
		n += utf8.RuneCountInString(e.Footer.Text)
	}
	for _, f := range e.Fields {
		n += utf8.RuneCountInString(f.Name) + utf8.RuneCountInString(f.Value)
	}
	return n
}

// answerButtons are 👍 / 👎 feedback and "Show passages" for a logged answer.
func answerButtons(questionID string, key string) []discordgo.MessageComponent {
	row := discordgo.ActionsRow{}
	if questionID != "" {
		row.Components = append(row.Components,
			discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: "fb:up:" + questionID},
			discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: "fb:down:" + questionID})
	}
	if key != "" {
		row.Components = append(row.Components, discordgo.Button{Label: "Show passages", Style: discordgo.SecondaryButton, CustomID: "psg:" + key})
	}
	if len(row.Components) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{row}
}

// passagesMessage lists retrieved passages (for "Show passages" and /search).
func passagesMessage(title string, hits []retrieval.Hit) []*discordgo.MessageEmbed {
	if len(hits) == 0 {
		return nil
	}
	e := &discordgo.MessageEmbed{Title: truncate(title, maxEmbedTitle)}
	for i, h := range hits {
		if i == 25 {
			break
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{
			Name:  truncate(fmt.Sprintf("%d. %s (score %.2f)", i+1, h.Title, h.Score), 256),
			Value: truncate(escape(strings.Join(strings.Fields(h.Text), " ")), 300),
		})
	}
	return fitEmbeds([]*discordgo.MessageEmbed{e})
}

// summaryMessage renders a summary within the limits.
func summaryMessage(s retrieval.Summary) (string, []*discordgo.MessageEmbed) {
	head := "**" + escape(s.Title) + "**\n"
	meta := fmt.Sprintf("\n-# %s summary · %s", s.Label(), s.Coverage)
	if s.Partial {
		meta += " · partial"
	}
	if s.Note != "" {
		meta += "\n-# " + escape(s.Note)
	}
	body := truncate(escape(s.Text), maxContent-utf8.RuneCountInString(head+meta))
	var embeds []*discordgo.MessageEmbed
	for _, c := range s.Citations {
		embeds = append(embeds, &discordgo.MessageEmbed{Title: truncate(fmt.Sprintf("[%d] %s", c.N, c.Title), maxEmbedTitle), URL: c.URL,
			Description: truncate("“"+escape(c.Quote)+"”", 300)})
	}
	return head + body + meta, fitEmbeds(embeds)
}
