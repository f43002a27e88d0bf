package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/corpus"
)

// Moderators add and remove documents from Discord: /docs add with an
// attachment or a URL, /docs remove with a name. The bot checks who asks,
// the attachment's declared size and type, and downloads it (bounded);
// Documents (cmd/docbot) stores it in the managed folder and runs the same
// sync as /reload, whose report is the reply.

// Documents manages the documents moderators add from Discord. Each
// method applies the change through a corpus sync and returns its report.
// An error that is a *Refusal is the moderator's to fix and its text is
// shown; any other error is logged and reported as a failure.
type Documents interface {
	AddFile(ctx context.Context, name string, data []byte) (ReloadResult, error)
	AddURL(ctx context.Context, rawURL string) (ReloadResult, error)
	Remove(ctx context.Context, name string) (ReloadResult, error)
}

// Refusal is a change to the documents refused for a reason the moderator
// can act on; Reason is shown as it is.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

// UploadTypes are the extensions /docs add accepts (what the corpus reads).
var UploadTypes = []string{".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}

// defaultMaxUpload is the attachment limit when Config.MaxUpload is 0.
const defaultMaxUpload = 20 << 20

// downloadTimeout bounds one attachment download.
const downloadTimeout = time.Minute

// cdnHosts are where Discord serves attachments; the configured origin's
// host is accepted too (a test's fake Discord).
var cdnHosts = []string{"cdn.discordapp.com", "media.discordapp.net"}

const (
	msgDocsOff      = "Documents can't be changed from Discord here (the database is read-only)."
	msgDocsAddUsage = "Attach a file (`file:`) or give a page address (`url:`), one of the two."
)

func docsCommand() *discordgo.ApplicationCommand {
	dm := true
	//lint:ignore SA1019 DMPermission, as the other commands in commands.go set it
	return &discordgo.ApplicationCommand{Name: "docs", Description: "The articles I know; moderators add and remove them", DMPermission: &dm,
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the articles I know"},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add a document: a .md, .txt, .html or .pdf file, or a page address (moderators)",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "A .md, .txt, .html or .pdf file"},
					{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "A page, sitemap or site address (https://…)", MaxLength: 500},
				}},
			{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Remove a document added with /docs add (moderators)",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "The file name or address it was added with", Required: true, MaxLength: 500},
				}},
		}}
}

// cmdDocsRoute handles /docs: the list (also when no subcommand is given,
// as the command was before it had any), add or remove.
func (b *Bot) cmdDocsRoute(ctx context.Context, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) Response {
	if len(data.Options) == 0 || data.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand {
		return b.cmdDocs(ctx)
	}
	sub := data.Options[0]
	switch sub.Name {
	case "add":
		return b.cmdDocsAdd(i, data.Resolved, sub.Options)
	case "remove":
		return b.cmdDocsRemove(i, sub.Options)
	}
	return b.cmdDocs(ctx)
}

// subString reads a subcommand's string option.
func subString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o.Name == name {
			if s, ok := o.Value.(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// docsGate refuses a document change from a non-moderator, where documents
// cannot change, or while a reload runs; else it takes the reload flag,
// which the job gives back.
func (b *Bot) docsGate(i *discordgo.Interaction) string {
	if refusal := b.moderatorRefusal(i); refusal != "" {
		return refusal
	}
	if b.deps.Documents == nil {
		return msgDocsOff
	}
	if !b.reloading.CompareAndSwap(false, true) {
		return msgReloadBusy
	}
	return ""
}

// cmdDocsAdd handles /docs add: an attachment or a URL.
func (b *Bot) cmdDocsAdd(i *discordgo.Interaction, res *discordgo.ApplicationCommandInteractionDataResolved, opts []*discordgo.ApplicationCommandInteractionDataOption) Response {
	if refusal := b.moderatorRefusal(i); refusal != "" {
		return ephemeral(refusal)
	}
	raw := subString(opts, "url")
	attID := subString(opts, "file")
	if (raw == "") == (attID == "") {
		return ephemeral(msgDocsAddUsage)
	}
	var att *discordgo.MessageAttachment
	if attID != "" {
		if res != nil {
			att = res.Attachments[attID]
		}
		if att == nil {
			return ephemeral("I couldn't see the attached file. Attach it again with `/docs add file:`.")
		}
		if refusal := b.checkAttachment(att); refusal != "" {
			return ephemeral(refusal)
		}
	}
	if refusal := b.docsGate(i); refusal != "" {
		return ephemeral(refusal)
	}
	return later(&Job{Name: "docs add", Ephemeral: true, Background: true, Run: func(ctx context.Context, _ func(string)) Reply {
		defer b.reloading.Store(false)
		if att == nil {
			res, err := b.deps.Documents.AddURL(ctx, raw)
			return b.docsReply("Added "+truncate(raw, 200), res, err)
		}
		data, refusal := b.download(ctx, att)
		if refusal != "" {
			return Reply{Text: refusal}
		}
		res, err := b.deps.Documents.AddFile(ctx, att.Filename, data)
		return b.docsReply("Added the file", res, err)
	}})
}

// cmdDocsRemove handles /docs remove.
func (b *Bot) cmdDocsRemove(i *discordgo.Interaction, opts []*discordgo.ApplicationCommandInteractionDataOption) Response {
	if refusal := b.moderatorRefusal(i); refusal != "" {
		return ephemeral(refusal)
	}
	name := subString(opts, "name")
	if name == "" {
		return ephemeral("Give the file name or address the document was added with, for example `/docs remove name: guide.md`.")
	}
	if refusal := b.docsGate(i); refusal != "" {
		return ephemeral(refusal)
	}
	return later(&Job{Name: "docs remove", Ephemeral: true, Background: true, Run: func(ctx context.Context, _ func(string)) Reply {
		defer b.reloading.Store(false)
		res, err := b.deps.Documents.Remove(ctx, name)
		return b.docsReply("Removed "+escape(truncate(name, 200)), res, err)
	}})
}

// checkAttachment refuses an attachment by what Discord says of it (type,
// declared size, where it is served), before anything is downloaded.
func (b *Bot) checkAttachment(a *discordgo.MessageAttachment) string {
	ext := strings.ToLower(path.Ext(a.Filename))
	ok := false
	for _, t := range UploadTypes {
		ok = ok || ext == t
	}
	if !ok {
		return fmt.Sprintf("I can only add .md, .txt, .html and .pdf files; “%s” is not one. Convert it first, or give its web address with `url:`.", escape(truncate(a.Filename, 100)))
	}
	if limit := b.maxUpload(); int64(a.Size) > limit {
		return fmt.Sprintf("“%s” is %s; the limit is %s. Split it, or ask the operator to raise DOCBOT_MAX_FILE_BYTES.",
			escape(truncate(a.Filename, 100)), corpus.HumanBytes(int64(a.Size)), corpus.HumanBytes(limit))
	}
	if !b.fromDiscord(a.URL) {
		b.log.Warn("attachment not served by discord", "url_host", hostOf(a.URL))
		return "I couldn't download that attachment. Attach it again."
	}
	return ""
}

func (b *Bot) maxUpload() int64 {
	if b.cfg.MaxUpload > 0 {
		return b.cfg.MaxUpload
	}
	return defaultMaxUpload
}

// fromDiscord reports whether u is served by Discord's CDN (or by the
// configured origin): the bot fetches no other address on a user's behalf.
func (b *Bot) fromDiscord(u string) bool {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") {
		return false
	}
	if o, err := url.Parse(b.cfg.Origin); err == nil && p.Host == o.Host && p.Scheme == o.Scheme {
		return true
	}
	for _, h := range cdnHosts {
		if p.Scheme == "https" && p.Host == h {
			return true
		}
	}
	return false
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Host
	}
	return ""
}

