package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/fxamacker/cbor/v2"
)

type cborEncoder struct{}

func (cborEncoder) Binary() bool { return true }

// Encode appends u as one CBOR map with text keys, in the layout of the
// JSON encoding, written by github.com/fxamacker/cbor. Lengths are
// always definite, integers and floats take their shortest exact form,
// and maps inside signals and flashes are written in RFC 8949 core
// deterministic key order, so the output is deterministic. No tags are
// used.
func (cborEncoder) Encode(dst []byte, u *Update) ([]byte, error) {
	f := cborFrames.Get().(*cborFrame)
	defer f.release()
	out, err := f.encode(dst, u)
	if err != nil {
		return dst, fmt.Errorf("tether: encode update: cbor: %w", err)
	}
	return out, nil
}

// frameMode writes the update and its patches: struct fields in
// declaration order, which is the order of the JSON encoding.
// valueMode writes signals and flashes: map keys sorted, so equal
// updates encode to equal bytes.
var frameMode, valueMode = func() (cbor.UserBufferEncMode, cbor.UserBufferEncMode) {
	opts := cbor.EncOptions{
		ShortestFloat: cbor.ShortestFloat16,
		NaNConvert:    cbor.NaNConvertReject,
		InfConvert:    cbor.InfConvertReject,
		IndefLength:   cbor.IndefLengthForbidden,
		TagsMd:        cbor.TagsForbidden,
		NilContainers: cbor.NilContainerAsNull,
	}
	frame, err := opts.UserBufferEncMode()
	if err != nil {
		panic(err) // the options are fixed: a bug, not an input error
	}
	opts.Sort = cbor.SortCoreDeterministic
	value, err := opts.UserBufferEncMode()
	if err != nil {
		panic(err)
	}
	return frame, value
}()

// The CBOR shape of an Update. The tags repeat internal/protocol's key
// constants (a struct tag cannot name a constant); TestCBORKeys checks
// they agree. Strings are copies of the Update's own string headers, made
// valid UTF-8 where they were not.
type cborUpdate struct {
	Seq     uint64          `cbor:"s"`
	Ack     uint64          `cbor:"a,omitempty"`
	Session string          `cbor:"id,omitempty"`
	Reload  bool            `cbor:"rl,omitempty"`
	Error   string          `cbor:"e,omitempty"`
	Root    *string         `cbor:"r,omitempty"`
	List    []any           `cbor:"l,omitempty"` // *cborRemove, *cborInsert, *cborMove, *cborOrder
	Patches []cborPatch     `cbor:"p,omitempty"`
	Signals cbor.RawMessage `cbor:"g,omitempty"`
	Effects *cborEffects    `cbor:"fx,omitempty"`
}

type cborEffects struct {
	Title    string          `cbor:"title,omitempty"`
	URL      string          `cbor:"url,omitempty"`
	Replace  bool            `cbor:"replace,omitempty"`
	Toast    string          `cbor:"toast,omitempty"`
	Flash    cbor.RawMessage `cbor:"flash,omitempty"`
	Announce string          `cbor:"announce,omitempty"`
	ScrollTo string          `cbor:"scroll,omitempty"`
	Download string          `cbor:"download,omitempty"`
	Focus    string          `cbor:"focus,omitempty"`
}

// cborPatch is [op, key, body]: body is the HTML or text (a *string) or
// the attribute pairs (a *[]cborAttr).
type cborPatch struct {
	_    struct{} `cbor:",toarray"`
	Op   PatchOp
	Key  string
	Body any
}

// cborAttr is [name, value], value null for a removed attribute.
type cborAttr struct {
	_     struct{} `cbor:",toarray"`
	Name  string
	Value *string
}

// List operations, one array shape per kind.
type (
	cborRemove struct {
		_    struct{} `cbor:",toarray"`
		Kind ListOpKind
		Key  string
	}
	cborMove struct {
		_        struct{} `cbor:",toarray"`
		Kind     ListOpKind
		Pos      Pos
		Ref, Key string
	}
	cborInsert struct {
		_              struct{} `cbor:",toarray"`
		Kind           ListOpKind
		Pos            Pos
		Ref, Key, HTML string
	}
	cborOrder struct {
		_    struct{} `cbor:",toarray"`
		Kind ListOpKind
		Ref  string
		Keys []string
	}
)

