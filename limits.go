package tether

import "time"

// Timeouts groups the durations that govern a session's life, its
// reconnection window and transport keep-alives. Zero values take the
// defaults documented on each field.
type Timeouts struct {
	// Idle closes a session that received no client event for this long.
	// Zero: no idle limit.
	Idle time.Duration
	// MaxLifetime closes a session this long after it started, whatever
	// its activity. Zero: no limit.
	MaxLifetime time.Duration
	// Reconnect is how long a session outlives its transport so a
	// reconnecting client resumes it; a session that never received a
	// client event waits at most Pending. Zero: 30 s.
	Reconnect time.Duration
	// DisableReconnect destroys a session as soon as its transport closes.
	DisableReconnect bool
	// Pending is how long a pre-warmed session waits to be claimed,
	// and how long a session that never received a client event outlives
	// its transport (when shorter than Reconnect). Zero: 30 s.
	Pending time.Duration
	// Heartbeat is the keep-alive interval of transports; a peer silent
	// for two intervals is considered gone. Zero: 20 s.
	Heartbeat time.Duration
	// DisableHeartbeat turns keep-alives and dead-peer detection off.
	DisableHeartbeat bool
	// Retry is the client's first reconnect delay. Zero: 500 ms.
	Retry time.Duration
	// MaxRetry caps the client's reconnect delay. Zero: 10 s.
	MaxRetry time.Duration
	// BackoffMultiplier grows the delay after each failed attempt.
	// Zero or below 1: 1.5.
	BackoffMultiplier float64
	// DisableJitter stops the client randomising its delays.
	DisableJitter bool
	// PendingCheck is how often expired pending sessions are swept.
	// Zero: 10 s.
	PendingCheck time.Duration
	// SlowRender emits a SlowRender diagnostic for render+diff cycles
	// longer than this. Zero: off.
	SlowRender time.Duration
	// MemoiseMissThreshold emits HighMemoiseMissRate when the share of
	// memo misses in a cycle exceeds it (Memoise only). Zero: off.
	MemoiseMissThreshold float64
}

// Limits groups capacity limits for sessions and requests.
type Limits struct {
	// CmdBufferSize is the capacity of a session's command queue. Zero: 64.
	CmdBufferSize int
	// MaxEventBytes caps one client event frame or POST body. Zero: 64 KiB.
	MaxEventBytes int64
	// MaxPushSubscriptionBytes caps a push subscription body. Zero: 4 KiB.
	MaxPushSubscriptionBytes int64
	// MaxStateBytes warns when serialised state exceeds it. Zero: off.
	MaxStateBytes int64
	// MaxNavigateRedirects caps inline redirects in OnNavigate. Zero: 5.
	MaxNavigateRedirects int
	// EventRate is how many client events per second a session accepts
	// on average, and EventBurst how many it accepts at once; the budget
	// belongs to the session, so reconnecting does not refill it. Events
	// past the limit are refused with a RateLimited diagnostic; the
	// client gets one error frame for the first refusal of each second
	// and one acknowledging the rest when the second ends. Nothing
	// already applied is lost. Zero: 50 per second, burst
	// 100. A negative EventRate disables the limit.
	EventRate  float64
	EventBurst int
	// ReplayFrames and ReplayBytes bound the updates kept for exact
	// resume after a dropped connection. Zero: 128 frames, 256 KiB.
	ReplayFrames int
	ReplayBytes  int
}

// Security groups origin checking, session binding and the limits on
// who may create sessions.
type Security struct {
	// TrustedOrigins lists origins (scheme://host[:port]) allowed to open
	// transports and post events; scheme, host and port must all match.
	// When empty, the Origin must match the request's own scheme (https
	// when it came over TLS, or a trusted proxy says so in
	// X-Forwarded-Proto), Host and port. An Origin carrying userinfo
	// (http://evil@host), a path or a query is always refused.
	TrustedOrigins []string
	// SessionsPerAddress is how many sessions one client address may
	// create per second on average (pre-warmed by a page load or created
	// at connect), and SessionBurstPerAddress how many at once. Past it,
	// pages are served without a session and connections asking for a
	// new one are refused with 4013 (the client retries with backoff).
	// IPv6 addresses count by their /64. Zero: 10 per second, burst 50.
	// A negative SessionsPerAddress disables the limit. Clients behind
	// one NAT share an address: raise it for such audiences.
	SessionsPerAddress     float64
	SessionBurstPerAddress int
	// TrustedProxies lists the addresses or CIDRs (e.g. "10.0.0.0/8")
	// of reverse proxies in front of the server. Only when the direct
	// peer is in it are X-Forwarded-For (its rightmost address that is
	// not itself a trusted proxy), X-Real-IP and X-Forwarded-Proto
	// believed: anyone else can write those headers. Empty: the direct
	// peer is the client, so behind a proxy every client shares the
	// proxy's address and the origin check sees plain http. An invalid
	// entry makes Stateful panic.
	TrustedProxies []string
	// DisableSessionBinding stops checking the User-Agent on claim and
	// reconnect.
	DisableSessionBinding bool
	// SessionMatch compares the User-Agent captured at session creation
	// with the reconnecting one. Nil: exact match.
	SessionMatch func(original, reconnect string) bool
}

const (
	defaultReconnect    = 30 * time.Second
	defaultPending      = 30 * time.Second
	defaultHeartbeat    = 20 * time.Second
	defaultRetry        = 500 * time.Millisecond
	defaultMaxRetry     = 10 * time.Second
	defaultBackoff      = 1.5
	defaultPendingCheck = 10 * time.Second
	defaultShutdown     = 10 * time.Second
	defaultCmdBuffer    = 64
	defaultMaxEvent     = 64 << 10
	defaultMaxPending   = 128
	defaultRedirects    = 5
	defaultEventRate    = 50
	defaultEventBurst   = 100
	defaultReplayFrames = 128
	defaultReplayBytes  = 256 << 10
	defaultDebounce     = 300 * time.Millisecond
	defaultTransition   = 5 * time.Second
	defaultFlash        = 5 * time.Second
	defaultToast        = 5 * time.Second
)

func orDuration(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}

func orInt[T int | int64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// withDefaults returns a copy with every zero field set to its default.
func (t Timeouts) withDefaults() Timeouts {
	t.Reconnect = orDuration(t.Reconnect, defaultReconnect)
	t.Pending = orDuration(t.Pending, defaultPending)
	t.Heartbeat = orDuration(t.Heartbeat, defaultHeartbeat)
	t.Retry = orDuration(t.Retry, defaultRetry)
	t.MaxRetry = orDuration(t.MaxRetry, defaultMaxRetry)
	if t.BackoffMultiplier < 1 {
		t.BackoffMultiplier = defaultBackoff
	}
	t.PendingCheck = orDuration(t.PendingCheck, defaultPendingCheck)
	return t
}

func (l Limits) withDefaults() Limits {
	l.CmdBufferSize = orInt(l.CmdBufferSize, defaultCmdBuffer)
	l.MaxEventBytes = orInt(l.MaxEventBytes, defaultMaxEvent)
	l.MaxPushSubscriptionBytes = orInt(l.MaxPushSubscriptionBytes, 4<<10)
	l.MaxNavigateRedirects = orInt(l.MaxNavigateRedirects, defaultRedirects)
	if l.EventRate == 0 {
		l.EventRate = defaultEventRate
	}
	l.EventBurst = orInt(l.EventBurst, defaultEventBurst)
	l.ReplayFrames = orInt(l.ReplayFrames, defaultReplayFrames)
	l.ReplayBytes = orInt(l.ReplayBytes, defaultReplayBytes)
	return l
}
