package tether

import (
	"bufio"
	"container/list"
	"math"
	"net/http"
	"net/netip"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// admission is a session's standing with its handler's pools. Fields
// other than events are guarded by Handler.mu.
type admission struct {
	// fresh: created at connect, not pre-warmed by a page load.
	fresh bool
	// unused is the session's place in Handler.unused until its first
	// client event; nil once used.
	unused *list.Element
	// used is set, once, with unused cleared: read without the lock.
	used   atomic.Bool
	events eventLimit
}

// A session is never used until the client sends it an event. Such
// sessions cost the same as used ones but prove nothing about their
// client, so they are bounded apart (MaxPending, MaxFresh), expire after
// Timeouts.Pending once disconnected, and are evicted first, oldest
// first, when a cap is reached.

// admitLocked adds s to the pools as st (Pending or Active) if the caps
// allow, evicting a never-used session to make room when one is idle.
// It returns the evicted session, which the caller ends with evict
// after releasing h.mu, and whether s was admitted.
func (h *Handler[S]) admitLocked(s *StatefulSession[S], st Status) (evicted *StatefulSession[S], ok bool) {
	switch {
	case st == Pending && h.counts[Pending] >= h.app.MaxPending:
		return nil, false
	case s.adm.fresh && h.unused[freshQueue].Len() >= h.maxFresh:
		evicted = h.evictLocked(freshQueue)
	case h.total() >= h.maxSessions:
		evicted = h.evictLocked(pagedQueue)
		if evicted == nil {
			evicted = h.evictLocked(freshQueue)
		}
	default:
		ok = true
	}
	if !ok && evicted == nil {
		return nil, false
	}
	s.status.Store(int32(st))
	h.sessions[s.id] = s
	h.counts[st]++
	s.adm.unused = h.unused[s.adm.queue()].PushBack(s)
	return evicted, true
}

// Never-used sessions wait in two queues, oldest first: those pre-warmed
// by a page load and those created at connect (at most MaxFresh long).
const (
	pagedQueue = iota
	freshQueue
)

func (a *admission) queue() int {
	if a.fresh {
		return freshQueue
	}
	return pagedQueue
}

// evictLocked removes the oldest session of queue q that no client is
// attached to (pending, or disconnected).
func (h *Handler[S]) evictLocked(q int) *StatefulSession[S] {
	for e := h.unused[q].Front(); e != nil; e = e.Next() {
		s := e.Value.(*StatefulSession[S])
		if st := Status(s.status.Load()); st == Pending || st == disconnected {
			h.removeLocked(s.id, s)
			return s
		}
	}
	return nil
}

// markUsed takes s out of the never-used queue on its first client event.
func (h *Handler[S]) markUsed(s *StatefulSession[S]) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.forgetUnusedLocked(s)
	s.adm.used.Store(true)
}

func (h *Handler[S]) forgetUnusedLocked(s *StatefulSession[S]) {
	if s.adm.unused == nil {
		return
	}
	h.unused[s.adm.queue()].Remove(s.adm.unused)
	s.adm.unused = nil
}

// allowAddress spends one of the client address's session tokens.
func (h *Handler[S]) allowAddress(r *http.Request) bool {
	if h.app.Security.SessionsPerAddress < 0 {
		return true
	}
	key := addrKey(h.proxies.clientAddr(r))
	if !h.spendAddressToken(key, time.Now()) {
		h.emit(SessionRefused, "", nil, "address "+key.String()+" over Security.SessionsPerAddress")
		return false
	}
	return true
}

func (h *Handler[S]) spendAddressToken(key netip.Prefix, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	b := h.addrs[key]
	if b == nil {
		if len(h.addrs) >= maxTrackedAddresses {
			return true // MaxFresh, MaxSessions and eviction still hold
		}
		b = &tokenBucket{rate: h.sessionRate, burst: float64(h.sessionBurst), tokens: float64(h.sessionBurst)}
		h.addrs[key] = b
	}
	return b.allow(now)
}

