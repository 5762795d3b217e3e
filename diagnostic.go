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
	// duplicate or unsafe Dynamic key). The update is not sent.
	RenderError DiagnosticKind = "render_error"
)
