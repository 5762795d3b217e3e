package wire

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tetherui/tether/internal/protocol"
)

// TestCBORKeys checks the struct tags of the CBOR shape against the
// protocol's key constants, in the order of the JSON encoding.
func TestCBORKeys(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want []string
	}{
		{cborUpdate{}, []string{protocol.KeySeq, protocol.KeyAck, protocol.KeySession, protocol.KeyReload, protocol.KeyError,
			protocol.KeyRoot, protocol.KeyList, protocol.KeyPatches, protocol.KeySignals, protocol.KeyEffects}},
		{cborEffects{}, []string{protocol.EffectTitle, protocol.EffectURL, protocol.EffectReplace, protocol.EffectToast,
			protocol.EffectFlash, protocol.EffectAnnounce, protocol.EffectScroll, protocol.EffectDownload, protocol.EffectFocus}},
	} {
		typ := reflect.TypeOf(tc.v)
		var got []string
		for i := range typ.NumField() {
			got = append(got, strings.Split(typ.Field(i).Tag.Get("cbor"), ",")[0])
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s keys %q, want %q", typ, got, tc.want)
		}
	}
}

// TestCBORNumbers checks the bytes of signal numbers: integers and
// floats in their shortest exact form.
func TestCBORNumbers(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want []byte
	}{
		{-1, []byte{0x20}},
		{int64(math.MinInt64), []byte{0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{uint64(math.MaxUint64), []byte{0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{3.0, []byte{0xf9, 0x42, 0x00}},
		{1.5, []byte{0xf9, 0x3e, 0x00}},
		{float32(0.5), []byte{0xf9, 0x38, 0x00}},
		{100000.0, []byte{0xfa, 0x47, 0xc3, 0x50, 0x00}},
		{0.1, []byte{0xfb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a}},
		{float32(0.1), []byte{0xfb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a}},
		{math.Copysign(0, -1), []byte{0xf9, 0x80, 0x00}},
	} {
		b, err := cborEncoder{}.Encode(nil, &Update{Signals: map[string]any{"n": tc.v}})
		// {"s": 0, "g": {"n": v}}
		prefix := []byte{0xa2, 0x61, 's', 0x00, 0x61, 'g', 0xa1, 0x61, 'n'}
		if err != nil || !bytes.Equal(b, append(prefix, tc.want...)) {
			t.Errorf("%v: got %x, %v; want %x%x", tc.v, b, err, prefix, tc.want)
		}
	}
}

// TestCBOREmptyLists checks empty attribute and key lists are written as
// empty arrays, never null, whatever a pooled frame held before.
func TestCBOREmptyLists(t *testing.T) {
	u := &Update{Seq: 1,
		List:    []ListOp{{Kind: Order, Ref: "r"}},
		Patches: []Patch{{Op: Attrs, Key: "k"}},
	}
	// {"s": 1, "l": [[3, "r", []]], "p": [[2, "k", []]]}
	want := []byte{0xa3, 0x61, 's', 0x01, 0x61, 'l', 0x81, 0x83, 0x03, 0x61, 'r', 0x80,
		0x61, 'p', 0x81, 0x83, 0x02, 0x61, 'k', 0x80}
	var f cborFrame // fresh, as from an empty pool
	b, err := f.encode(nil, u)
	if err != nil || !bytes.Equal(b, want) {
		t.Errorf("got %x, %v; want %x", b, err, want)
	}
}
