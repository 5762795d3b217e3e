package tether

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/push"
)

// ErrPushNotConfigured and friends are returned by Push.
var (
	ErrPushNotConfigured  = errorString("tether: push not configured")
	ErrPushNoSubscription = errorString("tether: no push subscription for session")
	ErrPushPreWarm        = errorString("tether: push not available during pre-warming")
)

type errorString string

func (e errorString) Error() string { return string(e) }

// engine is the diff engine a session owns: a Differ or a Memoiser.
type engine interface {
	Render(node.Node) ([]byte, error)
	Diff(node.Node) (*diff.Result, error)
	Patch(string, node.Node) (*diff.Result, error)
	HTML() []byte
	Reset()
}

// A StatefulSession is one browser tab's session: its state, its diff
// engine and the command loop that serialises every change to them. All
// methods are safe to call from any goroutine, including from Handle.
type StatefulSession[S any] struct {
	h       *Handler[S]
	id      string
	ua      string
	created time.Time
	status  atomic.Int32
	adm     admission // pools and event budget: sessions.go

	ctx    context.Context // ends when the session is destroyed
	cancel context.CancelFunc

	cmds      chan *command[S]
	ovMu      sync.Mutex
	ovQ       []*command[S] // overflow, in order, behind a full cmds
	running   atomic.Bool   // a loop goroutine is running
	lastEvent atomic.Uint64 // highest client event ID accepted
	finished  chan struct{} // closed when teardown is done

	teardownOnce sync.Once
	snap         atomic.Pointer[S]

	fxMu   sync.Mutex
	fx     effectQueue
	kicked atomic.Bool

	conn   sync.Mutex // guards the fields below, read outside the loop
	t      Transport
	connCx context.Context // Go's context: the newest connection's
	att    *attachment     // the connection attached now
	timers sessionTimers

	loop loopState[S] // owned by the loop goroutine
}

var _ Session = (*StatefulSession[int])(nil)

// ID returns the session's random identifier.
func (s *StatefulSession[S]) ID() string { return s.id }

// Context ends when the session is destroyed; it survives reconnects.
func (s *StatefulSession[S]) Context() context.Context { return s.ctx }

// State returns the latest state snapshot without blocking. Inside
// Handle use the state argument instead: the snapshot lags behind it.
func (s *StatefulSession[S]) State() S {
	if p := s.snap.Load(); p != nil {
		return *p
	}
	var zero S
	return zero
}

// Status reports where the session is in its lifecycle.
func (s *StatefulSession[S]) Status() Status {
	st := Status(s.status.Load())
	if st == disconnected {
		return Active
	}
	return st
}

// Go runs fn in a goroutine whose context ends when the transport
// disconnects (or the session is destroyed). OnConnect runs again on
// reconnect, so work started there does not pile up.
func (s *StatefulSession[S]) Go(fn func(ctx context.Context)) {
	s.conn.Lock()
	ctx := s.connCx
	s.conn.Unlock()
	if ctx == nil {
		ctx = s.ctx
	}
	go fn(ctx)
}

// Update queues fn to change the state; the change is rendered, diffed
// and sent after the commands before it. Updates queued together share
// one render.
func (s *StatefulSession[S]) Update(fn func(S) S) {
	s.enqueue(&command[S]{update: fn})
}

// Patch queues a state change that re-renders only the region keyed
// key: fn returns the new state and that region's new subtree.
func (s *StatefulSession[S]) Patch(key string, fn func(S) (S, node.Node)) {
	s.enqueue(&command[S]{patchKey: key, patch: fn})
}

// Close ends the session's transport; the session stays for the
// reconnect window like after any disconnect. It is queued behind the
// commands before it, so a Close in OnConnect closes the connection that
// is being attached.
func (s *StatefulSession[S]) Close() {
	s.enqueue(&command[S]{closeConn: true})
}

// Morph does nothing on a stateful session: the differ finds changed
// regions itself.
func (s *StatefulSession[S]) Morph(...string) {}

// Push is not available until push support lands.
func (s *StatefulSession[S]) Push(push.Notification) error { return ErrPushNotConfigured }

// Effects: inside Handle they leave with Handle's patches; elsewhere they
// are sent as their own update.

func (s *StatefulSession[S]) Toast(text string)           { s.effect(fxToast, text, "") }
func (s *StatefulSession[S]) Navigate(rawURL string)      { s.effect(fxURL, rawURL, "") }
func (s *StatefulSession[S]) ReplaceURL(rawURL string)    { s.effect(fxReplace, rawURL, "") }
func (s *StatefulSession[S]) SetTitle(title string)       { s.effect(fxTitle, title, "") }
func (s *StatefulSession[S]) Announce(text string)        { s.effect(fxAnnounce, text, "") }
func (s *StatefulSession[S]) Flash(selector, text string) { s.effect(fxFlash, selector, text) }
func (s *StatefulSession[S]) ScrollTo(selector string)    { s.effect(fxScroll, selector, "") }
func (s *StatefulSession[S]) Download(url string)         { s.effect(fxDownload, url, "") }

// Signal sets one signal; bound elements update with no render.
func (s *StatefulSession[S]) Signal(key string, value any) {
	s.Signals(map[string]any{key: value})
}

// Signals sets several signals in one update.
func (s *StatefulSession[S]) Signals(signals map[string]any) {
	s.fxMu.Lock()
	s.fx.signals(signals)
	s.fxMu.Unlock()
	s.kick()
}

func (s *StatefulSession[S]) effect(kind effectKind, a, b string) {
	s.fxMu.Lock()
	s.fx.add(kind, a, b)
	s.fxMu.Unlock()
	s.kick()
}

// kick makes sure a command will flush buffered effects. Effects raised
// on the loop itself are flushed at the end of the current batch anyway.
func (s *StatefulSession[S]) kick() {
	if s.kicked.Swap(true) {
		return
	}
	s.enqueue(&command[S]{})
}

// sessionTimers are per-session lifecycle timers: there is no central
// reaper.
type sessionTimers struct {
	idle, lifetime, reconnect *time.Timer
}

func (t *sessionTimers) stop() {
	for _, x := range []*time.Timer{t.idle, t.lifetime, t.reconnect} {
		if x != nil {
			x.Stop()
		}
	}
}
