package wire

import (
	"errors"
	"strconv"
)

// A Format is an encoding of Update frames. The zero value means "not
// chosen": a setting left zero inherits its enclosing setting, and where
// none is left it encodes as JSON. JSON is distinct from zero so that a
// handler can choose JSON under an application that chose CBOR.
type Format uint8

const (
	// JSON encodes updates as JSON text, sent in WebSocket text frames.
	JSON Format = 1
	// CBOR encodes updates as CBOR (RFC 8949), sent in WebSocket binary
	// frames. It has the same layout as JSON.
	CBOR Format = 2
)

// String returns "json" (also for the zero Format), "cbor", or
// "Format(N)" for an unknown format.
func (f Format) String() string {
	switch f {
	case 0, JSON:
		return "json"
	case CBOR:
		return "cbor"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// An Encoder encodes updates in one Format.
type Encoder interface {
	// Encode appends the encoding of u to dst and returns the extended
	// buffer. On error it returns dst with its length unchanged.
	Encode(dst []byte, u *Update) ([]byte, error)
	// Binary reports whether frames must be sent as binary rather than
	// text.
	Binary() bool
}

// Encoder returns the encoder for f. Encoders are stateless and safe for
// concurrent use. The zero Format encodes as JSON. The encoder of an
// unknown format fails every Encode.
func (f Format) Encoder() Encoder {
	switch f {
	case 0, JSON:
		return jsonEncoder{}
	case CBOR:
		return cborEncoder{}
	}
	return badEncoder{f}
}

type badEncoder struct{ f Format }

func (e badEncoder) Encode(dst []byte, _ *Update) ([]byte, error) {
	return dst, errors.New("tether: encode update: unknown wire format " + e.f.String())
}

func (badEncoder) Binary() bool { return false }

// Decode parses one update frame encoded in format f. It reverses Encode:
// decoding an encoded update gives it back, except that empty slices and
// maps come back nil, fields a patch or list operation does not use (the
// Text of a Morph, the Value of a removed Attr, the Pos of a Remove) come
// back empty, and signal values come back as encoding/json decodes into
// an interface value (float64, string, bool, nil, []any, map[string]any).
// Decode is meant for tests and Go clients. It ignores keys it does not
// know, and refuses values Encode would refuse, such as signal values
// nested more deeply than Encode allows.
func Decode(f Format, b []byte) (*Update, error) {
	var (
		m   map[string]any
		err error
	)
	switch f {
	case 0, JSON:
		m, err = parseJSON(b)
	case CBOR:
		m, err = parseCBOR(b)
	default:
		return nil, errors.New("tether: decode update: unknown wire format " + f.String())
	}
	if err != nil {
		return nil, err
	}
	u, err := fromTree(m)
	if err != nil {
		return nil, errors.New("tether: decode update: " + f.String() + ": " + err.Error())
	}
	return u, nil
}
