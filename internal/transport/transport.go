// Package transport is the contract between tether's session loop and
// the connections that carry its frames (WebSocket in package ws, SSE in
// package sse). Package tether re-exports these types; transports
// implement them.
package transport

import (
	"context"
	"errors"
	"time"

	"github.com/tetherui/tether/wire"
)

// Event is a decoded client message.
type Event = wire.Event

// A Transport is one live connection to a browser.
//
//   - ReceiveEvent is called from one goroutine only, in a loop, until it
//     returns an error. It returns io.EOF on a clean close by the client.
//     A frame that is too large or malformed makes the transport close
//     the connection with a reason the client can read, and ReceiveEvent
//     returns an error wrapping ErrTooLarge or ErrMalformed.
//   - Send queues one pre-encoded update and returns without waiting for
//     the network; it is safe for concurrent use. It fails with
//     ErrClosed once the connection is closed, and with ErrSlowClient
//     when the client has fallen too far behind: too many frames or
//     bytes waiting for it, a frame waiting too long, or deliveries the
//     client does not confirm (the transport then drops the connection;
//     the client reconnects and resumes).
//   - Close closes the connection; it is safe to call more than once.
type Transport interface {
	ReceiveEvent() (Event, error)
	Send(frame []byte) error
	Close() error
}

// A BinarySender can send binary frames; transports that have them
// implement it, and CBOR updates go through it.
type BinarySender interface {
	SendBinary(frame []byte) error
}

// A Pusher hands events to a callback on the transport's own read
// goroutine instead of through ReceiveEvent, so a session needs no reader
// goroutine of its own. Serve is called at most once, after which
// ReceiveEvent is not called again. deliver must not block. done is
// called exactly once, with the error ReceiveEvent would have returned,
// after the last deliver.
type Pusher interface {
	Serve(deliver func(Event), done func(error))
}

// A Confirmer knows how many of the frames sent so far the client has
// certainly received (for WebSocket: those before the last answered
// ping). Sessions drop those from their replay buffer.
type Confirmer interface {
	Delivered() uint64
}

// A Heartbeater keeps an idle connection alive and detects dead peers.
// StartHeartbeat is called once, after the session is attached.
type Heartbeater interface {
	StartHeartbeat(interval time.Duration)
}

// A Closer closes with a reason the client is shown, e.g. the session
// expired and the page must reload.
type Closer interface {
	CloseWith(code uint16, reason string) error
}

// Errors shared by transports.
var (
	ErrClosed     = errors.New("tether: transport closed")
	ErrTooLarge   = errors.New("tether: client frame too large")
	ErrMalformed  = errors.New("tether: malformed client frame")
	ErrSlowClient = errors.New("tether: client too slow to keep up")
)

// Settings are what the handler passes to a transport's upgrade
// function through the request context, since the upgrade function's
// signature is fixed.
type Settings struct {
	// MaxEventBytes caps one inbound frame. Zero means wire.DefaultMaxEventBytes.
	MaxEventBytes int
}

type settingsKey struct{}

// WithSettings returns ctx carrying s.
func WithSettings(ctx context.Context, s Settings) context.Context {
	return context.WithValue(ctx, settingsKey{}, s)
}

// SettingsFrom returns the settings in ctx, or zero settings.
func SettingsFrom(ctx context.Context) Settings {
	s, _ := ctx.Value(settingsKey{}).(Settings)
	return s
}
