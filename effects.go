package tether

import (
	"net/url"
	"strings"

	"github.com/tetherui/tether/wire"
)

// Effects accumulates the side effects of one cycle. Stateful sessions
// manage theirs internally; CaptureSession exposes its Effects so tests
// and pre-warming can read them after Handle returns.
type Effects struct {
	Announce string
	Flash    map[string]string
	Signals  map[string]any
	Toast    string
	Title    string
	URL      string
	Replace  bool // replaceState rather than pushState
	ScrollTo string
	Download string
	Focus    string // a CSS selector inside the tether root
}

// Any reports whether any side effect is buffered.
func (fx *Effects) Any() bool {
	return fx.Announce != "" || len(fx.Flash) > 0 || len(fx.Signals) > 0 || fx.Toast != "" ||
		fx.Title != "" || fx.URL != "" || fx.ScrollTo != "" || fx.Download != "" || fx.Focus != ""
}

func (fx *Effects) wire() wire.Effects {
	return wire.Effects{
		Title: fx.Title, URL: fx.URL, Replace: fx.Replace, Toast: fx.Toast, Flash: fx.Flash,
		Announce: fx.Announce, ScrollTo: fx.ScrollTo, Download: fx.Download, Focus: fx.Focus,
	}
}

// effectQueue keeps effects in the order they were raised without losing
// any: an effect that would overwrite one already buffered (a second
// toast) starts a new batch, sent in its own frame right after.
type effectQueue struct {
	batches []Effects
}

func (q *effectQueue) last() *Effects {
	if len(q.batches) == 0 {
		q.batches = append(q.batches, Effects{})
	}
	return &q.batches[len(q.batches)-1]
}

// slot returns the batch that can take a field without overwriting it.
func (q *effectQueue) slot(taken func(*Effects) bool) *Effects {
	if fx := q.last(); !taken(fx) {
		return fx
	}
	q.batches = append(q.batches, Effects{})
	return &q.batches[len(q.batches)-1]
}

// effectKind names one effect method of Session.
type effectKind uint8

const (
	fxToast effectKind = iota
	fxTitle
	fxURL
	fxReplace
	fxAnnounce
	fxScroll
	fxDownload
	fxFlash
	fxFocus
)

func (q *effectQueue) add(kind effectKind, a, b string) {
	switch kind {
	case fxToast:
		q.slot(func(fx *Effects) bool { return fx.Toast != "" }).Toast = a
	case fxTitle:
		q.last().Title = a // only the latest title matters
	case fxURL, fxReplace:
		fx := q.slot(func(fx *Effects) bool { return fx.URL != "" })
		fx.URL, fx.Replace = a, kind == fxReplace
	case fxAnnounce:
		q.slot(func(fx *Effects) bool { return fx.Announce != "" }).Announce = a
	case fxScroll:
		q.slot(func(fx *Effects) bool { return fx.ScrollTo != "" }).ScrollTo = a
	case fxDownload:
		q.slot(func(fx *Effects) bool { return fx.Download != "" }).Download = a
	case fxFocus:
		q.last().Focus = a // only one element can have focus
	case fxFlash:
		fx := q.slot(func(fx *Effects) bool { _, ok := fx.Flash[a]; return ok })
		if fx.Flash == nil {
			fx.Flash = map[string]string{}
		}
		fx.Flash[a] = b
	}
}

func (q *effectQueue) signals(m map[string]any) {
	fx := q.last()
	if fx.Signals == nil {
		fx.Signals = make(map[string]any, len(m))
	}
	for k, v := range m {
		fx.Signals[k] = v // the latest value of a signal is what counts
	}
}

func (q *effectQueue) take() []Effects {
	b := q.batches
	q.batches = nil
	return b
}

// capture queues what a CaptureSession buffered, e.g. during pre-warm.
func (q *effectQueue) capture(fx *Effects) {
	for _, f := range []struct {
		kind effectKind
		v    string
	}{
		{fxTitle, fx.Title}, {fxToast, fx.Toast}, {fxAnnounce, fx.Announce},
		{fxScroll, fx.ScrollTo}, {fxDownload, fx.Download}, {fxFocus, fx.Focus},
	} {
		if f.v != "" {
			q.add(f.kind, f.v, "")
		}
	}
	if fx.URL != "" {
		kind := fxURL
		if fx.Replace {
			kind = fxReplace
		}
		q.add(kind, fx.URL, "")
	}
	for sel, text := range fx.Flash {
		q.add(fxFlash, sel, text)
	}
	if len(fx.Signals) > 0 {
		q.signals(fx.Signals)
	}
}

// merge queues batches raised elsewhere, in order, after what q holds.
func (q *effectQueue) merge(batches []Effects) {
	for i := range batches {
		q.capture(&batches[i])
	}
}

// safeURL reports whether a URL from an effect may reach the browser:
// http(s), blob: and mailto: URLs, and relative ones. Anything else
// (javascript:, data:, vbscript:, unparsable input) could run script.
// The runtime checks again; this is defence in depth.
func safeURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "blob", "mailto":
		return true
	}
	return false
}

// refuseUnsafeURLs clears the URL effects of fx that fail safeURL, with
// an UnsafeURL diagnostic for each.
func (s *StatefulSession[S]) refuseUnsafeURLs(fx *Effects) {
	for _, f := range []*string{&fx.URL, &fx.Download} {
		if *f != "" && !safeURL(*f) {
			s.h.emit(UnsafeURL, s.id, nil, *f)
			*f = ""
		}
	}
}
