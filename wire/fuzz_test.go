package wire_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tetherui/tether/wire"
)

func FuzzDecodeEvent(f *testing.F) {
	for _, s := range []string{
		`{"t":"click","a":"increment","i":5}`,
		`{"t":"connect","d":{"session":"abc","seq":12}}`,
		`{"t":"submit","a":"save","d":{"name":"Ada","tags":["a","b"],"none":[],"agree":true,"n":-1.5e3},"i":18446744073709551615}`,
		`{"t":"input","d":{"v":"<b>\"x\"</b>\u00e9\n\u2028\ud800"}}`,
		`{"a":"x","d":{"o":{"x":1}}}`,
		`{"a":"x","d":{"l":["a",1]}}`,
		`{"a":"x","i":-1}`,
		`{"t":"click"} x`,
		`{"d":{}}`,
		`[{"t":"click"}]`,
		"{\"a\":\"\xff\xfe\"}",
		`{"a":"x","d":{"n":-0,"m":1e308,"k":5e-324}}`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := wire.DecodeEvent(b, 0)
		if err != nil {
			if !errors.Is(err, wire.ErrMalformedEvent) && !errors.Is(err, wire.ErrEventTooLarge) {
				t.Fatalf("error %v wraps neither sentinel", err)
			}
			return
		}
		if ev.Type == "" && ev.Action == "" {
			t.Fatal("accepted an event with neither type nor action")
		}
		out, err := wire.EncodeEvent(ev)
		if err != nil {
			t.Fatalf("decoded event %#v does not encode: %v", ev, err)
		}
		again, err := wire.DecodeEvent(out, len(out))
		if err != nil {
			t.Fatalf("re-encoded %q does not decode: %v", out, err)
		}
		if !reflect.DeepEqual(again, ev) {
			t.Fatalf("round trip changed the event\n got %#v\nwant %#v", again, ev)
		}
	})
}

func FuzzDecodeUpdate(f *testing.F) {
	for _, tc := range roundTrips {
		if len(tc.u.Root) > 1000 || len(tc.u.Patches) > 0 && len(tc.u.Patches[len(tc.u.Patches)-1].HTML) > 1000 {
			continue // keep the corpus small
		}
		for _, fm := range formats {
			b, err := fm.Encoder().Encode(nil, &tc.u)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(uint8(fm), b)
		}
	}
	for _, s := range []string{
		`{"s":1,"l":[[1,0,"r","k"]]}`,
		`{"s":1,"g":{"x":[[[{}]]]}}`,
		`{"s":1,"g":{"x":` + strings.Repeat("[", 64) + strings.Repeat("]", 64) + `}}`,
		`{"s":1,"g":{"x":` + strings.Repeat("[", 65) + strings.Repeat("]", 65) + `}}`,
		`{"s":1,"g":{"x":18446744073709551616,"y":-0,"z":1e-400}}`,
		`{"s":1,"p":[[256,"k","x"]]}`,
		`{"s":1,"e":"\ud800\u2028"}`,
		`{}`,
	} {
		f.Add(uint8(wire.JSON), []byte(s))
	}
	f.Fuzz(func(t *testing.T, format uint8, b []byte) {
		fm := wire.Format(format % 3) // 0 (unset, as JSON), JSON, CBOR
		u, err := wire.Decode(fm, b)
		if err != nil {
			return
		}
		// What decodes must encode, in either format, and decode again
		// to the same update.
		for _, to := range formats {
			out, err := to.Encoder().Encode(nil, u)
			if err != nil {
				t.Fatalf("decoded %+v does not encode as %s: %v", u, to, err)
			}
			again, err := wire.Decode(to, out)
			if err != nil {
				t.Fatalf("%s %q does not decode: %v", to, out, err)
			}
			if !reflect.DeepEqual(again, u) {
				t.Fatalf("%s round trip changed the update\n got %#v\nwant %#v", to, again, u)
			}
		}
	})
}