// evict ends a session evictLocked took out of the pools; h.mu is not
// held.
func (h *Handler[S]) evict(s *StatefulSession[S]) {
	h.emit(SessionEvicted, s.id, nil, "never used")
	h.destroy(s, "evicted")
}

// maxTrackedAddresses bounds the per-address buckets; full buckets are
// forgotten by the sweeper, so only addresses active within one refill
// period count. Past it, new addresses go unlimited rather than locked
// out: the global caps still bound the sessions they create.
const maxTrackedAddresses = 1 << 16

// sweepAddressesLocked forgets addresses whose bucket has refilled.
func (h *Handler[S]) sweepAddressesLocked(now time.Time) {
	for k, b := range h.addrs {
		if b.tokens+now.Sub(b.last).Seconds()*b.rate >= b.burst {
			delete(h.addrs, k)
		}
	}
}

// Defaults of the admission limits.
const (
	defaultMaxFresh               = 64
	defaultSessionsPerAddress     = 10
	defaultSessionBurstPerAddress = 50
)

// The default MaxSessions budgets a quarter of the memory available to
// the process for sessions, at sessionBudget each, kept within
// [minDefaultSessions, maxDefaultSessions].
const (
	sessionBudget      = 64 << 10 // 4x the 16 KB an idle counter session measures: room for state and replay
	minDefaultSessions = 1_000
	maxDefaultSessions = 100_000
)

var defaultMaxSessions = sync.OnceValue(func() int {
	return maxSessionsFor(availableMemory())
})

func maxSessionsFor(mem uint64) int {
	n := mem / 4 / sessionBudget
	return int(min(max(n, minDefaultSessions), maxDefaultSessions))
}

// availableMemory is the smallest of GOMEMLIMIT, the cgroup (v2) memory
// limit and the machine's total memory; 1 GiB when none can be read.
func availableMemory() uint64 {
	mem := uint64(math.MaxUint64)
	if l := debug.SetMemoryLimit(-1); l > 0 && l < math.MaxInt64 {
		mem = uint64(l)
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64); err == nil {
			mem = min(mem, v)
		}
	}
	if v := memTotal(); v > 0 {
		mem = min(mem, v)
	}
	if mem == math.MaxUint64 {
		return 1 << 30
	}
	return mem
}

func memTotal() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Diagnostic kinds of session admission.
const (
	// SessionRefused: no session was created for a request: its client
	// address is over Security.SessionsPerAddress (Detail names it).
	SessionRefused DiagnosticKind = "session_refused"
	// SessionEvicted: a never-used session was removed to make room for
	// a new one under MaxSessions or MaxFresh.
	SessionEvicted DiagnosticKind = "session_evicted"
)

// resolveSessionLimits turns App's zero and negative values into caps.
func (h *Handler[S]) resolveSessionLimits() {
	switch {
	case h.app.MaxSessions < 0:
		h.maxSessions = math.MaxInt
	case h.app.MaxSessions == 0:
		h.maxSessions = defaultMaxSessions()
	default:
		h.maxSessions = h.app.MaxSessions
	}
	h.app.MaxPending = orInt(h.app.MaxPending, defaultMaxPending)
	h.maxFresh = orInt(h.app.MaxFresh, defaultMaxFresh)
	sec := h.app.Security
	h.sessionRate, h.sessionBurst = sec.SessionsPerAddress, sec.SessionBurstPerAddress
	if h.sessionRate == 0 {
		h.sessionRate = defaultSessionsPerAddress
	}
	h.sessionBurst = orInt(h.sessionBurst, defaultSessionBurstPerAddress)
	p, err := parseProxies(sec.TrustedProxies)
	if err != nil {
		panic(err.Error())
	}
	h.proxies = p
	h.addrs = map[netip.Prefix]*tokenBucket{}
}
