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
// # Dynamic regions: the one rule for small updates
//
// The differ compares only elements carrying a Dynamic key. A change
// anywhere else (a count in an unkeyed heading, an attribute of the
// outermost element) cannot be patched in place, so the whole root is
// re-sent as a morph on every update that changes it. The page stays
// correct, but each update grows with the page. Give every element whose
// content changes a Dynamic key, or put it inside one that has one; keep
// the unkeyed parts static. In DevMode tether logs a warning each time a
// change outside every Dynamic region forces a root morph.
//
// # When something fails
//
// A command that panics (Handle, an Update or Patch function) is rolled
// back alone: its state change and the effects it raised are dropped. A
// render that fails (Render panics, or yields a duplicate or invalid
// Dynamic key) rolls the session back to the state its page shows. The
// client is told with an error frame; in DevMode it shows the message in
// an overlay. A panic ends the session unless StatefulConfig.OnPanic is
// set. Panics in lifecycle hooks and Diagnostics subscribers are
// recovered and reported as HandlerPanic. A page that fails to render on
// the first GET answers 500 and logs the cause.
//
// # Security headers
//
// Every page is served with a nonce-based Content-Security-Policy
// (DefaultCSP), X-Content-Type-Options: nosniff and a Referrer-Policy.
// Inline event handlers and injected scripts do not run; scripts in a
// Layout carry the page's Nonce. Security.CSP and Security.DisableCSP
// change or remove the policy.
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
