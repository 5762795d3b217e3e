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

func (q *effectQueue) add(kind string, a, b string) {
	switch kind {
	case "toast":
		q.slot(func(fx *Effects) bool { return fx.Toast != "" }).Toast = a
	case "title":
		q.last().Title = a // only the latest title matters
	case "url", "replace":
		fx := q.slot(func(fx *Effects) bool { return fx.URL != "" })
		fx.URL, fx.Replace = a, kind == "replace"
	case "announce":
		q.slot(func(fx *Effects) bool { return fx.Announce != "" }).Announce = a
	case "scroll":
		q.slot(func(fx *Effects) bool { return fx.ScrollTo != "" }).ScrollTo = a
	case "download":
		q.slot(func(fx *Effects) bool { return fx.Download != "" }).Download = a
	case "flash":
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
	for _, f := range []struct{ kind, v string }{
		{"title", fx.Title}, {"toast", fx.Toast}, {"announce", fx.Announce},
		{"scroll", fx.ScrollTo}, {"download", fx.Download},
	} {
		if f.v != "" {
			q.add(f.kind, f.v, "")
		}
	}
	if fx.URL != "" {
		kind := "url"
		if fx.Replace {
			kind = "replace"
		}
		q.add(kind, fx.URL, "")
	}
	for sel, text := range fx.Flash {
		q.add("flash", sel, text)
	}
	if len(fx.Signals) > 0 {
		q.signals(fx.Signals)
	}
}
