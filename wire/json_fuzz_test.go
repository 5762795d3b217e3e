package wire_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/tetherui/tether/internal/protocol"
	"github.com/tetherui/tether/wire"
)

// FuzzJSONMatchesEncodingJSON builds whole updates from the fuzzer's
// bytes, encodes them with the hand-written JSON encoder, and checks the
// result decodes (with encoding/json) to exactly what encoding/json's
// own encoding of the equivalent map decodes to: same keys, same
// strings after UTF-8 repair, same number literals.
func FuzzJSONMatchesEncodingJSON(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x02\x01\x01\x05count\x08Count: 1"))
	f.Add([]byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"))
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f<\"\\\u2028\xed\xa0\x80\xc0\x00\x7f</script>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		u := r.update()
		ours, err := wire.JSON.Encoder().Encode(nil, u)
		if err != nil {
			t.Fatalf("encode %#v: %v", u, err)
		}
		if !utf8.Valid(ours) {
			t.Fatalf("not UTF-8: %q", ours)
		}
		got := decodeGeneric(t, ours)
		ref, err := json.Marshal(reference(u))
		if err != nil {
			t.Fatal(err)
		}
		if want := decodeGeneric(t, ref); !reflect.DeepEqual(got, want) {
			t.Fatalf("ours and encoding/json differ\n ours %s\n json %s", ours, ref)
		}
	})
}

func decodeGeneric(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%q is not JSON: %v", b, err)
	}
	if dec.More() {
		t.Fatalf("%q: data after the value", b)
	}
	return v
}

// reference is the update as the map docs/protocol.md describes, for
// encoding/json to encode.
func reference(u *wire.Update) map[string]any {
	m := map[string]any{protocol.KeySeq: u.Seq}
	if u.Ack != 0 {
		m[protocol.KeyAck] = u.Ack
	}
	if u.Session != "" {
		m[protocol.KeySession] = u.Session
	}
	if u.Reload {
		m[protocol.KeyReload] = true
	}
	if u.Error != "" {
		m[protocol.KeyError] = u.Error
	}
	if u.RootSet {
		m[protocol.KeyRoot] = u.Root
	}
	if len(u.List) > 0 {
		var l []any
		for _, op := range u.List {
			switch op.Kind {
			case wire.Remove:
				l = append(l, []any{op.Kind, op.Key})
			case wire.Insert:
				l = append(l, []any{op.Kind, op.Pos, op.Ref, op.Key, op.HTML})
			case wire.Move:
				l = append(l, []any{op.Kind, op.Pos, op.Ref, op.Key})
			case wire.Order:
				l = append(l, []any{op.Kind, op.Ref, append([]string{}, op.Keys...)})
			}
		}
		m[protocol.KeyList] = l
	}
	if len(u.Patches) > 0 {
		var p []any
		for _, pt := range u.Patches {
			switch pt.Op {
			case wire.Morph:
				p = append(p, []any{pt.Op, pt.Key, pt.HTML})
			case wire.Text:
				p = append(p, []any{pt.Op, pt.Key, pt.Text})
			case wire.Attrs:
				attrs := []any{}
				for _, a := range pt.Attrs {
					if a.Remove {
						attrs = append(attrs, []any{a.Name, nil})
					} else {
						attrs = append(attrs, []any{a.Name, a.Value})
					}
				}
				p = append(p, []any{pt.Op, pt.Key, attrs})
			}
		}
		m[protocol.KeyPatches] = p
	}
	if len(u.Signals) > 0 {
		m[protocol.KeySignals] = u.Signals
	}
	fx := u.Effects
	if fx.Any() || fx.Replace {
		e := map[string]any{}
		for k, v := range map[string]string{
			protocol.EffectTitle: fx.Title, protocol.EffectURL: fx.URL, protocol.EffectToast: fx.Toast,
			protocol.EffectAnnounce: fx.Announce, protocol.EffectScroll: fx.ScrollTo,
			protocol.EffectDownload: fx.Download, protocol.EffectFocus: fx.Focus,
		} {
			if v != "" {
				e[k] = v
			}
		}
		if fx.Replace {
			e[protocol.EffectReplace] = true
		}
		if len(fx.Flash) > 0 {
			e[protocol.EffectFlash] = fx.Flash
		}
		m[protocol.KeyEffects] = e
	}
	return m
}

