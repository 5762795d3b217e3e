package tether_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/tetherui/tether"
)

// lockedBuffer collects log output written from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Session IDs are credentials: logs name a session by a short tag that
// cannot be turned back into its ID, on panics and in DevMode alike.
func TestLogsCarryNoSessionID(t *testing.T) {
	checkLeaks(t)
	var out lockedBuffer
	logger := slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := tether.Stateful(tether.App{DevMode: true, Logger: logger}, counterConfig())
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.click("noop") // DevMode: "render produced no patch"
	c.next()
	c.click("panic") // "recovered panic"; the session ends
	c.waitClosed()
	logs := out.String()
	tag := tether.LogTag(c.sid)
	if len(tag) != 8 || strings.Contains(c.sid, tag) {
		t.Fatalf("tag %q for %q", tag, c.sid)
	}
	for _, want := range []string{"render produced no patch", "recovered panic"} {
		if !strings.Contains(logs, want) {
			t.Fatalf("no %q in logs:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, c.sid) {
		t.Fatalf("session ID in logs:\n%s", logs)
	}
	if strings.Count(logs, "session="+tag) < 2 {
		t.Fatalf("logs do not name the session by its tag %s:\n%s", tag, logs)
	}
}
