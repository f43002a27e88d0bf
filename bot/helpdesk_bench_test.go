package bot

import (
	"context"
	"fmt"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/docbot/docbot/internal/testsupport"
	"github.com/docbot/docbot/retrieval"
)

// BenchmarkRouteChatter measures what routing costs for an ordinary
// message docbot does not answer (no mention, no settings for its
// channel, not a thread of docbot's): with the help desk, a help-thread
// and a channel-settings lookup in SQLite on top of the conversation one.
// With the Message Content intent every message in a server arrives, so
// this is paid per message.
//
//	go test -tags sqlite_fts5 -run '^$' -bench RouteChatter -count 5 ./bot
func BenchmarkRouteChatter(b *testing.B) {
	for _, helpdesk := range []bool{false, true} {
		b.Run(fmt.Sprintf("helpdesk=%v", helpdesk), func(b *testing.B) {
			db := testsupport.SeedDB(b)
			ctx := context.Background()
			for k := range 50 { // a server with some configured channels and help threads
				db.SaveChannelSettings(ctx, retrieval.ChannelSettings{Channel: fmt.Sprint("c", k), Guild: "g", AutoAnswer: true, MentionRequired: true, InThread: true})
				db.StartHelpThread(ctx, retrieval.HelpThread{Thread: fmt.Sprint("t", k), Guild: "g", Parent: "c1", AskerHash: "x"})
			}
			deps := Deps{Asker: retrieval.NewService(db, nil, nil), Library: db, Journal: db, Conversations: db}
			if helpdesk {
				deps.HelpDesk = db
			}
			bot, err := New(Config{Token: "x", Origin: "https://discord.test", Deadline: 1e9, EditInterval: 1e9, ShutdownGrace: 1e9, Retention: 1e12,
				GuildConcurrency: 1, Workers: 1, Queue: 1, MaxQuestion: 500}, deps, nil)
			if err != nil {
				b.Fatal(err)
			}
			m := &discordgo.Message{ID: "m", ChannelID: "general", GuildID: "g", Content: "lol, same here", Author: &discordgo.User{ID: "u"}}
			to := &dest{channel: m.ChannelID}
			b.ResetTimer()
			for range b.N {
				if r := bot.message(ctx, m, to); r.Reply != nil || r.Job != nil {
					b.Fatal("chatter was answered")
				}
			}
		})
	}
}
