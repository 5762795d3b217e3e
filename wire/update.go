package wire

// Version is the protocol version described in docs/protocol.md. Bump it
// when a field changes meaning or an encoding changes shape; adding an
// optional field does not need a bump.
const Version = 1

// An Update is one server-to-client frame. Everything a single
// render-diff-send cycle produced travels together, so the client applies
// structure, patches, signals and effects atomically.
//
// The client applies fields in this order: Reload, Root, List, Patches,
// Signals, Effects. Empty fields are omitted from both encodings.
type Update struct {
	// Seq is the per-session sequence number of this update, starting at
	// 1. A reconnecting client reports the last Seq it applied so the
	// server can replay exactly what it missed.
	Seq uint64
	// Ack is the highest client EventID this update answers; zero when
	// the update was not caused by a client event.
	Ack uint64
	// Session carries the session ID on the frames that need it (the
	// first frame after a claim); empty otherwise.
	Session string
	// Reload tells the client its session is gone and the page must be
	// reloaded once.
	Reload bool
	// Error is a human-readable refusal (rate limit, rejected event). The
	// client surfaces it; nothing already applied is undone.
	Error string
	// Root, when set, replaces the inner HTML of the tether root by a
	// morph. RootSet distinguishes an empty root from "no root morph".
	Root    string
	RootSet bool
	// List holds keyed list operations, applied in order before Patches.
	List []ListOp
	// Patches holds targeted changes to keyed regions in document order.
	Patches []Patch
	// Signals maps signal names to values for bound elements.
	Signals map[string]any
	// Effects holds the side effects raised in the same cycle.
	Effects Effects
}

// Empty reports whether the update carries nothing for the client beyond
// its sequence number and acknowledgement.
func (u *Update) Empty() bool {
	return !u.Reload && u.Error == "" && !u.RootSet && len(u.List) == 0 &&
		len(u.Patches) == 0 && len(u.Signals) == 0 && !u.Effects.Any() && u.Session == ""
}

// PatchOp says how a Patch changes its keyed element.
type PatchOp uint8

const (
	// Morph replaces the keyed element (outer HTML) by an idiomorph morph.
	Morph PatchOp = 0
	// Text sets the keyed element's text content; the change was
	// confined to text.
	Text PatchOp = 1
	// Attrs sets or removes the listed attributes; the change was
	// confined to the element's own attributes.
	Attrs PatchOp = 2
)

// A Patch is a targeted change to the element whose data-tether-key
// attribute equals Key.
type Patch struct {
	Op    PatchOp
	Key   string
	HTML  string // Morph: the element's new outer HTML
	Text  string // Text: the new text content, unescaped
	Attrs []Attr // Attrs: changed attributes only
}

// An Attr is one attribute change. Remove means the attribute is gone
// and Value is ignored. Value is the attribute's decoded value.
type Attr struct {
	Name   string
	Value  string
	Remove bool
}

// ListOpKind names a keyed list operation.
type ListOpKind uint8

const (
	// Remove deletes the element with Key.
	Remove ListOpKind = 0
	// Insert parses HTML and places it at Pos relative to Ref.
	Insert ListOpKind = 1
	// Move places the existing element with Key at Pos relative to Ref.
	Move ListOpKind = 2
	// Order rearranges existing keyed siblings into the order of Keys: the
	// first goes where the earliest of them stands now, each next one
	// right after the previous. Ref names their parent (informational).
	// The diff engine sends it instead of many moves when it is smaller,
	// e.g. for a reversed or sorted list.
	Order ListOpKind = 3
)

// Pos says where an inserted or moved element goes relative to Ref.
type Pos uint8

const (
	// Before places the element immediately before the keyed sibling Ref.
	Before Pos = 0
	// After places the element immediately after the keyed sibling Ref.
	After Pos = 1
	// Prepend makes the element the first child of the keyed element Ref
	// (the tether root when Ref is empty).
	Prepend Pos = 2
	// Append makes the element the last child of the keyed element Ref
	// (the tether root when Ref is empty).
	Append Pos = 3
)

// A ListOp changes the keyed children of one region without resending
// the region: a row removed, inserted or moved.
type ListOp struct {
	Kind ListOpKind
	Key  string // Remove, Move: the element; Insert: the new element's key
	Pos  Pos
	Ref  string
	HTML string   // Insert only
	Keys []string // Order only
}

// Effects are the side effects of one cycle, applied by the client after
// patches and signals in this field order: Title, URL, Toast, Flash,
// Announce, ScrollTo, Download, Focus.
type Effects struct {
	Title    string
	URL      string
	Replace  bool // replaceState instead of pushState for URL
	Toast    string
	Flash    map[string]string // CSS selector -> text
	Announce string
	ScrollTo string // CSS selector
	Download string // URL
	Focus    string // CSS selector of the element to focus
}

// Any reports whether any effect is set.
func (e *Effects) Any() bool {
	return e.Title != "" || e.URL != "" || e.Toast != "" || len(e.Flash) > 0 ||
		e.Announce != "" || e.ScrollTo != "" || e.Download != "" || e.Focus != ""
}