// A cborFrame holds the CBOR shape of one update while it is encoded.
// Frames are pooled, so a steady stream of updates allocates nothing for
// the shape; release clears every reference into the update.
type cborFrame struct {
	u       cborUpdate
	fx      cborEffects
	root    string
	patches []cborPatch
	bodies  []string
	attrs   []cborAttr
	lists   [][]cborAttr
	strs    []string
	list    []any
	removes []cborRemove
	moves   []cborMove
	inserts []cborInsert
	orders  []cborOrder
	scratch []byte // encoded signals and flashes
	values  bytes.Buffer
	out     bytes.Buffer
}

var cborFrames = sync.Pool{New: func() any { return new(cborFrame) }}

// maxPooledItems bounds the slices a pooled frame keeps: one huge update
// must not pin its shape's memory for the life of the pool.
const maxPooledItems = 4096

func (f *cborFrame) release() {
	f.u, f.fx, f.root = cborUpdate{}, cborEffects{}, ""
	f.out = bytes.Buffer{}
	if cap(f.patches) > maxPooledItems || cap(f.list) > maxPooledItems || cap(f.attrs) > maxPooledItems ||
		cap(f.scratch) > 64<<10 {
		return
	}
	clear(f.patches[:cap(f.patches)])
	clear(f.bodies[:cap(f.bodies)])
	clear(f.attrs[:cap(f.attrs)])
	clear(f.lists[:cap(f.lists)])
	clear(f.strs[:cap(f.strs)])
	clear(f.list[:cap(f.list)])
	clear(f.removes[:cap(f.removes)])
	clear(f.moves[:cap(f.moves)])
	clear(f.inserts[:cap(f.inserts)])
	clear(f.orders[:cap(f.orders)])
	cborFrames.Put(f)
}

// encode builds the shape of u and appends its encoding to dst.
func (f *cborFrame) encode(dst []byte, u *Update) ([]byte, error) {
	f.u = cborUpdate{Seq: u.Seq, Ack: u.Ack, Session: validText(u.Session), Reload: u.Reload, Error: validText(u.Error)}
	if u.RootSet {
		f.root = validText(u.Root)
		f.u.Root = &f.root
	}
	if err := f.setList(u.List); err != nil {
		return dst, err
	}
	if err := f.setPatches(u.Patches); err != nil {
		return dst, err
	}
	f.scratch = f.scratch[:0]
	if len(u.Signals) > 0 {
		g, _, err := cborMap(u.Signals, 0)
		if err != nil {
			return dst, fmt.Errorf("signals: %w", err)
		}
		if f.u.Signals, err = f.appendValue(g); err != nil {
			return dst, fmt.Errorf("signals: %w", err)
		}
	}
	if fx := &u.Effects; fx.Any() || fx.Replace {
		if err := f.setEffects(fx); err != nil {
			return dst, err
		}
		f.u.Effects = &f.fx
	}
	start := len(dst)
	f.out = *bytes.NewBuffer(dst)
	if err := frameMode.MarshalToBuffer(&f.u, &f.out); err != nil {
		return dst[:start], err
	}
	return f.out.Bytes(), nil
}

// appendValue encodes v in map-sorting mode onto the scratch buffer and
// returns its bytes.
func (f *cborFrame) appendValue(v any) (cbor.RawMessage, error) {
	start := len(f.scratch)
	f.values = *bytes.NewBuffer(f.scratch)
	err := valueMode.MarshalToBuffer(v, &f.values)
	f.scratch, f.values = f.values.Bytes(), bytes.Buffer{}
	if err != nil {
		return nil, err
	}
	return f.scratch[start:len(f.scratch):len(f.scratch)], nil
}

