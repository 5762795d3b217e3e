package tether

import (
	"context"

	"github.com/tetherui/tether/push"
)

// Session is what Handle, OnNavigate and components receive. Its effect
// methods behave the same in stateful mode, stateless mode and tests.
// In stateful mode the value is a *StatefulSession[S].
type Session interface {
	ID() string
	Context() context.Context
	Go(fn func(context.Context))
	Toast(text string)
	Navigate(rawURL string)
	ReplaceURL(rawURL string)
	SetTitle(title string)
	Announce(text string)
	Flash(selector, text string)
	ScrollTo(selector string)
	// Focus focuses the first element inside the tether root matching
	// the CSS selector, after the update is applied.
	Focus(selector string)
	Download(url string)
	Signal(key string, value any)
	Signals(signals map[string]any)
	Push(n push.Notification) error
	// Morph names Dynamic keys a stateless response returns as targeted
	// morphs; stateful sessions ignore it, their differ finds changes.
	Morph(keys ...string)
	Close()
}
