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
// # Keyed regions
//
// Only elements marked with Dynamic("key") are diffed one by one. Keep
// everything that changes inside a keyed region: a change anywhere outside
// every region (a counter in a heading, a class on the page's outer div)
// cannot be sent as a patch, so every such update becomes a morph of the
// whole root, far larger than the change. In DevMode the handler logs a
// warning naming the element that changed.
//
// # Security
//
// Fluent writes attribute values verbatim (Title, Class, Href,
// SetAttribute and every other attribute setter); only text content
// (Text, Textf) is escaped. Put user data into attributes with
// bind.Attr, bind.Href or bind.Title. Behind that rule, tether sends a
// strict nonce-based Content-Security-Policy by default, refuses event
// handler attributes, script URLs and untrusted scripts inside the root
// as render errors, checks URLs again in the browser, checks origins,
// and bounds sessions, events and queues. docs/security.md has the
// details.
//
// # Observability
//
// The framework logs recovered panics, render errors on a page's first
// GET and, in DevMode, warnings such as a change outside every keyed
// region; logs name a session by a short tag, never by its ID. Everything
// else, from transport errors to coalesced renders, is published on
// Handler.Diagnostics.
package tether
