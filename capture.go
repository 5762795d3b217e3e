package tether

import (
	"context"

	"github.com/tetherui/tether/push"
)

// CaptureSession is a Session with no connection: it buffers effects in
// its Effects field. Stateful handlers use one while pre-warming a page
// (its effects are replayed in the first update after connect); tests
// and stateless handlers read Effects after Handle returns.
type CaptureSession struct {
	SessionID string
	// Ctx is returned by Context and passed to Go; nil means Background.
	Ctx context.Context
	// PushErr is what Push returns.
	PushErr error
	// Effects holds the buffered side effects.
	Effects Effects
	// MorphKeys holds the keys named by Morph.
	MorphKeys []string
}

var _ Session = (*CaptureSession)(nil)

func (cs *CaptureSession) ID() string { return cs.SessionID }

func (cs *CaptureSession) Context() context.Context {
	if cs.Ctx == nil {
		return context.Background()
	}
	return cs.Ctx
}

func (cs *CaptureSession) Go(fn func(context.Context)) { go fn(cs.Context()) }
func (cs *CaptureSession) Toast(text string)           { cs.Effects.Toast = text }
func (cs *CaptureSession) Navigate(rawURL string)      { cs.Effects.URL, cs.Effects.Replace = rawURL, false }
func (cs *CaptureSession) ReplaceURL(rawURL string) {
	cs.Effects.URL, cs.Effects.Replace = rawURL, true
}
func (cs *CaptureSession) SetTitle(title string)    { cs.Effects.Title = title }
func (cs *CaptureSession) Announce(text string)     { cs.Effects.Announce = text }
func (cs *CaptureSession) ScrollTo(selector string) { cs.Effects.ScrollTo = selector }
func (cs *CaptureSession) Focus(selector string)    { cs.Effects.Focus = selector }
func (cs *CaptureSession) Download(url string)      { cs.Effects.Download = url }
func (cs *CaptureSession) Close()                   {}
func (cs *CaptureSession) Morph(keys ...string)     { cs.MorphKeys = append(cs.MorphKeys, keys...) }

func (cs *CaptureSession) Push(push.Notification) error { return cs.PushErr }

func (cs *CaptureSession) Flash(selector, text string) {
	if cs.Effects.Flash == nil {
		cs.Effects.Flash = map[string]string{}
	}
	cs.Effects.Flash[selector] = text
}

func (cs *CaptureSession) Signal(key string, value any) {
	cs.Signals(map[string]any{key: value})
}

func (cs *CaptureSession) Signals(signals map[string]any) {
	if cs.Effects.Signals == nil {
		cs.Effects.Signals = map[string]any{}
	}
	for k, v := range signals {
		cs.Effects.Signals[k] = v
	}
}
