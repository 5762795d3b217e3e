package tether

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/tetherui/tether/internal/transport"
	"github.com/tetherui/tether/wire"
)

// Transport is one live connection between a session and a browser.
type Transport = transport.Transport

// Heartbeater is implemented by transports that send keep-alives and
// detect dead peers; the handler starts it with Timeouts.Heartbeat.
type Heartbeater = transport.Heartbeater

// App holds settings shared by every handler of an application. It is
// passed by value: each handler keeps its own copy. The zero value works:
// WebSocket transport, JSON updates, default limits.
type App struct {
	// DevMode enables development conveniences: debug logging and
	// Cache-Control: no-store. The TETHER_DEV environment variable also
	// enables it.
	DevMode bool
	// Logger receives framework log output; nil means a text logger on
	// stderr. The process-wide slog default is never changed.
	Logger *slog.Logger
	// Client holds browser-side settings passed as data attributes.
	Client Client
	// Security holds origin checking and session binding settings.
	Security Security
	// Upgrade turns a request into the primary transport; nil means
	// ws.Upgrade(). StatefulConfig.Upgrade overrides it.
	Upgrade func(w http.ResponseWriter, r *http.Request) (Transport, error)
	// Fallback is the secondary transport (SSE); nil means none yet.
	Fallback func(w http.ResponseWriter, r *http.Request) (Transport, error)
	// ShutdownGrace is how long ListenAndServe drains sessions before
	// closing them. Zero: 10 s, or 500 ms in DevMode.
	ShutdownGrace time.Duration
	// MaxSessions caps pending, active and disconnected sessions
	// together. At the cap, the oldest session that never received a
	// client event and has no client attached is evicted to make room;
	// when there is none, the new session is refused. Zero: sized from
	// memory, a quarter of the memory available to the process (the
	// smallest of GOMEMLIMIT, the cgroup limit and physical memory) at
	// 64 KiB a session, at least 1,000 and at most 100,000. Negative:
	// unlimited.
	MaxSessions int
	// MaxPending caps pre-warmed sessions not yet claimed; pages beyond
	// it are served without pre-warming. Zero: 128.
	MaxPending int
	// MaxFresh caps sessions created at connect (for a page served
	// without pre-warming) that have not yet received a client event.
	// At the cap the oldest such session without a client attached is
	// evicted; if every one is attached, the connection is refused with
	// close code 4013 and the client retries. Zero: 64.
	MaxFresh int
	// WireFormat is the default update encoding. Zero: wire.JSON.
	// StatefulConfig.WireFormat, when not zero, overrides it.
	WireFormat wire.Format
}

// Client holds settings of the browser runtime, passed to it as data
// attributes on the tether root element.
type Client struct {
	// DefaultDebounce applies to input events without their own
	// debounce. Zero: 300 ms.
	DefaultDebounce time.Duration
	// TransitionTimeout bounds how long a leaving element waits for its
	// CSS transition. Zero: 5 s.
	TransitionTimeout time.Duration
	// FlashDuration is how long flash messages stay. Zero: 5 s.
	FlashDuration time.Duration
	// ToastDuration is how long toasts stay. Zero: 5 s.
	ToastDuration time.Duration
}
