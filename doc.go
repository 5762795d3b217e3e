// Package tether is a server-driven reactive UI layer for Go. State lives
// on the server; the browser runtime applies only the HTML fragments that
// changed.
//
// # Life cycle of a stateful page
//
//  1. Mount: a GET runs InitialState and OnNavigate, renders the page with
//     Render (inside Layout), and pre-warms a pending session whose diff
//     baseline is exactly the HTML sent.
//  2. Connect: the runtime opens a WebSocket on the same URL and claims the
//     session with its first frame; OnConnect runs.
//  3. Handle: each client event runs Handle on the session's command loop.
//     Update, Patch and the effect methods queue commands on the same
//     loop, so every change is serialised without locks in user code.
//  4. Render and diff: after a batch of commands the loop renders once and
//     the diff engine (package diff) compares Dynamic-keyed regions with
//     the previous render, producing text, attribute, morph and keyed list
//     operations.
//  5. Push: the update, with its effects and a sequence number, is encoded
//     (package wire) and sent. A client that reconnects reports the last
//     sequence it applied and receives exactly what it missed.
//
// Sessions outlive dropped connections for Timeouts.Reconnect. Idle
// sessions hold no goroutine of their own: the command loop starts when a
// command arrives and exits when its queue is empty.
//
// # Observability
//
// The framework logs only recovered panics. Everything else, from
// transport errors to coalesced renders, is published on
// Handler.Diagnostics.
package tether
