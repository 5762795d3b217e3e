package wire

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/fxamacker/cbor/v2"
)

// CBOR major types and simple values (RFC 8949, section 3).
const (
	cborUint    = 0 << 5
	cborNeg     = 1 << 5
	cborText    = 3 << 5
	cborArray   = 4 << 5
	cborMap     = 5 << 5
	cborFalse   = 0xf4
	cborTrue    = 0xf5
	cborNull    = 0xf6
	cborFloat32 = 0xfa
	cborFloat64 = 0xfb
)

type cborEncoder struct{}

func (cborEncoder) Binary() bool { return true }

// Encode appends u as one CBOR map with text keys, in the layout of the
// JSON encoding. Lengths are always definite, integers take their
// shortest form, and maps inside signals and flashes are written in
// sorted key order, so the output is deterministic. No tags are used.
func (cborEncoder) Encode(dst []byte, u *Update) ([]byte, error) {
	start := len(dst)
	dst, err := appendCBORUpdate(dst, u)
	if err != nil {
		return dst[:start], fmt.Errorf("tether: encode update: cbor: %w", err)
	}
	return dst, nil
}

func appendCBORUpdate(dst []byte, u *Update) ([]byte, error) {
	fx := &u.Effects
	n := 1 + count(u.Ack != 0) + count(u.Session != "") + count(u.Reload) + count(u.Error != "") +
		count(u.RootSet) + count(len(u.List) > 0) + count(len(u.Patches) > 0) +
		count(len(u.Signals) > 0) + count(fx.Any() || fx.Replace)
	dst = appendCBORHead(dst, cborMap, uint64(n))
	dst = appendCBORKey(dst, keySeq)
	dst = appendCBORHead(dst, cborUint, u.Seq)
	if u.Ack != 0 {
		dst = appendCBORKey(dst, keyAck)
		dst = appendCBORHead(dst, cborUint, u.Ack)
	}
	if u.Session != "" {
		dst = appendCBORKey(dst, keySession)
		dst = appendCBORText(dst, u.Session)
	}
	if u.Reload {
		dst = appendCBORKey(dst, keyReload)
		dst = append(dst, cborTrue)
	}
	if u.Error != "" {
		dst = appendCBORKey(dst, keyError)
		dst = appendCBORText(dst, u.Error)
	}
	if u.RootSet {
		dst = appendCBORKey(dst, keyRoot)
		dst = appendCBORText(dst, u.Root)
	}
	if len(u.List) > 0 {
		dst = appendCBORKey(dst, keyList)
		dst = appendCBORHead(dst, cborArray, uint64(len(u.List)))
		for i := range u.List {
			var err error
			if dst, err = appendCBORListOp(dst, &u.List[i]); err != nil {
				return dst, fmt.Errorf("list op %d: %w", i, err)
			}
		}
	}
	if len(u.Patches) > 0 {
		dst = appendCBORKey(dst, keyPatches)
		dst = appendCBORHead(dst, cborArray, uint64(len(u.Patches)))
		for i := range u.Patches {
			var err error
			if dst, err = appendCBORPatch(dst, &u.Patches[i]); err != nil {
				return dst, fmt.Errorf("patch %d: %w", i, err)
			}
		}
	}
	if len(u.Signals) > 0 {
		dst = appendCBORKey(dst, keySignals)
		var err error
		if dst, err = appendCBORMap(dst, u.Signals, 0); err != nil {
			return dst, fmt.Errorf("signals: %w", err)
		}
	}
	if fx.Any() || fx.Replace {
		dst = appendCBORKey(dst, keyEffects)
		dst = appendCBOREffects(dst, fx)
	}
	return dst, nil
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

func appendCBORPatch(dst []byte, p *Patch) ([]byte, error) {
	if p.Op > Attrs {
		return dst, fmt.Errorf("key %q: unknown op %d", p.Key, p.Op)
	}
	dst = append(dst, cborArray|3, cborUint|byte(p.Op))
	dst = appendCBORText(dst, p.Key)
	switch p.Op {
	case Morph:
		dst = appendCBORText(dst, p.HTML)
	case Text:
		dst = appendCBORText(dst, p.Text)
	case Attrs:
		dst = appendCBORHead(dst, cborArray, uint64(len(p.Attrs)))
		for _, a := range p.Attrs {
			dst = append(dst, cborArray|2)
			dst = appendCBORText(dst, a.Name)
			if a.Remove {
				dst = append(dst, cborNull)
			} else {
				dst = appendCBORText(dst, a.Value)
			}
		}
	}
	return dst, nil
}

func appendCBORListOp(dst []byte, op *ListOp) ([]byte, error) {
	switch {
	case op.Kind > Order:
		return dst, fmt.Errorf("key %q: unknown kind %d", op.Key, op.Kind)
	case op.Kind == Order:
		dst = append(dst, cborArray|3, cborUint|byte(Order))
		dst = appendCBORText(dst, op.Ref)
		dst = appendCBORHead(dst, cborArray, uint64(len(op.Keys)))
		for _, k := range op.Keys {
			dst = appendCBORText(dst, k)
		}
		return dst, nil
	case op.Kind == Remove:
		dst = append(dst, cborArray|2, cborUint|byte(Remove))
		return appendCBORText(dst, op.Key), nil
	case op.Pos > Append:
		return dst, fmt.Errorf("key %q: unknown position %d", op.Key, op.Pos)
	}
	n := byte(4)
	if op.Kind == Insert {
		n = 5
	}
	dst = append(dst, cborArray|n, cborUint|byte(op.Kind), cborUint|byte(op.Pos))
	dst = appendCBORText(dst, op.Ref)
	dst = appendCBORText(dst, op.Key)
	if op.Kind == Insert {
		dst = appendCBORText(dst, op.HTML)
	}
	return dst, nil
}

func appendCBOREffects(dst []byte, fx *Effects) []byte {
	n := count(fx.Title != "") + count(fx.URL != "") + count(fx.Replace) + count(fx.Toast != "") +
		count(len(fx.Flash) > 0) + count(fx.Announce != "") + count(fx.ScrollTo != "") + count(fx.Download != "") + count(fx.Focus != "")
	dst = appendCBORHead(dst, cborMap, uint64(n))
	str := func(key, v string) {
		if v != "" {
			dst = appendCBORText(appendCBORKey(dst, key), v)
		}
	}
	str(keyTitle, fx.Title)
	str(keyURL, fx.URL)
	if fx.Replace {
		dst = append(appendCBORKey(dst, keyReplace), cborTrue)
	}
	str(keyToast, fx.Toast)
	if len(fx.Flash) > 0 {
		dst = appendCBORKey(dst, keyFlash)
		dst = appendCBORHead(dst, cborMap, uint64(len(fx.Flash)))
		for _, k := range sortedKeys(fx.Flash) {
			dst = appendCBORText(appendCBORText(dst, k), fx.Flash[k])
		}
	}
	str(keyAnnounce, fx.Announce)
	str(keyScroll, fx.ScrollTo)
	str(keyDownload, fx.Download)
	str(keyFocus, fx.Focus)
	return dst
}

// appendCBORHead appends the head of a data item of the given major
// type with argument n in its shortest form.
func appendCBORHead(dst []byte, major byte, n uint64) []byte {
	switch {
	case n < 24:
		return append(dst, major|byte(n))
	case n <= math.MaxUint8:
		return append(dst, major|24, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, major|25), uint16(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, major|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(dst, major|27), n)
}

// appendCBORKey appends one of the key constants: ASCII, shorter than
// 24 bytes.
func appendCBORKey(dst []byte, key string) []byte {
	return append(append(dst, cborText|byte(len(key))), key...)
}

// appendCBORText appends s as a text string. CBOR text must be UTF-8,
// so invalid bytes become U+FFFD one by one, as in the JSON encoding.
func appendCBORText(dst []byte, s string) []byte {
	if !utf8.ValidString(s) {
		s = replaceInvalid(s)
	}
	return append(appendCBORHead(dst, cborText, uint64(len(s))), s...)
}

// replaceInvalid replaces each byte of s that is not part of a valid
// UTF-8 sequence by U+FFFD.
func replaceInvalid(s string) string {
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

func appendCBORInt(dst []byte, v int64) []byte {
	if v < 0 {
		return appendCBORHead(dst, cborNeg, uint64(-1-v))
	}
	return appendCBORHead(dst, cborUint, uint64(v))
}

// appendCBORFloat writes integral values as integers and the rest as
// float32 when that is exact, float64 otherwise. A JavaScript reader sees
// the same number either way.
func appendCBORFloat(dst []byte, f float64) ([]byte, error) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return dst, fmt.Errorf("unsupported number %v", f)
	case f == math.Trunc(f) && math.Abs(f) <= 1<<53 && !(f == 0 && math.Signbit(f)):
		return appendCBORInt(dst, int64(f)), nil
	case float64(float32(f)) == f:
		return binary.BigEndian.AppendUint32(append(dst, cborFloat32), math.Float32bits(float32(f))), nil
	}
	return binary.BigEndian.AppendUint64(append(dst, cborFloat64), math.Float64bits(f)), nil
}

// appendCBORMap appends m as a map with sorted keys.
func appendCBORMap(dst []byte, m map[string]any, depth int) ([]byte, error) {
	dst = appendCBORHead(dst, cborMap, uint64(len(m)))
	if len(m) == 1 {
		for k, v := range m { // the common single signal: no key slice to sort
			var err error
			if dst, err = appendCBORValue(appendCBORText(dst, k), v, depth+1); err != nil {
				return dst, fmt.Errorf("%q: %w", k, err)
			}
			return dst, nil
		}
	}
	for _, k := range sortedKeys(m) {
		var err error
		if dst, err = appendCBORValue(appendCBORText(dst, k), m[k], depth+1); err != nil {
			return dst, fmt.Errorf("%q: %w", k, err)
		}
	}
	return dst, nil
}

// appendCBORValue appends a signal value. Types the JSON encoder writes
// by hand are written directly; anything else is marshalled to JSON and
// converted, so both encodings carry the same value (struct tags,
// MarshalJSON methods and all).
func appendCBORValue(dst []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return dst, fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case nil:
		return append(dst, cborNull), nil
	case string:
		return appendCBORText(dst, v), nil
	case bool:
		if v {
			return append(dst, cborTrue), nil
		}
		return append(dst, cborFalse), nil
	case int:
		return appendCBORInt(dst, int64(v)), nil
	case int8:
		return appendCBORInt(dst, int64(v)), nil
	case int16:
		return appendCBORInt(dst, int64(v)), nil
	case int32:
		return appendCBORInt(dst, int64(v)), nil
	case int64:
		return appendCBORInt(dst, v), nil
	case uint:
		return appendCBORHead(dst, cborUint, uint64(v)), nil
	case uint8:
		return appendCBORHead(dst, cborUint, uint64(v)), nil
	case uint16:
		return appendCBORHead(dst, cborUint, uint64(v)), nil
	case uint32:
		return appendCBORHead(dst, cborUint, uint64(v)), nil
	case uint64:
		return appendCBORHead(dst, cborUint, v), nil
	case float64:
		return appendCBORFloat(dst, v)
	case float32:
		// The number JSON shows for v: 0.1, not 0.10000000149011612.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
		return appendCBORFloat(dst, f)
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return appendCBORInt(dst, i), nil
		}
		if u, err := strconv.ParseUint(string(v), 10, 64); err == nil {
			return appendCBORHead(dst, cborUint, u), nil
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return dst, fmt.Errorf("invalid number %q", string(v))
		}
		return appendCBORFloat(dst, f)
	case []string:
		if v == nil {
			return append(dst, cborNull), nil
		}
		dst = appendCBORHead(dst, cborArray, uint64(len(v)))
		for _, s := range v {
			dst = appendCBORText(dst, s)
		}
		return dst, nil
	case []any:
		if v == nil {
			return append(dst, cborNull), nil
		}
		dst = appendCBORHead(dst, cborArray, uint64(len(v)))
		for i, e := range v {
			var err error
			if dst, err = appendCBORValue(dst, e, depth+1); err != nil {
				return dst, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return dst, nil
	case map[string]any:
		if v == nil {
			return append(dst, cborNull), nil
		}
		return appendCBORMap(dst, v, depth)
	case map[string]string:
		if v == nil {
			return append(dst, cborNull), nil
		}
		dst = appendCBORHead(dst, cborMap, uint64(len(v)))
		for _, k := range sortedKeys(v) {
			dst = appendCBORText(appendCBORText(dst, k), v[k])
		}
		return dst, nil
	}
	b, err := appendMarshalJSON(nil, v)
	if err != nil {
		return dst, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var g any
	if err := dec.Decode(&g); err != nil {
		return dst, err
	}
	return appendCBORValue(dst, g, depth)
}

// cborDecoder accepts what the encoder produces and the little more a
// CBOR writer might reasonably emit (longer integer heads, float16);
// tags, indefinite lengths, duplicate keys, NaN and infinities are
// refused.
var cborDecoder = func() cbor.DecMode {
	dm, err := cbor.DecOptions{
		DupMapKey:       cbor.DupMapKeyEnforcedAPF,
		MaxNestedLevels: maxDepth + 8,
		IndefLength:     cbor.IndefLengthForbidden,
		TagsMd:          cbor.TagsForbidden,
		DefaultMapType:  reflect.TypeFor[map[string]any](),
		NaN:             cbor.NaNDecodeForbidden,
		Inf:             cbor.InfDecodeForbidden,
	}.DecMode()
	if err != nil {
		panic(err) // the options are fixed: a bug, not an input error
	}
	return dm
}()

// parseCBOR reads one CBOR map with text keys.
func parseCBOR(b []byte) (map[string]any, error) {
	var m map[string]any
	if err := cborDecoder.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("tether: decode update: cbor: %w", err)
	}
	if m == nil {
		return nil, errors.New("tether: decode update: cbor: not a map")
	}
	return m, nil
}
