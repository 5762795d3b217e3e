// Package ws is tether's WebSocket transport, built on
// github.com/lxzan/gws.
//
// Upgrade returns the function the tether handler calls for a WebSocket
// request. The transport it returns implements transport.Transport and the
// optional BinarySender, Heartbeater and Closer interfaces:
//
//   - Inbound: gws runs one read loop per connection and enforces the
//     session's MaxEventBytes itself (ReadMaxPayloadSize): a frame whose
//     header announces more is refused before its payload is read, and
//     a fragmented message that grows past the limit is refused too,
//     both with close code 1009. (A compressed message whose frames fit
//     but which inflates past the limit is stopped during decompression,
//     with code 1011.) ReceiveEvent then fails with an error wrapping
//     ErrTooLarge that names the limit. Text frames are decoded with
//     wire.DecodeEvent and handed to ReceiveEvent one at a time, so a
//     session that is slow to take events slows the reading of its own
//     socket rather than buffering without bound. Binary frames and
//     undecodable text close the connection (1003 and 1007) with a
//     reason the browser can show.
//   - Outbound: Send and SendBinary hand pre-encoded frames to gws's
//     per-connection write queue and return at once. At most
//     Options.WriteQueue frames and Options.WriteQueueBytes bytes may
//     wait; past either the client is too slow, the connection is
//     dropped and Send reports ErrSlowClient. The queue runs on a
//     goroutine that exists only while frames are waiting.
//   - Heartbeat: StartHeartbeat sends a ping every interval, carrying
//     how many frames were queued before it. The client must be heard
//     from within twice the interval (a silent peer fails ReceiveEvent
//     with a timeout), the oldest queued frame must not wait longer than
//     that, and once frames are sent a pong echoing a recent ping must
//     confirm them within two intervals; otherwise the connection is
//     dropped with ErrSlowClient. Browsers echo ping payloads by
//     themselves; a Go client must too (gws's default handler does not).
//
// Errors from this package begin "tether: ws: " and wrap the transport
// sentinels (ErrClosed, ErrTooLarge, ErrMalformed, ErrSlowClient): test
// them with errors.Is. ReceiveEvent returns io.EOF itself when the client
// closes cleanly.
//
// Frames passed to Send and SendBinary are written as they are, without
// a copy: the caller must not modify a frame after handing it over.
package ws
