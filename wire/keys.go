package wire

// Wire keys of an Update. JSON objects and CBOR maps use the same text
// keys; docs/protocol.md lists them with their meaning.
const (
	keySeq     = "s"
	keyAck     = "a"
	keySession = "id"
	keyReload  = "rl"
	keyError   = "e"
	keyRoot    = "r"
	keyList    = "l"
	keyPatches = "p"
	keySignals = "g"
	keyEffects = "fx"
)

// Wire keys of the Effects object, in the order the client applies them.
const (
	keyTitle    = "title"
	keyURL      = "url"
	keyReplace  = "replace"
	keyToast    = "toast"
	keyFlash    = "flash"
	keyAnnounce = "announce"
	keyScroll   = "scroll"
	keyDownload = "download"
	keyFocus    = "focus"
)

// Wire keys of a client Event.
const (
	keyEventType   = "t"
	keyEventAction = "a"
	keyEventData   = "d"
	keyEventID     = "i"
)