// download fetches an attachment within the size limit and a timeout; it
// returns the data, or a refusal for the moderator.
func (b *Bot) download(ctx context.Context, a *discordgo.MessageAttachment) ([]byte, string) {
	ctx, cancel := context.WithTimeout(ctx, downloadTimeout)
	defer cancel()
	failed := "I couldn't download “" + escape(truncate(a.Filename, 100)) + "” from Discord. Try again in a moment."
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
	if err != nil {
		b.log.Error("attachment download", "error", err)
		return nil, failed
	}
	resp, err := b.downloads.Do(req)
	if err != nil {
		b.log.Warn("attachment download", "error", err)
		return nil, failed
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.log.Warn("attachment download", "status", resp.StatusCode)
		return nil, failed
	}
	limit := b.maxUpload()
	tooBig := fmt.Sprintf("“%s” is larger than the %s limit. Split it, or ask the operator to raise DOCBOT_MAX_FILE_BYTES.",
		escape(truncate(a.Filename, 100)), corpus.HumanBytes(limit))
	if resp.ContentLength > limit {
		return nil, tooBig
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		b.log.Warn("attachment download", "error", err)
		return nil, failed
	}
	if int64(len(data)) > limit {
		return nil, tooBig
	}
	return data, ""
}

// docsReply turns a document change's outcome into the moderator's reply.
func (b *Bot) docsReply(done string, res ReloadResult, err error) Reply {
	var r *Refusal
	switch {
	case errors.As(err, &r):
		return Reply{Text: truncate(r.Reason, maxContent)}
	case err != nil && b.bgCtx.Err() != nil:
		b.log.Warn("document change stopped by shutdown", "error", err)
		return Reply{Text: "Stopped: I'm restarting. The articles are unchanged; try again once I'm back."}
	case errors.Is(err, ErrSyncBusy):
		return Reply{Text: msgReloadBusy}
	case err != nil:
		b.log.Error("document change failed", "error", err)
		return Reply{Text: "That failed; I'm still answering from the previous articles. Try again, or ask the operator to look at the log."}
	}
	b.log.Info("documents changed", "added", res.Added, "changed", res.Changed, "removed", res.Removed, "skipped", res.Skipped)
	return Reply{Text: truncate(done+".\n"+ReportText(res), maxContent)}
}

// ErrSyncBusy means another sync holds the index (a scheduled re-sync).
var ErrSyncBusy = errors.New("a sync is already running")

// ReportText is a sync's report for a moderator: what was added, updated,
// removed and skipped (with why), and what the index holds now.
func ReportText(res ReloadResult) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Synced in %.1f s: %d added, %d updated, %d removed, %d skipped. Now %d articles, %d passages.",
		res.Seconds, res.Added, res.Changed, res.Removed, res.Skipped, res.Documents, res.Passages)
	list := func(label string, items []string) {
		if len(items) == 0 {
			return
		}
		const most = 10
		shown := items
		if len(shown) > most {
			shown = shown[:most]
		}
		parts := make([]string, len(shown))
		for k, s := range shown {
			parts[k] = escape(truncate(s, 150))
		}
		fmt.Fprintf(&sb, "\n%s: %s", label, strings.Join(parts, "; "))
		if len(items) > most {
			fmt.Fprintf(&sb, " (and %d more)", len(items)-most)
		}
	}
	list("Added", res.AddedIDs)
	list("Updated", res.ChangedIDs)
	list("Removed", res.RemovedIDs)
	list("Skipped", res.Skips)
	return sb.String()
}
