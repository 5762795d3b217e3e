// Package wire defines the messages tether exchanges with the browser
// and their encodings; docs/protocol.md is the full description.
//
// The server sends Update frames: everything one render-diff-send cycle
// produced (keyed list operations, patches to keyed regions, signals and
// side effects), numbered by Seq so a reconnecting client can resume.
// Updates have two encodings with the same layout and the same short
// keys: JSON (the default, written by hand: five times faster than
// encoding/json, and fuzzed against it) and CBOR (written by
// github.com/fxamacker/cbor). Format.Encoder returns the encoder
// for a format; Decode reverses either encoding. On a WebSocket, JSON
// updates travel in text frames and CBOR updates in binary frames, which
// is how the client tells the two apart: it needs no negotiation.
//
// The client sends Event frames, always JSON in text frames. DecodeEvent
// parses and checks them; nothing a client sends can make it panic.
package wire
