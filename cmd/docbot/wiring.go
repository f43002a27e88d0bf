package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/docbot/docbot/bot"
	"github.com/docbot/docbot/config"
	"github.com/docbot/docbot/retrieval"
	"github.com/docbot/docbot/store"
)

// asker answers and searches: the service, or the answer cache in front
// of it.
type asker interface {
	Ask(ctx context.Context, q retrieval.Question) (retrieval.Answer, error)
	Retrieve(ctx context.Context, text string, f retrieval.Filter, k int) (retrieval.Retrieval, error)
}

// pipeline is the answer pipeline, built the same way for ask, summarize,
// eval and serve: the model (when one is configured) behind a queue of
// DOCBOT_LLM_CONCURRENCY slots, so that every request (answers, rewrites,
// translations, summaries) waits its turn here and not at the server; the
// service that answers with it; the answer cache in front of the service;
// and the summarizer.
type pipeline struct {
	llm        retrieval.Completer // nil: extractive only
	service    *retrieval.Service  // uncached (eval measures the answers themselves)
	asker      asker               // the service behind the answer cache when a model writes answers
	summarizer *retrieval.Summarizer
}

// observers receive the pipeline's measurements (serve's metrics); either may be nil.
type observers struct {
	llm       func(retrieval.LLMCall)
	retrieval func(time.Duration)
}

func newPipeline(db *store.DB, cfg config.Config, log *slog.Logger, obs observers) pipeline {
	var p pipeline
	var answerer retrieval.Answerer
	var opts []retrieval.Option
	if obs.retrieval != nil {
		opts = append(opts, retrieval.WithRetrievalObserver(obs.retrieval))
	}
	if cfg.LLM.Enabled() {
		llm := retrieval.NewOpenAI(retrieval.LLMOptions{APIKey: cfg.LLM.APIKey, BaseURL: cfg.LLM.BaseURL, Model: cfg.LLM.Model,
			Temperature: cfg.LLM.Temperature, MaxTokens: cfg.LLM.MaxTokens, Log: log, Observe: obs.llm})
		p.llm = retrieval.NewLimiter(llm, cfg.LLM.Concurrency, 0)
		answerer = retrieval.NewLLMAnswerer(p.llm, cfg.LLM.ContextTokens, cfg.LLM.Timeout, log)
		opts = append(opts, retrieval.WithRewriter(p.llm))
	}
	p.summarizer = retrieval.NewSummarizer(db, p.llm, cfg.LLM.ContextTokens, cfg.LLM.Timeout, log)
	p.summarizer.SetConcurrency(cfg.LLM.Concurrency)
	opts = append(opts, retrieval.WithSummarizer(p.summarizer)) // "summarize the paris article" in /ask
	p.service = retrieval.NewService(db, answerer, log, opts...)
	p.asker = p.service
	if cfg.LLM.Enabled() { // the model's verified answers are cached until the next reload
		p.asker = retrieval.NewCachedAsker(p.service, db, cfg.LLM.Model, log)
	}
	return p
}

// botConfig is the bot's share of the configuration.
func botConfig(cfg config.Config, token, salt string) bot.Config {
	d := cfg.Discord
	return bot.Config{Token: token, Origin: d.URL, GuildIDs: d.GuildIDs, ShardID: d.ShardID, ShardCount: d.ShardCount,
		ModeratorRoles: d.ModeratorRoles, MessageContent: d.MessageContent, Deadline: d.Deadline, EditInterval: d.EditInterval,
		Cooldown: d.Cooldown, DailyBudget: d.DailyBudget, GuildConcurrency: d.GuildConcurrency, Workers: d.Workers, Queue: d.Queue,
		MaxQuestion: d.MaxQuestion, ShutdownGrace: d.ShutdownGrace, Retention: d.Retention, UserSalt: salt,
		MaxUpload: cfg.MaxFileBytes}
}

// suggester proposes follow-ups offline, and with the model when one is
// configured.
func (p *pipeline) suggester(db *store.DB) *retrieval.Suggester {
	s := retrieval.NewSuggester(db, p.service)
	if p.llm != nil {
		s.WithModel(p.llm)
	}
	return s
}