// fuzzReader turns fuzzer bytes into values; past the end it yields
// zeros.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fuzzReader) uint64() uint64 {
	var buf [8]byte
	n := int(r.byte() % 9)
	for i := range n {
		buf[8-n+i] = r.byte()
	}
	return binary.BigEndian.Uint64(buf[:])
}

// string returns up to 63 raw bytes: any byte, valid UTF-8 or not.
func (r *fuzzReader) string() string {
	n := min(int(r.byte()%64), len(r.b))
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *fuzzReader) update() *wire.Update {
	u := &wire.Update{Seq: r.uint64(), Ack: r.uint64()}
	flags := r.byte()
	if flags&1 != 0 {
		u.Session = r.string()
	}
	u.Reload = flags&2 != 0
	if flags&4 != 0 {
		u.Error = r.string()
	}
	if flags&8 != 0 {
		u.Root, u.RootSet = r.string(), true
	}
	for range r.byte() % 8 {
		u.List = append(u.List, r.listOp())
	}
	for range r.byte() % 8 {
		u.Patches = append(u.Patches, r.patch())
	}
	if n := r.byte() % 6; n > 0 {
		u.Signals = map[string]any{}
		for range n {
			u.Signals[r.string()] = r.value(0)
		}
	}
	if flags&16 != 0 {
		u.Effects = wire.Effects{Title: r.string(), URL: r.string(), Replace: flags&32 != 0, Toast: r.string(),
			Announce: r.string(), ScrollTo: r.string(), Download: r.string(), Focus: r.string()}
		for range r.byte() % 4 {
			if u.Effects.Flash == nil {
				u.Effects.Flash = map[string]string{}
			}
			u.Effects.Flash[r.string()] = r.string()
		}
	}
	return u
}

func (r *fuzzReader) listOp() wire.ListOp {
	op := wire.ListOp{Kind: wire.ListOpKind(r.byte() % 4), Pos: wire.Pos(r.byte() % 4), Ref: r.string(), Key: r.string()}
	switch op.Kind {
	case wire.Insert:
		op.HTML = r.string()
	case wire.Order:
		for range r.byte() % 5 {
			op.Keys = append(op.Keys, r.string())
		}
	}
	return op
}

func (r *fuzzReader) patch() wire.Patch {
	p := wire.Patch{Op: wire.PatchOp(r.byte() % 3), Key: r.string()}
	switch p.Op {
	case wire.Morph:
		p.HTML = r.string()
	case wire.Text:
		p.Text = r.string()
	case wire.Attrs:
		for range r.byte() % 4 {
			b := r.byte()
			p.Attrs = append(p.Attrs, wire.Attr{Name: r.string(), Value: r.string(), Remove: b&1 != 0})
		}
	}
	return p
}

// value returns a signal value of one of the types the encoder writes by
// hand, or a struct it leaves to encoding/json.
func (r *fuzzReader) value(depth int) any {
	kind := r.byte() % 16
	if depth >= 4 && kind >= 12 {
		kind = 0
	}
	switch kind {
	case 0:
		return nil
	case 1:
		return r.string()
	case 2:
		return r.byte()&1 != 0
	case 3:
		return int64(r.uint64())
	case 4:
		return r.uint64()
	case 5:
		return int32(r.uint64())
	case 6, 7:
		f := math.Float64frombits(r.uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0.0
		}
		return f
	case 8:
		f := math.Float32frombits(uint32(r.uint64()))
		if f != f || math.IsInf(float64(f), 0) {
			return float32(0)
		}
		return f
	case 9:
		return []string{r.string(), r.string()}
	case 10:
		return map[string]string{r.string(): r.string()}
	case 11:
		return struct {
			A string `json:"a"`
			B int    `json:"b,omitempty"`
		}{r.string(), int(r.byte())}
	case 12, 13:
		l := []any{}
		for range r.byte() % 4 {
			l = append(l, r.value(depth+1))
		}
		return l
	}
	m := map[string]any{}
	for range r.byte() % 4 {
		m[r.string()] = r.value(depth + 1)
	}
	return m
}
