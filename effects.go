package tether

import "github.com/tetherui/tether/wire"

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
}

// Any reports whether any side effect is buffered.
func (fx *Effects) Any() bool {
	return fx.Announce != "" || len(fx.Flash) > 0 || len(fx.Signals) > 0 || fx.Toast != "" ||
		fx.Title != "" || fx.URL != "" || fx.ScrollTo != "" || fx.Download != ""
}

func (fx *Effects) wire() wire.Effects {
	return wire.Effects{
		Title: fx.Title, URL: fx.URL, Replace: fx.Replace, Toast: fx.Toast, Flash: fx.Flash,
		Announce: fx.Announce, ScrollTo: fx.ScrollTo, Download: fx.Download,
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
		{fxScroll, fx.ScrollTo}, {fxDownload, fx.Download},
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