func (f *cborFrame) setPatches(ps []Patch) error {
	if len(ps) == 0 {
		return nil
	}
	nattrs := 0
	for i := range ps {
		if ps[i].Op > Attrs {
			return fmt.Errorf("patch %d: key %q: unknown op %d", i, ps[i].Key, ps[i].Op)
		}
		nattrs += len(ps[i].Attrs)
	}
	f.patches = grow(f.patches, len(ps))
	f.bodies = grow(f.bodies, len(ps))
	f.lists = grow(f.lists, len(ps))
	f.attrs = grow(f.attrs, nattrs)
	f.strs = grow(f.strs, nattrs)
	attrs, strs := f.attrs, f.strs
	for i := range ps {
		p := &ps[i]
		out := &f.patches[i]
		out.Op, out.Key = p.Op, validText(p.Key)
		switch p.Op {
		case Morph:
			f.bodies[i] = validText(p.HTML)
			out.Body = &f.bodies[i]
		case Text:
			f.bodies[i] = validText(p.Text)
			out.Body = &f.bodies[i]
		case Attrs:
			list := attrs[:len(p.Attrs):len(p.Attrs)]
			for j, a := range p.Attrs {
				list[j] = cborAttr{Name: validText(a.Name)}
				if !a.Remove {
					strs[j] = validText(a.Value)
					list[j].Value = &strs[j]
				}
			}
			attrs, strs = attrs[len(p.Attrs):], strs[len(p.Attrs):]
			if list == nil {
				list = []cborAttr{} // no attributes is [], not null
			}
			f.lists[i] = list
			out.Body = &f.lists[i]
		}
	}
	f.u.Patches = f.patches
	return nil
}

func (f *cborFrame) setList(ops []ListOp) error {
	if len(ops) == 0 {
		return nil
	}
	var n [Order + 1]int
	for i := range ops {
		op := &ops[i]
		switch {
		case op.Kind > Order:
			return fmt.Errorf("list op %d: key %q: unknown kind %d", i, op.Key, op.Kind)
		case (op.Kind == Insert || op.Kind == Move) && op.Pos > Append:
			return fmt.Errorf("list op %d: key %q: unknown position %d", i, op.Key, op.Pos)
		}
		n[op.Kind]++
	}
	f.list = grow(f.list, len(ops))
	f.removes = grow(f.removes, n[Remove])
	f.inserts = grow(f.inserts, n[Insert])
	f.moves = grow(f.moves, n[Move])
	f.orders = grow(f.orders, n[Order])
	var next [Order + 1]int
	for i := range ops {
		op := &ops[i]
		k := next[op.Kind]
		next[op.Kind]++
		switch op.Kind {
		case Remove:
			f.removes[k] = cborRemove{Kind: Remove, Key: validText(op.Key)}
			f.list[i] = &f.removes[k]
		case Insert:
			f.inserts[k] = cborInsert{Kind: Insert, Pos: op.Pos, Ref: validText(op.Ref), Key: validText(op.Key), HTML: validText(op.HTML)}
			f.list[i] = &f.inserts[k]
		case Move:
			f.moves[k] = cborMove{Kind: Move, Pos: op.Pos, Ref: validText(op.Ref), Key: validText(op.Key)}
			f.list[i] = &f.moves[k]
		case Order:
			f.orders[k] = cborOrder{Kind: Order, Ref: validText(op.Ref), Keys: validTexts(op.Keys)}
			if f.orders[k].Keys == nil {
				f.orders[k].Keys = []string{} // an empty order is [], not null
			}
			f.list[i] = &f.orders[k]
		}
	}
	f.u.List = f.list
	return nil
}

func (f *cborFrame) setEffects(fx *Effects) error {
	f.fx = cborEffects{
		Title:    validText(fx.Title),
		URL:      validText(fx.URL),
		Replace:  fx.Replace,
		Toast:    validText(fx.Toast),
		Announce: validText(fx.Announce),
		ScrollTo: validText(fx.ScrollTo),
		Download: validText(fx.Download),
		Focus:    validText(fx.Focus),
	}
	if len(fx.Flash) > 0 {
		flash, _ := validTextMap(fx.Flash)
		var err error
		if f.fx.Flash, err = f.appendValue(flash); err != nil {
			return fmt.Errorf("effects: %w", err)
		}
	}
	return nil
}

