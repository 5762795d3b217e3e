// Package protocol is the one source of the wire protocol's names and
// numbers: close codes, the keys of updates and events, effect names and
// protocol event types. Go packages use these constants; the browser
// runtime imports client/src/protocol.js, generated from this file by
// JS, and a test in package client fails when the two differ.
// docs/protocol.md describes each of them.
package protocol

// Close codes a server sends in a WebSocket close frame (or an SSE
// stream's closing event).
const (
	CloseNormal      = 1000 // a plain close: reconnect with backoff
	CloseUnsupported = 1003 // a binary client frame
	CloseMalformed   = 1007 // a client frame that is not a valid event
	ClosePolicy      = 1008 // the client broke a limit other than size
	CloseTooLarge    = 1009 // a client frame over the event size limit
	CloseRestart     = 1012 // the server is restarting: retry, do not reload yet
	CloseReload      = 4001 // the session is gone: reload the page once
	CloseBinding     = 4003 // the session belongs to another client
	CloseBusy        = 4013 // no room for a new session: retry later
	CloseProtocol    = 4400 // the first frame was not a connect frame
)

// Keys of an update object.
const (
	KeySeq     = "s"
	KeyAck     = "a"
	KeySession = "id"
	KeyReload  = "rl"
	KeyError   = "e"
	KeyRoot    = "r"
	KeyList    = "l"
	KeyPatches = "p"
	KeySignals = "g"
	KeyEffects = "fx"
)

// Keys of the effects object, in the order the client applies them.
const (
	EffectTitle    = "title"
	EffectURL      = "url"
	EffectReplace  = "replace"
	EffectToast    = "toast"
	EffectFlash    = "flash"
	EffectAnnounce = "announce"
	EffectScroll   = "scroll"
	EffectDownload = "download"
	EffectFocus    = "focus"
)

// Keys of a client event object.
const (
	KeyEventType   = "t"
	KeyEventAction = "a"
	KeyEventData   = "d"
	KeyEventID     = "i"
)

// Protocol event types: client frames that are not application events.
const (
	// EventConnect is the first frame of every connection; its data
	// names the session ("session") and the last update applied ("seq").
	EventConnect = "connect"
	// EventNavigate reports a client-side navigation (data "url").
	EventNavigate = "navigate"
	// EventResync asks for a root morph: the client could not apply an
	// update (a missing key, a failed morph). Data "reason" says why.
	EventResync = "resync"
	// EventWarn reports something the client refused to do, such as an
	// unsafe URL from an effect or a signal binding. Data "kind" and
	// "detail".
	EventWarn = "warn"
)

// Kinds carried by an EventWarn's "kind".
const (
	WarnUnsafeURL = "unsafe-url"
)
