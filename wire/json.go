package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/tetherui/tether/internal/protocol"
)

// maxDepth bounds the nesting of a signal value, so a value that
// contains itself fails instead of recursing forever.
const maxDepth = 64

type jsonEncoder struct{}

func (jsonEncoder) Binary() bool { return false }

// Encode appends u as one JSON object. The fixed fields are written by
// hand; only signal values of types other than the common scalars,
// []string, []any, map[string]any and map[string]string go through
// encoding/json.
func (jsonEncoder) Encode(dst []byte, u *Update) ([]byte, error) {
	start := len(dst)
	dst, err := appendJSONUpdate(dst, u)
	if err != nil {
		return dst[:start], fmt.Errorf("tether: encode update: json: %w", err)
	}
	return dst, nil
}

func appendJSONUpdate(dst []byte, u *Update) ([]byte, error) {
	dst = append(dst, `{"`+protocol.KeySeq+`":`...)
	dst = strconv.AppendUint(dst, u.Seq, 10)
	if u.Ack != 0 {
		dst = append(dst, `,"`+protocol.KeyAck+`":`...)
		dst = strconv.AppendUint(dst, u.Ack, 10)
	}
	if u.Session != "" {
		dst = append(dst, `,"`+protocol.KeySession+`":`...)
		dst = appendJSONString(dst, u.Session)
	}
	if u.Reload {
		dst = append(dst, `,"`+protocol.KeyReload+`":true`...)
	}
	if u.Error != "" {
		dst = append(dst, `,"`+protocol.KeyError+`":`...)
		dst = appendJSONString(dst, u.Error)
	}
	if u.RootSet {
		dst = append(dst, `,"`+protocol.KeyRoot+`":`...)
		dst = appendJSONString(dst, u.Root)
	}
	if len(u.List) > 0 {
		dst = append(dst, `,"`+protocol.KeyList+`":[`...)
		for i := range u.List {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendJSONListOp(dst, &u.List[i]); err != nil {
				return dst, fmt.Errorf("list op %d: %w", i, err)
			}
		}
		dst = append(dst, ']')
	}
	if len(u.Patches) > 0 {
		dst = append(dst, `,"`+protocol.KeyPatches+`":[`...)
		for i := range u.Patches {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendJSONPatch(dst, &u.Patches[i]); err != nil {
				return dst, fmt.Errorf("patch %d: %w", i, err)
			}
		}
		dst = append(dst, ']')
	}
	if len(u.Signals) > 0 {
		dst = append(dst, `,"`+protocol.KeySignals+`":`...)
		var err error
		if dst, err = appendJSONMap(dst, u.Signals, 0); err != nil {
			return dst, fmt.Errorf("signals: %w", err)
		}
	}
	if fx := &u.Effects; fx.Any() || fx.Replace {
		dst = append(dst, `,"`+protocol.KeyEffects+`":`...)
		dst = appendJSONEffects(dst, fx)
	}
	return append(dst, '}'), nil
}

func appendJSONPatch(dst []byte, p *Patch) ([]byte, error) {
	if p.Op > Attrs {
		return dst, fmt.Errorf("key %q: unknown op %d", p.Key, p.Op)
	}
	dst = append(dst, '[', '0'+byte(p.Op), ',')
	dst = appendJSONString(dst, p.Key)
	dst = append(dst, ',')
	switch p.Op {
	case Morph:
		dst = appendJSONString(dst, p.HTML)
	case Text:
		dst = appendJSONString(dst, p.Text)
	case Attrs:
		dst = append(dst, '[')
		for i, a := range p.Attrs {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '[')
			dst = appendJSONString(dst, a.Name)
			if a.Remove {
				dst = append(dst, ",null]"...)
			} else {
				dst = append(dst, ',')
				dst = appendJSONString(dst, a.Value)
				dst = append(dst, ']')
			}
		}
		dst = append(dst, ']')
	}
	return append(dst, ']'), nil
}

func appendJSONListOp(dst []byte, op *ListOp) ([]byte, error) {
	if op.Kind > Order {
		return dst, fmt.Errorf("key %q: unknown kind %d", op.Key, op.Kind)
	}
	dst = append(dst, '[', '0'+byte(op.Kind), ',')
	if op.Kind == Order {
		dst = appendJSONString(dst, op.Ref)
		dst = append(dst, ',', '[')
		for i, k := range op.Keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, k)
		}
		return append(dst, ']', ']'), nil
	}
	if op.Kind == Remove {
		dst = appendJSONString(dst, op.Key)
		return append(dst, ']'), nil
	}
	if op.Pos > Append {
		return dst, fmt.Errorf("key %q: unknown position %d", op.Key, op.Pos)
	}
	dst = append(dst, '0'+byte(op.Pos), ',')
	dst = appendJSONString(dst, op.Ref)
	dst = append(dst, ',')
	dst = appendJSONString(dst, op.Key)
	if op.Kind == Insert {
		dst = append(dst, ',')
		dst = appendJSONString(dst, op.HTML)
	}
	return append(dst, ']'), nil
}

