package browsertest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tetherui/tether"
)

// browser is the one Chromium shared by every test of the package; each
// test opens its own tab.
var browser context.Context

func TestMain(m *testing.M) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browsertest: chromium not installed (scripts/browser-deps.sh installs it)")
		os.Exit(1)
	}
	dir, err := os.MkdirTemp("", "tether-chromium-")
	if err != nil {
		panic(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost"),
		chromedp.UserDataDir(dir),
		chromedp.Env("TMPDIR="+dir),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		fmt.Fprintln(os.Stderr, "browsertest: start chromium:", err)
		os.Exit(1)
	}
	browser = ctx
	code := m.Run()
	cancel()
	cancelAlloc()
	os.RemoveAll(dir)
	os.Exit(code)
}

// tab opens a new tab for the test, closed when the test ends.
func tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	return ctx
}

// app is a test server around a tether handler. It counts the events the
// server receives, per action, and can refuse reconnects to keep a
// client offline.
type app[S any] struct {
	*httptest.Server
	h        *tether.Handler[S]
	mu       sync.Mutex
	events   map[string]int
	offline  atomic.Bool
	refused  atomic.Int32 // WebSocket upgrades refused while offline
	csp      atomic.Value // string: Content-Security-Policy for every response
	sessions chan *tether.StatefulSession[S]
}

func serve[S any](t *testing.T, app0 tether.App, cfg tether.StatefulConfig[S]) *app[S] {
	t.Helper()
	a := &app[S]{events: map[string]int{}, sessions: make(chan *tether.StatefulSession[S], 16)}
	cfg.Middleware = append(cfg.Middleware, func(next tether.HandleFunc[S]) tether.HandleFunc[S] {
		return func(sess tether.Session, s S, ev tether.Event) S {
			a.mu.Lock()
			a.events[ev.Action]++
			a.mu.Unlock()
			return next(sess, s, ev)
		}
	})
	connect := cfg.OnConnect
	cfg.OnConnect = func(s *tether.StatefulSession[S]) {
		if connect != nil {
			connect(s)
		}
		a.sessions <- s
	}
	a.h = tether.Stateful(app0, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a.Server = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if csp, _ := a.csp.Load().(string); csp != "" {
			w.Header().Set("Content-Security-Policy", csp)
			if nonce, ok := strings.CutPrefix(csp, "script-src 'nonce-"); ok {
				nonce, _, _ = strings.Cut(nonce, "'")
				r = r.WithContext(tether.ContextWithNonce(r.Context(), nonce))
			}
		}
		if a.offline.Load() && strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			a.refused.Add(1)
			http.Error(w, "offline for the test", http.StatusServiceUnavailable)
			return
		}
		a.h.ServeHTTP(w, r)
	})}}
	a.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.h.Shutdown(ctx)
		a.CloseClientConnections()
		a.Close()
	})
	return a
}

func (a *app[S]) count(action string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.events[action]
}

func (a *app[S]) total() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, c := range a.events {
		n += c
	}
	return n
}

// session waits for the next connected session.
func (a *app[S]) session(t *testing.T) *tether.StatefulSession[S] {
	t.Helper()
	select {
	case s := <-a.sessions:
		return s
	case <-time.After(20 * time.Second):
		t.Fatal("no session connected")
	}
	return nil
}

// poll waits until the JS expression is true in the tab.
func poll(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", expr, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eventually polls a server-side condition.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
