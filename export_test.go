package tether

import (
	"net/http"
	"time"
)

// MaxSessionsFor is the default MaxSessions for a memory size.
var MaxSessionsFor = maxSessionsFor

// MaxSessionsOf is the MaxSessions h resolved from its App.
func MaxSessionsOf[S any](h *Handler[S]) int { return h.maxSessions }

// NewServer is the http.Server ListenAndServe uses, with timeouts given;
// zero durations take ListenAndServe's.
func NewServer(handler http.Handler, readHeader, read, write, idle time.Duration) *http.Server {
	d := defaultServerTimeouts
	t := serverTimeouts{readHeader: orDuration(readHeader, d.readHeader), read: orDuration(read, d.read),
		write: orDuration(write, d.write), idle: orDuration(idle, d.idle)}
	return newServer(handler, t)
}

// LogTag is what logs show for a session ID.
var LogTag = logTag
