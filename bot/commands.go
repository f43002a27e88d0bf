package bot

import "github.com/bwmarrin/discordgo"

// Moderator permissions: /reload and /gaps are registered with MANAGE_GUILD
// as their default permission and checked again when used.
var moderatorPerms = int64(discordgo.PermissionManageGuild)

func commands() []*discordgo.ApplicationCommand {
	dm := true
	noDM := false
	return []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question about the articles", DMPermission: &dm, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: 500},
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Only you see the answer"},
		}},
		{Name: "summary", Description: "Summarize one article, or all of them", DMPermission: &dm, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "document", Description: "The article (leave empty for an overview)", Autocomplete: true},
		}},
		{Name: "search", Description: "Show the passages that match a query", DMPermission: &dm, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "query", Description: "Words to look for", Required: true, MaxLength: 500},
		}},
		{Name: "docs", Description: "List the articles I know", DMPermission: &dm},
		{Name: "help", Description: "What I do and how to ask", DMPermission: &dm},
		{Name: "reload", Description: "Re-read the articles folder (moderators)", DMPermission: &noDM, DefaultMemberPermissions: &moderatorPerms},
		{Name: "gaps", Description: "Questions the articles could not answer (moderators)", DMPermission: &noDM, DefaultMemberPermissions: &moderatorPerms,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "Look back this many days (default 7)", MinValue: ptr(1.0), MaxValue: 365},
			}},
	}
}

func ptr[T any](v T) *T { return &v }

const helpText = "I answer questions about the articles this server gave me, and every claim cites its source [1].\n\n" +
	"• `/ask question:…` — ask; add `private:true` so only you see the answer.\n" +
	"• Mention me with a question and I answer in a thread; reply there to follow up (\"and what about air support?\", \"what does source 2 say?\").\n" +
	"• `/summary` — an overview of all articles, or pick one.\n" +
	"• `/search query:…` — the matching passages, without an answer.\n" +
	"• `/docs` — the articles I know.\n" +
	"Moderators: `/reload` re-reads the articles, `/gaps` lists questions I could not answer.\n" +
	"If I say the articles don't cover something, they don't: I never make answers up."
