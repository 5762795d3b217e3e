package tether

import (
	"container/list"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/client"
	"github.com/tetherui/tether/wire"
	"github.com/tetherui/tether/ws"
)

// RenderFunc builds the page's node tree from state. It must be pure:
// the same state renders the same tree.
type RenderFunc[S any] func(state S) node.Node

// HandleFunc turns a client event into new state. It runs on the
// session's command loop: keep it fast and use Session.Go for slow work.
type HandleFunc[S any] func(session Session, state S, event Event) S

// Middleware wraps a HandleFunc.
type Middleware[S any] func(HandleFunc[S]) HandleFunc[S]

// Chain applies mw to h, the first middleware outermost.
func Chain[S any](h HandleFunc[S], mw []Middleware[S]) HandleFunc[S] {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// NoPatch describes a render cycle that changed nothing in the DOM.
type NoPatch struct {
	Source string // "update", "navigate" or "event"
	Action string // the event's action; empty for updates
}

// StructuralChange describes a cycle whose Dynamic keys were added,
// removed or reordered, and the HTML bytes that change cost.
type StructuralChange struct {
	Added     []string
	Removed   []string
	Reordered bool
	Bytes     int
}

// StatefulConfig wires a stateful page: its initial state, how it
// renders, how it handles events, and its lifecycle hooks. Set at least
// InitialState, Render and Handle.
type StatefulConfig[S any] struct {
	// Upgrade overrides App.Upgrade for this handler.
	Upgrade func(w http.ResponseWriter, r *http.Request) (Transport, error)
	// Fallback overrides App.Fallback for this handler.
	Fallback func(w http.ResponseWriter, r *http.Request) (Transport, error)
	// InitialState builds a new session's state from the page request.
	InitialState func(r *http.Request) S
	// Render builds the tree; only Dynamic-keyed regions are patched.
	Render RenderFunc[S]
	// Handle processes client events.
	Handle HandleFunc[S]
	// Middleware wraps Handle, first entry outermost.
	Middleware []Middleware[S]
	// OnNavigate derives state from the URL on the first load and on
	// client navigation. A Navigate call inside it redirects inline.
	OnNavigate func(session Session, state S, params Params) S
	// OnConnect runs once the session's loop has started and its
	// transport is attached, before any client event is read.
	OnConnect func(session *StatefulSession[S])
	// OnDisconnect runs after the session's transport closed.
	OnDisconnect func(session *StatefulSession[S])
	// Equal, when set, skips render and diff if the state is unchanged.
	Equal func(a, b S) bool
	// OnStructuralChange runs, on the loop, when keys were added,
	// removed or reordered.
	OnStructuralChange func(session *StatefulSession[S], change StructuralChange)
	// OnNoPatch runs, on the loop, when a render changed nothing.
	OnNoPatch func(session *StatefulSession[S], info NoPatch)
	// Layout wraps the tether root in a full document on the first GET.
	// Nil serves the bare root.
	Layout func(state S, content node.Node) node.Node
	// Name identifies the handler in logs.
	Name string
	// Timeouts, Limits: zero fields take their defaults.
	Timeouts Timeouts
	Limits   Limits
	// WireFormat overrides App.WireFormat: zero inherits it, wire.JSON
	// or wire.CBOR chooses for this handler.
	WireFormat wire.Format
	// OnPanic, when set, keeps a session alive after a panic in Handle,
	// Update or Render; the state before the panicking command is kept.
	// Nil destroys the session and tells the client to reload.
	OnPanic func(session *StatefulSession[S], err error)
	// OnCommandDropped, when set, keeps a session whose command queue
	// and overflow are full; nil destroys it.
	OnCommandDropped func(session *StatefulSession[S])
	// Memoise uses a Memoiser: node.Memoise subtrees whose key is
	// unchanged are skipped.
	Memoise bool
}

// A Handler serves a stateful page: the first GET (rendered and
// pre-warmed), the transport connection, and the client runtime under
// /_tether/. Sessions move between three pools, pending, active and
// disconnected; Health reports their sizes.
type Handler[S any] struct {
	// Diagnostics carries framework events; see Diagnostic.
	Diagnostics *Bus[Diagnostic]

	app      App
	cfg      StatefulConfig[S]
	handle   HandleFunc[S]
	timeouts Timeouts
	limits   Limits
	format   wire.Format
	upgrade  func(w http.ResponseWriter, r *http.Request) (Transport, error)
	log      *slog.Logger

	mu       sync.Mutex
	sessions map[string]*StatefulSession[S]
	counts   [statusCount]int
	unused   [2]list.List // never-used sessions by queue, oldest first: sessions.go
	addrs    map[netip.Prefix]*tokenBucket

	maxSessions  int // resolved App.MaxSessions; math.MaxInt: unlimited
	maxFresh     int
	sessionRate  float64
	sessionBurst int
	proxies      proxyList

	draining atomic.Bool
	stopping atomic.Bool // Shutdown: clients are told to retry, not reload
	stop     chan struct{}
	stopOnce sync.Once
}

// Stateful returns a Handler for a page whose state lives on the server
// for the life of the browser tab. Call Shutdown before exiting.
func Stateful[S any](app App, cfg StatefulConfig[S]) *Handler[S] {
	if cfg.InitialState == nil || cfg.Render == nil {
		panic("tether: StatefulConfig needs InitialState and Render")
	}
	h := &Handler[S]{
		Diagnostics: NewBus[Diagnostic](),
		app:         app,
		cfg:         cfg,
		timeouts:    cfg.Timeouts.withDefaults(),
		limits:      cfg.Limits.withDefaults(),
		format:      app.WireFormat,
		sessions:    map[string]*StatefulSession[S]{},
		stop:        make(chan struct{}),
	}
	if os.Getenv("TETHER_DEV") != "" {
		h.app.DevMode = true
	}
	h.resolveSessionLimits()
	h.app.ShutdownGrace = orDuration(app.ShutdownGrace, defaultShutdown)
	if h.app.DevMode && app.ShutdownGrace == 0 {
		h.app.ShutdownGrace = defaultDevShutdown
	}
	if cfg.WireFormat != 0 {
		h.format = cfg.WireFormat
	}
	h.upgrade = cfg.Upgrade
	if h.upgrade == nil {
		h.upgrade = app.Upgrade
	}
	if h.upgrade == nil {
		h.upgrade = ws.Upgrade()
	}
	h.log = app.Logger
	if h.log == nil {
		level := slog.LevelInfo
		if h.app.DevMode {
			level = slog.LevelDebug
		}
		h.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	if cfg.Name != "" {
		h.log = h.log.With("handler", cfg.Name)
	}
	handle := cfg.Handle
	if handle == nil {
		handle = func(_ Session, s S, _ Event) S { return s }
	}
	h.handle = Chain(handle, cfg.Middleware)
	go h.sweepPending()
	return h
}

// ServeHTTP serves the page on GET, the transport on a WebSocket
// upgrade, and the client runtime under /_tether/. A GET that does not
// ask for an HTML document (an image, a favicon, a script: see the
// Sec-Fetch-Dest and Accept headers) gets 404, and a prefetch gets the
// page without a session.
func (h *Handler[S]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case isUpgrade(r):
		h.serveTransport(w, r)
	case isClientAsset(r):
		client.Handler().ServeHTTP(w, r)
	case (r.Method == http.MethodGet || r.Method == http.MethodHead) && !wantsPage(r):
		http.NotFound(w, r) // an image, a script, a favicon: not a page
	case r.Method == http.MethodGet || r.Method == http.MethodHead:
		h.servePage(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "tether: method not allowed", http.StatusMethodNotAllowed)
	}
}

func isUpgrade(r *http.Request) bool {
	return r.Method == http.MethodGet && headerHas(r.Header.Get("Connection"), "upgrade") &&
		headerHas(r.Header.Get("Upgrade"), "websocket")
}

// Health returns the number of sessions in each pool.
func (h *Handler[S]) Health() HealthStatus {
	h.mu.Lock()
	defer h.mu.Unlock()
	return HealthStatus{Pending: h.counts[Pending], Active: h.counts[Active], Disconnected: h.counts[disconnected]}
}

// HealthStatus reports the number of sessions in each pool.
type HealthStatus struct {
	Pending      int `json:"pending"`
	Active       int `json:"active"`
	Disconnected int `json:"disconnected"`
}

func (h *Handler[S]) emit(kind DiagnosticKind, sid string, err error, detail string) {
	if h.Diagnostics.Len() == 0 {
		return
	}
	h.Diagnostics.Publish(Diagnostic{Kind: kind, SessionID: sid, Err: err, Detail: detail})
}

// sweepPending drops pre-warmed sessions nobody claimed in time. It is
// the handler's only periodic work; other sessions use their own timers.
func (h *Handler[S]) sweepPending() {
	t := time.NewTicker(h.timeouts.PendingCheck)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case now := <-t.C:
			h.mu.Lock()
			for id, s := range h.sessions {
				if s.status.Load() == int32(Pending) && now.Sub(s.created) > h.timeouts.Pending {
					h.removeLocked(id, s)
				}
			}
			h.sweepAddressesLocked(now)
			h.mu.Unlock()
		}
	}
}

// setStatus moves s between pools.
func (h *Handler[S]) setStatus(s *StatefulSession[S], st Status) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sessions[s.id] != s {
		return
	}
	h.counts[s.status.Load()]--
	s.status.Store(int32(st))
	h.counts[st]++
}

func (h *Handler[S]) removeLocked(id string, s *StatefulSession[S]) {
	if h.sessions[id] != s {
		return
	}
	delete(h.sessions, id)
	h.counts[s.status.Load()]--
	h.forgetUnusedLocked(s)
}

func (h *Handler[S]) total() int {
	return len(h.sessions)
}
