package tether

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether/diff"
)

// servePage renders the first page load and pre-warms a pending session
// whose differ baseline is exactly the HTML sent, so connecting costs no
// second render. Past MaxPending or MaxSessions the page is still served,
// without pre-warming: the client then gets a fresh session on connect.
func (h *Handler[S]) servePage(w http.ResponseWriter, r *http.Request) {
	if h.draining.Load() {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "tether: server is shutting down, retry shortly", http.StatusServiceUnavailable)
		return
	}
	id := newSessionID()
	cs := &CaptureSession{SessionID: id, Ctx: r.Context(), PushErr: ErrPushPreWarm}
	state, eng, body, err := h.prewarm(r, cs)
	if err != nil {
		h.emit(RenderError, "", err, r.URL.Path)
		http.Error(w, "tether: page failed to render", http.StatusInternalServerError)
		if h.app.DevMode {
			fmt.Fprintln(w, err)
		}
		return
	}
	// A HEAD or a prefetch gets no session: nothing may claim it.
	if r.Method == http.MethodHead || isPrefetch(r) || h.admitPending(r, id, state, eng, &cs.Effects) == nil {
		id = ""
	}
	var buf bytes.Buffer
	content := rawNode(h.root(id, nonceFrom(r.Context()), body))
	if h.cfg.Layout != nil {
		h.cfg.Layout(state, content).RenderBuilder(&buf)
	} else {
		content.RenderBuilder(&buf)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store") // the page names a session
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// prewarm builds the initial state and its render; a panic in user code
// becomes an error.
func (h *Handler[S]) prewarm(r *http.Request, cs *CaptureSession) (state S, eng engine, body []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("tether: panic while rendering the page: %v", p)
			h.log.Error("tether: recovered panic", "path", r.URL.Path, "err", err)
		}
	}()
	state = h.cfg.InitialState(r)
	state = h.navigate(cs, state, r.URL)
	eng = h.newEngine()
	body, err = eng.Render(h.cfg.Render(state))
	return state, eng, body, err
}

func (h *Handler[S]) newEngine() engine {
	if h.cfg.Memoise {
		return diff.NewMemoiser()
	}
	return diff.New()
}

// navigate runs OnNavigate, resolving redirects it asks for inline; the
// final URL reaches the client as a history replacement.
func (h *Handler[S]) navigate(cs *CaptureSession, state S, u *url.URL) S {
	if h.cfg.OnNavigate == nil {
		return state
	}
	redirected := false
	for hops := 0; ; hops++ {
		cs.Effects.URL = ""
		state = h.cfg.OnNavigate(cs, state, paramsOf(u))
		target := cs.Effects.URL
		if target == "" || target == u.String() {
			break
		}
		next, err := u.Parse(target)
		if err != nil {
			break
		}
		u, redirected = next, true
		if hops+1 >= h.limits.MaxNavigateRedirects {
			h.emit(NavigateRedirectLoop, cs.SessionID, nil, target)
			break
		}
	}
	cs.Effects.URL = ""
	if redirected {
		cs.Effects.URL, cs.Effects.Replace = u.String(), true
	}
	return state
}

// admitPending registers a pre-warmed session unless a cap or the
// client address's session rate says no (see admitLocked).
func (h *Handler[S]) admitPending(r *http.Request, id string, state S, eng engine, fx *Effects) *StatefulSession[S] {
	if !h.allowAddress(r) {
		return nil
	}
	s := h.newSession(id, r.UserAgent(), state, eng)
	s.fx.capture(fx)
	h.mu.Lock()
	evicted, ok := h.admitLocked(s, Pending)
	h.mu.Unlock()
	if evicted != nil {
		h.evict(evicted)
	}
	if !ok {
		return nil
	}
	return s
}

func (h *Handler[S]) newSession(id, ua string, state S, eng engine) *StatefulSession[S] {
	s := &StatefulSession[S]{h: h, id: id, ua: ua, created: time.Now()}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.cmds = make(chan *command[S], h.limits.CmdBufferSize)
	s.finished = make(chan struct{})
	s.loop.state = state
	s.loop.engine = eng
	s.loop.enc = h.format.Encoder()
	s.loop.replay = replayBuffer{maxFrames: h.limits.ReplayFrames, maxBytes: h.limits.ReplayBytes}
	s.snap.Store(&state)
	s.adm.events.bucket = newTokenBucket(h.limits.EventRate, h.limits.EventBurst)
	return s
}

// root wraps the rendered body in the tether root element, which carries
// the session ID and the client's settings as data attributes.
func (h *Handler[S]) root(id, nonce string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`<div data-tether-root`)
	attr := func(name, value string) {
		fmt.Fprintf(&b, ` data-tether-%s="%s"`, name, html.EscapeString(value))
	}
	ms := func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }
	if id != "" {
		attr("session", id)
	}
	if nonce != "" {
		attr("nonce", nonce)
	}
	t, c := &h.timeouts, &h.app.Client
	attr("retry", ms(t.Retry))
	attr("max-retry", ms(t.MaxRetry))
	attr("backoff", strconv.FormatFloat(t.BackoffMultiplier, 'f', -1, 64))
	if t.DisableJitter {
		attr("jitter", "off")
	}
	if !t.DisableHeartbeat {
		attr("heartbeat", ms(t.Heartbeat))
	}
	attr("debounce", ms(orDuration(c.DefaultDebounce, defaultDebounce)))
	attr("transition", ms(orDuration(c.TransitionTimeout, defaultTransition)))
	attr("flash", ms(orDuration(c.FlashDuration, defaultFlash)))
	attr("toast", ms(orDuration(c.ToastDuration, defaultToast)))
	b.WriteString(">")
	b.Write(body)
	b.WriteString("</div>")
	b.WriteString(h.scripts(nonce))
	return b.Bytes()
}

// rawNode is pre-rendered HTML placed in a Fluent tree as is.
type rawNode []byte

func (n rawNode) Render(w ...io.Writer) []byte {
	if len(w) > 0 && w[0] != nil {
		w[0].Write(n)
		return nil
	}
	return append([]byte(nil), n...)
}
func (n rawNode) RenderBuilder(b *bytes.Buffer) { b.Write(n) }
func (n rawNode) Nodes() []node.Node            { return nil }

// Session IDs carry 192 random bits, base64url without padding.
const sessionIDLen = 32

func newSessionID() string {
	var b [24]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// validSessionID checks length and alphabet before any lookup.
func validSessionID(id string) bool {
	if len(id) != sessionIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
