package tether

// A Diagnostic is a framework event: a transport failure, a recovered
// panic, a full command queue. Subscribe to Handler.Diagnostics to count,
// alert on or log them; the framework itself logs only panics.
type Diagnostic struct {
	Kind      DiagnosticKind
	SessionID string // empty when no session is involved
	Err       error  // the failure, if any
	Detail    string // extra context: an action, a size, a duration
}

// DiagnosticKind names the category of a Diagnostic.
type DiagnosticKind string

// Diagnostic kinds.
const (
	TransportError       DiagnosticKind = "transport_error"
	EncodeError          DiagnosticKind = "encode_error"
	BufferOverflow       DiagnosticKind = "buffer_overflow"
	HandlerPanic         DiagnosticKind = "handler_panic"
	UploadError          DiagnosticKind = "upload_error"
	UploadRejected       DiagnosticKind = "upload_rejected"
	CommandDropped       DiagnosticKind = "command_dropped"
	SessionBindingFailed DiagnosticKind = "session_binding_failed"
	StoreError           DiagnosticKind = "store_error"
	SessionStoreError    DiagnosticKind = "session_store_error"
	CommandDiscarded     DiagnosticKind = "command_discarded"
	StateSizeExceeded    DiagnosticKind = "state_size_exceeded"
	SlowRender           DiagnosticKind = "slow_render"
	NavigateRedirectLoop DiagnosticKind = "navigate_redirect_loop"
	RenderCoalesced      DiagnosticKind = "render_coalesced"
	HighMemoiseMissRate  DiagnosticKind = "high_memoise_miss_rate"

	// The kinds below go beyond the reference API.

	// RateLimited: a client event was refused because the session sent
	// events faster than Limits.EventRate allows.
	RateLimited DiagnosticKind = "rate_limited"
	// OriginRejected: a transport upgrade came from an untrusted origin
	// and was refused with 403.
	OriginRejected DiagnosticKind = "origin_rejected"
	// BadEvent: a client frame was malformed or too large; its connection
	// was closed with a reason and the session's state was not touched.
	BadEvent DiagnosticKind = "bad_event"
	// RenderError: Render produced a tree the diff engine refused (a
	// duplicate or unsafe Dynamic key). The batch is rolled back to the
	// state the client shows and the client gets an error frame instead.
	RenderError DiagnosticKind = "render_error"
	// Resync: the client could not apply an update and asked for the
	// whole page; Detail is its reason. The session answers with a root
	// morph rendered from scratch.
	Resync DiagnosticKind = "resync"
	// ClientWarning: the browser runtime refused something, such as an
	// unsafe URL; Detail is "kind: detail" as the client reported it.
	ClientWarning DiagnosticKind = "client_warning"
	// UnsafeURL: a Navigate, ReplaceURL or Download effect named a URL
	// that is not http(s), blob:, mailto: or relative; Detail is the URL.
	// The effect is dropped.
	UnsafeURL DiagnosticKind = "unsafe_url"
)