func appendJSONEffects(dst []byte, fx *Effects) []byte {
	dst = append(dst, '{')
	n := len(dst)
	str := func(key, v string) {
		if v == "" {
			return
		}
		if len(dst) > n {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, key)
		dst = append(dst, ':')
		dst = appendJSONString(dst, v)
	}
	str(protocol.EffectTitle, fx.Title)
	str(protocol.EffectURL, fx.URL)
	if fx.Replace {
		if len(dst) > n {
			dst = append(dst, ',')
		}
		dst = append(dst, `"`+protocol.EffectReplace+`":true`...)
	}
	str(protocol.EffectToast, fx.Toast)
	if len(fx.Flash) > 0 {
		if len(dst) > n {
			dst = append(dst, ',')
		}
		dst = append(dst, `"`+protocol.EffectFlash+`":{`...)
		for i, k := range sortedKeys(fx.Flash) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, k)
			dst = append(dst, ':')
			dst = appendJSONString(dst, fx.Flash[k])
		}
		dst = append(dst, '}')
	}
	str(protocol.EffectAnnounce, fx.Announce)
	str(protocol.EffectScroll, fx.ScrollTo)
	str(protocol.EffectDownload, fx.Download)
	str(protocol.EffectFocus, fx.Focus)
	return append(dst, '}')
}

// sortedKeys returns the keys of m in increasing order, so that both
// encodings are deterministic.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendJSONMap appends m as an object with sorted keys.
func appendJSONMap(dst []byte, m map[string]any, depth int) ([]byte, error) {
	if len(m) == 1 { // the common single signal: no key slice to sort
		for k, v := range m {
			dst = appendJSONString(append(dst, '{'), k)
			var err error
			if dst, err = appendJSONValue(append(dst, ':'), v, depth+1); err != nil {
				return dst, fmt.Errorf("%q: %w", k, err)
			}
			return append(dst, '}'), nil
		}
	}
	dst = append(dst, '{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		var err error
		if dst, err = appendJSONValue(dst, m[k], depth+1); err != nil {
			return dst, fmt.Errorf("%q: %w", k, err)
		}
	}
	return append(dst, '}'), nil
}

// appendJSONValue appends a signal value. The usual types are written
// directly; anything else is left to encoding/json, without its HTML
// escaping.
func appendJSONValue(dst []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return dst, fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return appendJSONString(dst, v), nil
	case bool:
		return strconv.AppendBool(dst, v), nil
	case int:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int8:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int16:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(dst, v, 10), nil
	case uint:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint8:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint16:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint32:
		return strconv.AppendUint(dst, uint64(v), 10), nil
	case uint64:
		return strconv.AppendUint(dst, v, 10), nil
	case float64:
		return appendJSONFloat(dst, v, 64)
	case float32:
		return appendJSONFloat(dst, float64(v), 32)
	case []string:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, s := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, s)
		}
		return append(dst, ']'), nil
	case []any:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendJSONValue(dst, e, depth+1); err != nil {
				return dst, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return append(dst, ']'), nil
	case map[string]any:
		if v == nil {
			return append(dst, "null"...), nil
		}
		return appendJSONMap(dst, v, depth)
	case map[string]string:
		if v == nil {
			return append(dst, "null"...), nil
		}
		dst = append(dst, '{')
		for i, k := range sortedKeys(v) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, k)
			dst = append(dst, ':')
			dst = appendJSONString(dst, v[k])
		}
		return append(dst, '}'), nil
	}
	return appendMarshalJSON(dst, v)
}

// appendMarshalJSON appends v as encoding/json writes it, minus the HTML
// escaping and the trailing newline.
func appendMarshalJSON(dst []byte, v any) ([]byte, error) {
	n := len(dst)
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst[:n], err
	}
	out := buf.Bytes()
	return out[:len(out)-1], nil
}

// appendJSONFloat formats f as encoding/json does: the shortest
// representation that reads back exactly, in exponent form only for very
// large or small magnitudes. NaN and infinities have no JSON form.
func appendJSONFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, fmt.Errorf("unsupported number %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if format == 'e' {
		// Shorten e-09 to e-9.
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, nil
}

// safeJSON[b] is true for the ASCII bytes a JSON string holds verbatim.
var safeJSON = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Only what JSON requires
// is escaped (quote, backslash, control characters), plus U+2028 and
// U+2029 for JavaScript's sake; HTML passes through untouched. Invalid
// UTF-8 becomes U+FFFD, one per bad byte, since text frames must be
// valid UTF-8.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if safeJSON[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// parseJSON reads one JSON object, keeping numbers as json.Number so
// that sequence numbers survive exactly.
func parseJSON(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("tether: decode update: json: %w", err)
	}
	if m == nil {
		return nil, errors.New("tether: decode update: json: not an object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("tether: decode update: json: data after the object")
	}
	return m, nil
}
