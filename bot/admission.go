package bot

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/docbot/docbot/internal/clock"
)

// Why admission turns a request away.
var (
	errQueueFull = errors.New("queue full")
	errTooLate   = errors.New("the wait would outlast the deadline")
)

// admission decides which work starts now, which waits, and which is
// turned away. At most `global` jobs run at once, and at most `perGuild`
// of one server's (DMs count per user). The rest wait in one queue of
// `queueMax`, of which one server may hold three quarters; when a slot frees, the
// servers with waiters take turns, and within a server a user with
// nothing running goes before one who has. A request is turned away only
// when the queue (or its server's half) is full, or when its expected
// wait would outlast its deadline.
type admission struct {
	clock     clock.Clock
	global    int
	perGuild  int
	queueMax  int
	guildMax  int // waiting per server
	mu        sync.Mutex
	seq       int64
	running   int
	byGuild   map[string]int // running per server
	byUser    map[string]int // running per user
	queues    map[string][]*ticket
	turns     []string // servers with waiters, in the order they take turns
	waiting   int
	work      time.Duration // recent time a job holds its slot (moving average)
	completed int
}

func newAdmission(c clock.Clock, global, perGuild, queue int) *admission {
	return &admission{clock: c, global: global, perGuild: perGuild, queueMax: queue, guildMax: max(1, queue-queue/4),
		byGuild: map[string]int{}, byUser: map[string]int{}, queues: map[string][]*ticket{}}
}

// ticket is one request's place: waiting, then holding a slot.
type ticket struct {
	a           *admission
	guild, user string
	seq         int64
	ready       chan struct{} // closed when admitted
	moved       chan struct{} // signalled when the place changes
	admitted    bool
	released    bool
	admittedAt  time.Time
	ahead       int
}

// enqueue takes a place for a request that must start before deadline
// (zero: no deadline). It returns errQueueFull or errTooLate instead of a
// ticket when the request cannot be served.
func (a *admission) enqueue(guild, user string, deadline time.Time) (*ticket, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.seq++
	t := &ticket{a: a, guild: guild, user: user, seq: a.seq, ready: make(chan struct{}), moved: make(chan struct{}, 1)}
	if a.running < a.global && a.byGuild[guild] < a.perGuild && len(a.queues[guild]) == 0 {
		a.admit(t)
		return t, nil
	}
	if a.waiting >= a.queueMax || len(a.queues[guild]) >= a.guildMax {
		return nil, errQueueFull
	}
	if !deadline.IsZero() && a.completed > 0 {
		// everyone ahead, spread over the slots, each for the recent time
		if wait := time.Duration(a.waiting/a.global+1) * a.work; a.clock.Now().Add(wait).After(deadline) {
			return nil, errTooLate
		}
	}
	if len(a.queues[guild]) == 0 {
		a.turns = append(a.turns, guild)
	}
	a.queues[guild] = append(a.queues[guild], t)
	a.waiting++
	t.ahead = a.waiting - 1
	return t, nil
}

// admit gives t a slot; a.mu is held.
func (a *admission) admit(t *ticket) {
	a.running++
	a.byGuild[t.guild]++
	a.byUser[t.user]++
	t.admitted, t.admittedAt = true, a.clock.Now()
	close(t.ready)
}

// next admits waiters while slots are free, the servers taking turns; a.mu is held.
func (a *admission) next() {
	for a.running < a.global {
		picked := false
		for k, g := range a.turns {
			if a.byGuild[g] >= a.perGuild {
				continue
			}
			q := a.queues[g]
			i := 0
			for j, t := range q { // a user with nothing running first
				if a.byUser[t.user] == 0 {
					i = j
					break
				}
			}
			t := q[i]
			a.queues[g] = append(q[:i:i], q[i+1:]...)
			a.waiting--
			// this server goes to the back of the turns, or leaves them
			a.turns = append(a.turns[:k:k], a.turns[k+1:]...)
			if len(a.queues[g]) > 0 {
				a.turns = append(a.turns, g)
			} else {
				delete(a.queues, g)
			}
			a.admit(t)
			picked = true
			break
		}
		if !picked {
			break
		}
	}
	a.renumber()
}

// renumber tells each waiter how many wait before it; a.mu is held.
func (a *admission) renumber() {
	var all []*ticket
	for _, q := range a.queues {
		all = append(all, q...)
	}
	for _, t := range all {
		ahead := 0
		for _, u := range all {
			if u.seq < t.seq {
				ahead++
			}
		}
		if ahead != t.ahead {
			t.ahead = ahead
			select {
			case t.moved <- struct{}{}:
			default:
			}
		}
	}
}

// wait blocks until t holds a slot, telling onPlace how many requests are
// ahead whenever that changes (first at once). When ctx ends first, t
// gives up its place and wait returns ctx's error.
func (t *ticket) wait(ctx context.Context, onPlace func(ahead int)) error {
	shown := -1
	for {
		select {
		case <-t.ready:
			return nil
		default:
		}
		t.a.mu.Lock()
		ahead := t.ahead
		t.a.mu.Unlock()
		if ahead != shown && onPlace != nil {
			onPlace(ahead)
			shown = ahead
		}
		select {
		case <-t.ready:
			return nil
		case <-t.moved:
		case <-ctx.Done():
			t.release()
			select {
			case <-t.ready: // admitted meanwhile: the slot is given back by release
			default:
			}
			return ctx.Err()
		}
	}
}

// release gives back t's slot, or its place in the queue; it may be
// called more than once.
func (t *ticket) release() {
	a := t.a
	a.mu.Lock()
	defer a.mu.Unlock()
	if t.released {
		return
	}
	t.released = true
	if !t.admitted {
		q := a.queues[t.guild]
		for i, u := range q {
			if u == t {
				a.queues[t.guild] = append(q[:i:i], q[i+1:]...)
				a.waiting--
				break
			}
		}
		if len(a.queues[t.guild]) == 0 {
			delete(a.queues, t.guild)
			for k, g := range a.turns {
				if g == t.guild {
					a.turns = append(a.turns[:k:k], a.turns[k+1:]...)
					break
				}
			}
		}
		a.renumber()
		return
	}
	a.running--
	a.byGuild[t.guild]--
	if a.byGuild[t.guild] == 0 {
		delete(a.byGuild, t.guild)
	}
	a.byUser[t.user]--
	if a.byUser[t.user] == 0 {
		delete(a.byUser, t.user)
	}
	took := a.clock.Now().Sub(t.admittedAt)
	if a.completed == 0 {
		a.work = took
	} else {
		a.work = (a.work*7 + took) / 8
	}
	a.completed++
	a.next()
}

// Waiting is the number of requests in the queue.
func (a *admission) Waiting() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.waiting
}