// grow returns s with length n, reusing its array when it is big enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// validText returns s, with each byte that is not part of a valid UTF-8
// sequence replaced by U+FFFD as in the JSON encoding: CBOR text must be
// UTF-8, and the browser's decoder refuses anything else.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
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

// validTexts returns ss, or a copy with its strings made valid.
func validTexts(ss []string) []string {
	for i, s := range ss {
		if !utf8.ValidString(s) {
			out := append([]string(nil), ss...)
			for j := i; j < len(out); j++ {
				out[j] = validText(out[j])
			}
			return out
		}
	}
	return ss
}

// validTextMap returns m, or a copy with its keys and values made valid
// and true.
func validTextMap(m map[string]string) (map[string]string, bool) {
	for k, v := range m {
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			out := make(map[string]string, len(m))
			for k, v := range m {
				out[validText(k)] = validText(v)
			}
			return out, true
		}
	}
	return m, false
}

// cborMap returns m ready for the CBOR encoder (see cborValue) and
// whether that took a copy, or an error naming the first value the JSON
// encoding would refuse too.
func cborMap(m map[string]any, depth int) (map[string]any, bool, error) {
	var out map[string]any // a copy, made at the first change
	for k, v := range m {
		w, changed, err := cborValue(v, depth+1)
		if err != nil {
			return nil, false, fmt.Errorf("%q: %w", k, err)
		}
		vk := validText(k)
		if out == nil && (changed || vk != k) {
			out = maps.Clone(m)
		}
		if out != nil {
			delete(out, k)
			out[vk] = w
		}
	}
	if out == nil {
		return m, false, nil
	}
	return out, true, nil
}

// cborValue returns a signal value the CBOR encoder writes as the JSON
// encoding writes v, so both encodings carry the same value, and whether
// it differs from v. The types the JSON encoder writes by hand pass
// through (a float32 as the number JSON shows, strings made valid
// UTF-8); anything else is marshalled to JSON and decoded back into
// plain values (struct tags, MarshalJSON methods and all). It refuses
// what the JSON encoder refuses: NaN, infinities and nesting deeper than
// maxDepth.
func cborValue(v any, depth int) (any, bool, error) {
	if depth > maxDepth {
		return nil, false, fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v, false, nil
	case string:
		w := validText(v)
		return w, w != v, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, false, fmt.Errorf("unsupported number %v", v)
		}
		return v, false, nil
	case float32:
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false, fmt.Errorf("unsupported number %v", f)
		}
		// The number JSON shows for v: 0.1, not 0.10000000149011612.
		f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', -1, 32), 64)
		return f, true, nil
	case []string:
		w := validTexts(v)
		return w, len(w) > 0 && &w[0] != &v[0], nil
	case map[string]string:
		w, changed := validTextMap(v)
		return w, changed, nil
	case []any:
		var out []any // a copy, made at the first change
		for i, e := range v {
			w, changed, err := cborValue(e, depth+1)
			if err != nil {
				return nil, false, fmt.Errorf("[%d]: %w", i, err)
			}
			if out == nil && changed {
				out = slices.Clone(v)
			}
			if out != nil {
				out[i] = w
			}
		}
		if out == nil {
			return v, false, nil
		}
		return out, true, nil
	case map[string]any:
		if v == nil {
			return v, false, nil
		}
		return cborMap(v, depth)
	}
	b, err := appendMarshalJSON(nil, v)
	if err != nil {
		return nil, false, err
	}
	var g any
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, false, err
	}
	w, _, err := cborValue(g, depth)
	return w, true, err
}

// cborDecoder accepts what the encoder produces and the little more a
// CBOR writer might reasonably emit (longer integer heads, any float
// width); tags, indefinite lengths, duplicate keys, NaN and infinities
// are refused.
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
