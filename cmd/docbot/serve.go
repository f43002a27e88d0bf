package main

import (
	"context"
	"os"
	"strings"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/config"
)

func cmdServe(ctx context.Context, e env, args []string) error {
	f := newFlags(e, "serve", "")
	cfg, pos, err := f.parse(e, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos[0])
	}
	token, err := discordToken(cfg)
	if err != nil {
		return err
	}
	log := newLogger(e.stderr, cfg)
	db, err := openIndexLogged(ctx, cfg, log) // stderr is the log: no plain-text report
	if err != nil {
		return err
	}
	db.Log = log // a database reopened after its files changed is logged with the bot's logger
	defer db.Close()
	salt, err := db.Salt(ctx)
	if err != nil {
		return err
	}

	m := newMetrics(db)
	syn := &syncer{cfg: cfg, db: db, lock: newSyncLock()}
	p := newPipeline(db, cfg, log, observers{llm: m.LLM, retrieval: m.Retrieval})
	if p.llm != nil {
		log.Info("answers are written by the LLM", "model", cfg.LLM.Model, "base_url", cfg.LLM.BaseURL)
	} else {
		log.Info("no LLM configured (OPENAI_API_KEY or OPENAI_BASE_URL): answers are extractive")
	}
	deps := bot.Deps{
		Metrics:       m,
		Asker:         p.asker,
		Summarizer:    p.summarizer,
		Library:       db,
		Journal:       db,
		Reload:        syn.reload,
		Documents:     &documents{syncer: syn, m: managedDir(cfg), maxBytes: cfg.MaxFileBytes},
		Conversations: db,
		HelpDesk:      db,
		Suggester:     p.suggester(db),
	}
	if db.ReadOnly() {
		deps.Journal = nil       // nothing can be recorded: no feedback, /gaps or persistent budgets
		deps.Conversations = nil // kept in memory only
		deps.Documents = nil
		deps.HelpDesk = nil // no settings can be saved: the help desk is off
		log.Warn("the database is read-only: serving the index as it is; /reload, /docs add and remove, feedback, /gaps, daily budgets and the help desk are off", "db", db.Path())
	}
	b, err := bot.New(botConfig(cfg, token, salt), deps, log)
	if err != nil {
		return usageError{err.Error()}
	}
	m.queueDepth(b.QueueDepth)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// the index's caches are warmed now, while the bot connects, and
	// after every sync that writes it
	syn.warm = newWarmer(ctx, p.service.Warm, log)
	syn.warm.start()
	defer syn.warm.stop()
	httpErr := make(chan error, 1)
	if cfg.HTTPAddr != "" {
		go func() { // ends with ctx; a failure to listen stops the bot too
			err := serveHTTP(ctx, cfg.HTTPAddr, m, db, b.Connected, cfg.GatewayGrace, log)
			if err != nil {
				cancel()
			}
			httpErr <- err
		}()
	}
	if db.ReadOnly() {
		cfg.Resync = 0
	}
	waitResync := syn.startResync(ctx, cfg.Resync, m, log)
	runErr := b.Run(ctx)
	cancel()
	waitResync()
	if cfg.HTTPAddr != "" {
		if err := <-httpErr; err != nil && runErr == nil {
			runErr = err
		}
	}
	return runErr
}

// discordToken reads DISCORD_TOKEN, or the file DISCORD_TOKEN_FILE names.
func discordToken(cfg config.Config) (string, error) {
	if cfg.Discord.Token != "" {
		return cfg.Discord.Token, nil
	}
	if cfg.Discord.TokenFile != "" {
		b, err := os.ReadFile(cfg.Discord.TokenFile)
		if err != nil {
			return "", usagef("DISCORD_TOKEN_FILE: %v", err)
		}
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, nil
		}
		return "", usagef("DISCORD_TOKEN_FILE %s is empty: put the bot token in it", cfg.Discord.TokenFile)
	}
	return "", usagef("no Discord bot token: set DISCORD_TOKEN or DISCORD_TOKEN_FILE (Developer Portal → your app → Bot → Reset Token)")
}
