package wire_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fxamacker/cbor/v2"
	"github.com/tetherui/tether/wire"
)

var formats = []wire.Format{wire.JSON, wire.CBOR}

func counter() *wire.Update {
	return &wire.Update{Seq: 2, Ack: 1, Patches: []wire.Patch{{Op: wire.Text, Key: "count", Text: "Count: 1"}}}
}

// roundTrips are updates that survive Encode→Decode unchanged in both
// formats.
var roundTrips = []struct {
	name string
	u    wire.Update
}{
	{"zero", wire.Update{}},
	{"counter", *counter()},
	{"max seq and ack", wire.Update{Seq: math.MaxUint64, Ack: math.MaxUint64}},
	{"boundary integers", wire.Update{Seq: 23, Ack: 24}},
	{"seq 255 256", wire.Update{Seq: 255, Ack: 256}},
	{"seq 65536", wire.Update{Seq: 65535, Ack: 65536}},
	{"seq 1<<32", wire.Update{Seq: 1<<32 - 1, Ack: 1 << 32}},
	{"session", wire.Update{Seq: 1, Session: "s3cr3t-ID_42"}},
	{"reload", wire.Update{Reload: true}},
	{"error", wire.Update{Seq: 9, Ack: 4, Error: "too many events: slow down"}},
	{"reload and error", wire.Update{Reload: true, Error: "session expired"}},
	{"empty root", wire.Update{Seq: 3, RootSet: true}},
	{"root", wire.Update{Seq: 3, RootSet: true, Root: "<p class=\"x\">a &amp; b < c</p>\n<ul data-tether-key=\"l\"></ul>"}},
	{"awkward text", wire.Update{Seq: 1, Patches: []wire.Patch{
		{Op: wire.Text, Key: "t", Text: "quote \" backslash \\ nul \x00 bell \x07 tab \t cr \r nl \n del \x7f"},
		{Op: wire.Text, Key: "u", Text: "line\u2028para\u2029 é 日本 🎉 \ufffd"},
		{Op: wire.Text, Key: "", Text: ""},
	}}},
	{"long strings", wire.Update{Seq: 1, Patches: []wire.Patch{
		{Op: wire.Morph, Key: "a", HTML: "<p>" + strings.Repeat("x", 300) + "</p>"},
		{Op: wire.Morph, Key: "b", HTML: "<p>" + strings.Repeat("y", 70000) + "</p>"},
	}}},
	{"patches", wire.Update{Seq: 5, Ack: 3, Patches: []wire.Patch{
		{Op: wire.Morph, Key: "row-1", HTML: `<tr data-tether-key="row-1"><td>1</td></tr>`},
		{Op: wire.Text, Key: "count", Text: "Count: <1>"},
		{Op: wire.Attrs, Key: "box", Attrs: []wire.Attr{
			{Name: "class", Value: "a & b"},
			{Name: "hidden", Remove: true},
			{Name: "value", Value: ""},
		}},
		{Op: wire.Attrs, Key: "none"},
	}}},
	{"list ops", wire.Update{Seq: 6, List: []wire.ListOp{
		{Kind: wire.Remove, Key: "r1"},
		{Kind: wire.Insert, Key: "r9", Pos: wire.Before, Ref: "r2", HTML: `<li data-tether-key="r9">9</li>`},
		{Kind: wire.Insert, Key: "r8", Pos: wire.After, Ref: "r2", HTML: "<li>8</li>"},
		{Kind: wire.Insert, Key: "r7", Pos: wire.Prepend, Ref: "list", HTML: "<li>7</li>"},
		{Kind: wire.Insert, Key: "r6", Pos: wire.Append, HTML: "<li>6</li>"},
		{Kind: wire.Move, Key: "r3", Pos: wire.Before, Ref: "r2"},
		{Kind: wire.Move, Key: "r4", Pos: wire.Prepend},
		{Kind: wire.Move, Key: "r5", Pos: wire.Append, Ref: "list"},
		{Kind: wire.Order, Ref: "list", Keys: []string{"r5", "r3", "r4"}},
	}}},
	{"signals", wire.Update{Seq: 7, Signals: map[string]any{
		"name":    "Ada <Lovelace>",
		"count":   42.0,
		"ratio":   0.1,
		"neg":     -3.0,
		"half":    -0.5,
		"big":     1e300,
		"tiny":    1e-9,
		"on":      true,
		"off":     false,
		"none":    nil,
		"list":    []any{"a", 1.0, true, nil, []any{}},
		"obj":     map[string]any{"x": 1.5, "y": map[string]any{"z": "deep"}},
		"":        "empty key",
		"k\"\\\n": "escaped key",
	}}},
	{"one signal", wire.Update{Seq: 8, Signals: map[string]any{"progress": 0.75}}},
	{"effects", wire.Update{Seq: 9, Effects: wire.Effects{
		Title:    "Inbox (3)",
		URL:      "/inbox?page=2&sort=new",
		Replace:  true,
		Toast:    "Saved",
		Flash:    map[string]string{"#name": "required", ".email": "invalid", "": ""},
		Announce: "3 new messages",
		ScrollTo: "#top",
		Download: "/export.csv",
	}}},
	{"one effect", wire.Update{Seq: 10, Effects: wire.Effects{Toast: "Hi"}}},
	{"replace only", wire.Update{Seq: 10, Effects: wire.Effects{Replace: true}}},
	{"everything", wire.Update{
		Seq: 11, Ack: 7, Session: "sid", Reload: true, Error: "oops", RootSet: true, Root: "<div></div>",
		List:    []wire.ListOp{{Kind: wire.Remove, Key: "x"}},
		Patches: []wire.Patch{{Op: wire.Text, Key: "t", Text: "hi"}},
		Signals: map[string]any{"s": "v"},
		Effects: wire.Effects{Title: "T", Flash: map[string]string{"#a": "b"}},
	}},
}

func TestRoundTrip(t *testing.T) {
	for _, f := range formats {
		for _, tc := range roundTrips {
			t.Run(f.String()+"/"+tc.name, func(t *testing.T) {
				b, err := f.Encoder().Encode(nil, &tc.u)
				if err != nil {
					t.Fatal(err)
				}
				checkWellFormed(t, f, b)
				got, err := wire.Decode(f, b)
				if err != nil {
					t.Fatalf("decode %q: %v", b, err)
				}
				if !reflect.DeepEqual(*got, tc.u) {
					t.Errorf("round trip changed the update\n got %#v\nwant %#v\nwire %q", *got, tc.u, b)
				}
				again, err := f.Encoder().Encode(nil, got)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again, b) {
					t.Errorf("encoding is not deterministic:\n%q\n%q", b, again)
				}
			})
		}
	}
}

// checkWellFormed checks b is one valid data item with no tags and no
// indefinite lengths (CBOR) or valid JSON text.
func checkWellFormed(t *testing.T, f wire.Format, b []byte) {
	t.Helper()
	switch f {
	case wire.JSON:
		if !json.Valid(b) || !utf8.Valid(b) {
			t.Fatalf("invalid JSON %q", b)
		}
	case wire.CBOR:
		dm, err := cbor.DecOptions{
			TagsMd:          cbor.TagsForbidden,
			IndefLength:     cbor.IndefLengthForbidden,
			DupMapKey:       cbor.DupMapKeyEnforcedAPF,
			MaxNestedLevels: 256,
		}.DecMode()
		if err != nil {
			t.Fatal(err)
		}
		if err := dm.Wellformed(b); err != nil {
			t.Fatalf("ill-formed CBOR %x: %v", b, err)
		}
		var v any
		if err := dm.Unmarshal(b, &v); err != nil {
			t.Fatalf("CBOR %x: %v", b, err)
		}
	}
}

func TestCounterJSON(t *testing.T) {
	b, err := wire.JSON.Encoder().Encode(nil, counter())
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"s":2,"a":1,"p":[[1,"count","Count: 1"]]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if len(b) > 64 {
		t.Errorf("counter update is %d bytes, budget 64", len(b))
	}
}

func TestCounterCBOR(t *testing.T) {
	b, err := wire.CBOR.Encoder().Encode(nil, counter())
	if err != nil {
		t.Fatal(err)
	}
	// {"s": 2, "a": 1, "p": [[1, "count", "Count: 1"]]}
	want := []byte{0xa3, 0x61, 's', 0x02, 0x61, 'a', 0x01, 0x61, 'p', 0x81, 0x83, 0x01,
		0x65, 'c', 'o', 'u', 'n', 't', 0x68, 'C', 'o', 'u', 'n', 't', ':', ' ', '1'}
	if !bytes.Equal(b, want) {
		t.Errorf("got  %x\nwant %x", b, want)
	}
}

func TestJSONShapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    wire.Update
		want string
	}{
		{"zero", wire.Update{}, `{"s":0}`},
		{"reload", wire.Update{Reload: true, Error: "gone"}, `{"s":0,"rl":true,"e":"gone"}`},
		{"session", wire.Update{Seq: 1, Session: "x"}, `{"s":1,"id":"x"}`},
		{"root", wire.Update{Seq: 1, RootSet: true, Root: `<a href="/">&</a>`}, `{"s":1,"r":"<a href=\"/\">&</a>"}`},
		{"morph", wire.Update{Seq: 1, Patches: []wire.Patch{{Op: wire.Morph, Key: "k", HTML: "<b>x</b>"}}},
			`{"s":1,"p":[[0,"k","<b>x</b>"]]}`},
		{"attrs", wire.Update{Seq: 1, Patches: []wire.Patch{{Op: wire.Attrs, Key: "k", Attrs: []wire.Attr{{Name: "class", Value: "on"}, {Name: "hidden", Remove: true}}}}},
			`{"s":1,"p":[[2,"k",[["class","on"],["hidden",null]]]]}`},
		{"list", wire.Update{Seq: 1, List: []wire.ListOp{
			{Kind: wire.Remove, Key: "a", Pos: wire.Append, Ref: "ignored", HTML: "ignored"},
			{Kind: wire.Insert, Key: "b", Pos: wire.After, Ref: "c", HTML: "<li>b</li>"},
			{Kind: wire.Move, Key: "d", Pos: wire.Append, HTML: "ignored"},
		}}, `{"s":1,"l":[[0,"a"],[1,1,"c","b","<li>b</li>"],[2,3,"","d"]]}`},
		{"signals sorted", wire.Update{Seq: 1, Signals: map[string]any{"b": 2, "a": "<x>", "c": []string{"p", "q"}}},
			`{"s":1,"g":{"a":"<x>","b":2,"c":["p","q"]}}`},
		{"effects in order", wire.Update{Seq: 1, Effects: wire.Effects{
			Download: "/f", ScrollTo: "#s", Announce: "n", Flash: map[string]string{"#b": "2", "#a": "1"},
			Toast: "t", Replace: true, URL: "/u", Title: "T",
		}}, `{"s":1,"fx":{"title":"T","url":"/u","replace":true,"toast":"t","flash":{"#a":"1","#b":"2"},"announce":"n","scroll":"#s","download":"/f"}}`},
		{"escapes", wire.Update{Seq: 1, Error: "\"\\\n\r\t\x00\x1f\u2028\u2029<>&\x7f"},
			`{"s":1,"e":"\"\\\n\r\t\u0000\u001f\u2028\u2029<>&` + "\x7f" + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := wire.JSON.Encoder().Encode(nil, &tc.u)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.want {
				t.Errorf("got  %s\nwant %s", b, tc.want)
			}
		})
	}
}

// TestMorphFraming checks the bytes a morph patch costs beyond its HTML.
func TestMorphFraming(t *testing.T) {
	html := `<li data-tether-key="row-17"><span>Row 17</span></li>`
	u := &wire.Update{Seq: 12, Ack: 3, Patches: []wire.Patch{{Op: wire.Morph, Key: "row-17", HTML: html}}}
	base, _ := wire.JSON.Encoder().Encode(nil, &wire.Update{Seq: 12, Ack: 3})
	b, err := wire.JSON.Encoder().Encode(nil, u)
	if err != nil {
		t.Fatal(err)
	}
	quotes := strings.Count(html, `"`)
	if framing := len(b) - len(base) - len(html) - quotes; framing > 40 {
		t.Errorf("morph patch framing is %d bytes, budget 40: %s", framing, b)
	}
	two, _ := wire.JSON.Encoder().Encode(nil, &wire.Update{Seq: 12, Ack: 3, Patches: []wire.Patch{u.Patches[0], u.Patches[0]}})
	if framing := len(two) - len(b) - len(html) - quotes; framing > 40 {
		t.Errorf("second morph patch framing is %d bytes, budget 40", framing)
	}
}

// TestSignalValues checks values of other types decode as encoding/json
// would decode them, identically in both formats.
func TestSignalValues(t *testing.T) {
	type point struct {
		X   int    `json:"x"`
		Y   int    `json:"y,omitempty"`
		Tag string `json:"tag"`
	}
	for _, tc := range []struct {
		name string
		in   any
		want any
	}{
		{"int", 5, 5.0},
		{"int8", int8(-8), -8.0},
		{"int16", int16(-300), -300.0},
		{"int32", int32(1 << 30), float64(1 << 30)},
		{"int64 min", int64(math.MinInt64), float64(math.MinInt64)},
		{"uint", uint(7), 7.0},
		{"uint8", uint8(255), 255.0},
		{"uint16", uint16(65535), 65535.0},
		{"uint32", uint32(1 << 31), float64(1 << 31)},
		{"uint64 max", uint64(math.MaxUint64), float64(math.MaxUint64)},
		{"float32", float32(1.5), 1.5},
		{"float32 shortest", float32(0.1), 0.1},
		{"negative zero", math.Copysign(0, -1), math.Copysign(0, -1)},
		{"2^53", float64(1 << 53), float64(1 << 53)},
		{"2^53+2", float64(1<<53 + 2), float64(1<<53 + 2)},
		{"1e21", 1e21, 1e21},
		{"smallest", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64},
		{"json number", json.Number("12.5"), 12.5},
		{"strings", []string{"a", "<b>"}, []any{"a", "<b>"}},
		{"nil strings", []string(nil), nil},
		{"nil list", []any(nil), nil},
		{"nil map", map[string]any(nil), nil},
		{"string map", map[string]string{"k": "v"}, map[string]any{"k": "v"}},
		{"nil string map", map[string]string(nil), nil},
		{"struct", point{X: 1, Tag: "<&>"}, map[string]any{"x": 1.0, "tag": "<&>"}},
		{"struct pointer", &point{X: 2, Y: 3}, map[string]any{"x": 2.0, "y": 3.0, "tag": ""}},
		{"int slice", []int{1, 2}, []any{1.0, 2.0}},
		{"bytes", []byte("hi"), "aGk="},
		{"nested struct", []any{point{X: 1}}, []any{map[string]any{"x": 1.0, "tag": ""}}},
		{"raw", json.RawMessage(`{"b":[1,"<"]}`), map[string]any{"b": []any{1.0, "<"}}},
	} {
		for _, f := range formats {
			t.Run(f.String()+"/"+tc.name, func(t *testing.T) {
				u := &wire.Update{Seq: 1, Signals: map[string]any{"v": tc.in}}
				b, err := f.Encoder().Encode(nil, u)
				if err != nil {
					t.Fatal(err)
				}
				checkWellFormed(t, f, b)
				got, err := wire.Decode(f, b)
				if err != nil {
					t.Fatalf("decode %q: %v", b, err)
				}
				v := got.Signals["v"]
				if !reflect.DeepEqual(v, tc.want) {
					t.Errorf("got %#v, want %#v (wire %q)", v, tc.want, b)
				}
				if f, ok := v.(float64); ok && math.Signbit(f) != math.Signbit(tc.want.(float64)) {
					t.Errorf("sign lost: got %v", f)
				}
			})
		}
	}
}

func TestJSONNumbersMatchEncodingJSON(t *testing.T) {
	for _, v := range []any{0.0, 1.0, -1.5, 0.1, 1e-6, 1e-7, 123456789e-15, 1e20, 1e21, 1.5e300, -2.5e-300,
		float32(1e-7), float32(3.4e38), float32(1e21), float32(0.3), math.MaxFloat64, math.SmallestNonzeroFloat64} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b, err := wire.JSON.Encoder().Encode(nil, &wire.Update{Signals: map[string]any{"n": v}})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSuffix(strings.TrimPrefix(string(b), `{"s":0,"g":{"n":`), "}}"); got != string(want) {
			t.Errorf("%v: got %s, encoding/json %s", v, got, want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	loop := []any{nil}
	loop[0] = loop
	deep := any("leaf")
	for range 100 {
		deep = []any{deep}
	}
	for _, tc := range []struct {
		name string
		u    wire.Update
		want string
	}{
		{"unknown op", wire.Update{Patches: []wire.Patch{{}, {Op: 3, Key: "k"}}}, `patch 1: key "k": unknown op 3`},
		{"unknown kind", wire.Update{List: []wire.ListOp{{Kind: 9, Key: "k"}}}, `list op 0: key "k": unknown kind 9`},
		{"unknown position", wire.Update{List: []wire.ListOp{{Kind: wire.Move, Key: "k", Pos: 4}}}, `list op 0: key "k": unknown position 4`},
		{"NaN", wire.Update{Signals: map[string]any{"x": math.NaN()}}, `signals: "x": unsupported number NaN`},
		{"Inf", wire.Update{Signals: map[string]any{"x": []any{math.Inf(1)}}}, `signals: "x": [0]: unsupported number +Inf`},
		{"float32 Inf", wire.Update{Signals: map[string]any{"x": float32(math.Inf(-1))}}, `signals: "x": unsupported number -Inf`},
		{"cycle", wire.Update{Signals: map[string]any{"x": loop}}, `nested deeper than 64 levels`},
		{"too deep", wire.Update{Signals: map[string]any{"x": deep, "y": 1}}, `nested deeper than 64 levels`},
		{"channel", wire.Update{Signals: map[string]any{"x": make(chan int)}}, `signals: "x": json: unsupported type: chan int`},
	} {
		for _, f := range formats {
			t.Run(f.String()+"/"+tc.name, func(t *testing.T) {
				dst := []byte("prefix")
				out, err := f.Encoder().Encode(dst, &tc.u)
				if err == nil {
					t.Fatalf("no error; encoded %q", out)
				}
				if !strings.HasPrefix(err.Error(), "tether: encode update: "+f.String()+": ") || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q, want it to contain %q", err, tc.want)
				}
				if string(out) != "prefix" {
					t.Errorf("dst changed to %q", out)
				}
			})
		}
	}
}

// TestSignalDepth checks Encode and Decode agree on how deeply a signal
// value may nest.
func TestSignalDepth(t *testing.T) {
	nest := func(n int, leaf any) any {
		v := leaf
		for range n {
			v = []any{v}
		}
		return v
	}
	for _, f := range formats {
		for _, tc := range []struct {
			v  any
			ok bool
		}{
			{nest(63, "x"), true},
			{nest(64, "x"), false},
			{nest(63, []any{}), true},
			{nest(63, map[string]any{}), true},
			{nest(63, map[string]any{"k": 1.0}), false},
			{nest(64, []any{}), false},
		} {
			u := &wire.Update{Seq: 1, Signals: map[string]any{"v": tc.v}}
			b, err := f.Encoder().Encode(nil, u)
			if (err == nil) != tc.ok {
				t.Fatalf("%s: encode: %v, want ok=%v", f, err, tc.ok)
			}
			if !tc.ok {
				continue
			}
			got, err := wire.Decode(f, b)
			if err != nil || !reflect.DeepEqual(got, u) {
				t.Fatalf("%s: decode: %v", f, err)
			}
			// One level more must fail to decode as it fails to encode.
			var deeper []byte
			switch f {
			case wire.JSON:
				deeper = bytes.Replace(b, []byte(`{"v":`), []byte(`{"v":[`), 1)
				deeper = append(deeper[:len(deeper)-2], "]}}"...)
			case wire.CBOR:
				deeper = bytes.Replace(b, []byte{0x61, 'v'}, []byte{0x61, 'v', 0x81}, 1)
			}
			if u, err := wire.Decode(f, deeper); err == nil {
				t.Errorf("%s: decoded %q, nested too deeply to encode, as %+v", f, deeper, u)
			}
		}
	}
}

func TestEncodeAppends(t *testing.T) {
	for _, f := range formats {
		enc := f.Encoder()
		u := counter()
		one, _ := enc.Encode(nil, u)
		buf := make([]byte, 0, 256)
		buf, err := enc.Encode(append(buf, "xy"...), u)
		if err != nil {
			t.Fatal(err)
		}
		if string(buf[:2]) != "xy" || !bytes.Equal(buf[2:], one) {
			t.Errorf("%s: Encode did not append: %q", f, buf)
		}
		if allocs := testing.AllocsPerRun(100, func() { buf, _ = enc.Encode(buf[:0], u) }); allocs != 0 && !raceEnabled {
			t.Errorf("%s: counter update costs %v allocations with a reused buffer", f, allocs)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	u := &wire.Update{Seq: 1, Error: "a\xffb\xe2\x80c", Signals: map[string]any{"k\xfe": "v\xc0"}}
	want := &wire.Update{Seq: 1, Error: "a\ufffdb\ufffd\ufffdc", Signals: map[string]any{"k\ufffd": "v\ufffd"}}
	for _, f := range formats {
		b, err := f.Encoder().Encode(nil, u)
		if err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, f, b)
		got, err := wire.Decode(f, b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", f, got.Error, want.Error)
		}
	}
}

func TestFormat(t *testing.T) {
	if wire.JSON.String() != "json" || wire.CBOR.String() != "cbor" || wire.Format(7).String() != "Format(7)" {
		t.Error("String")
	}
	var zero wire.Format
	if zero == wire.JSON || zero.String() != "json" || zero.Encoder().Binary() {
		t.Error("the zero Format must differ from JSON yet encode as JSON")
	}
	if wire.JSON.Encoder().Binary() || !wire.CBOR.Encoder().Binary() {
		t.Error("Binary")
	}
	out, err := wire.Format(7).Encoder().Encode([]byte("x"), counter())
	if err == nil || string(out) != "x" || !strings.Contains(err.Error(), "unknown wire format Format(7)") {
		t.Errorf("unknown format: %q, %v", out, err)
	}
	if _, err := wire.Decode(wire.Format(7), []byte(`{"s":1}`)); err == nil {
		t.Error("Decode accepted an unknown format")
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string // JSON; converted to CBOR for the CBOR run when it parses
		want string
	}{
		{"empty", ``, "EOF"},
		{"not an object", `[1]`, "cannot unmarshal"},
		{"null", `null`, "not a"},
		{"trailing", `{"s":1} {}`, "after"},
		{"no seq", `{"a":1}`, `"s" missing`},
		{"negative seq", `{"s":-1}`, "want an unsigned integer"},
		{"fractional seq", `{"s":1.5}`, "want an unsigned integer"},
		{"string seq", `{"s":"1"}`, "want an unsigned integer"},
		{"huge seq", `{"s":18446744073709551616}`, "want an unsigned integer"},
		{"bad session", `{"s":1,"id":5}`, "id: want a string, got the number 5"},
		{"bad reload", `{"s":1,"rl":1}`, "want a boolean"},
		{"bad root", `{"s":1,"r":null}`, "r: want a string, got null"},
		{"bad list", `{"s":1,"l":{}}`, `"l": want an array`},
		{"empty op", `{"s":1,"l":[[]]}`, `"l"[0]: want a non-empty array`},
		{"bad kind", `{"s":1,"l":[[4,"k"]]}`, "unknown kind 4"},
		{"order keys not a list", `{"s":1,"l":[[3,"p","k"]]}`, "keys: want an array"},
		{"wrapping kind", `{"s":1,"l":[[256,"k"]]}`, "unknown kind 256"},
		{"short insert", `{"s":1,"l":[[1,0,"r","k"]]}`, "want 5 elements, got 4"},
		{"long remove", `{"s":1,"l":[[0,"k","x"]]}`, "want 2 elements, got 3"},
		{"bad pos", `{"s":1,"l":[[2,4,"r","k"]]}`, "unknown position 4"},
		{"bad ref", `{"s":1,"l":[[2,0,1,"k"]]}`, "ref: want a string"},
		{"bad html", `{"s":1,"l":[[1,0,"r","k",false]]}`, "html: want a string"},
		{"bad patches", `{"s":1,"p":"x"}`, `"p": want an array`},
		{"short patch", `{"s":1,"p":[[1,"k"]]}`, "want an array of 3"},
		{"bad op", `{"s":1,"p":[[3,"k","x"]]}`, "unknown op 3"},
		{"wrapping op", `{"s":1,"p":[[257,"k","x"]]}`, "unknown op 257"},
		{"bad key", `{"s":1,"p":[[1,null,"x"]]}`, "key: want a string"},
		{"bad text", `{"s":1,"p":[[1,"k",1]]}`, "text: want a string"},
		{"bad attrs", `{"s":1,"p":[[2,"k","x"]]}`, "attrs: want an array"},
		{"bad attr", `{"s":1,"p":[[2,"k",[["a"]]]]}`, "attrs[0]: want an array of 2"},
		{"bad attr value", `{"s":1,"p":[[2,"k",[["a",1]]]]}`, "attrs[0]: value: want a string"},
		{"bad attr name", `{"s":1,"p":[[2,"k",[[null,"v"]]]]}`, "attrs[0]: name: want a string"},
		{"bad signals", `{"s":1,"g":[]}`, `"g": want a map`},
		{"huge signal", `{"s":1,"g":{"x":1e999}}`, "out of range"},
		{"bad effects", `{"s":1,"fx":1}`, `"fx": want a map`},
		{"bad toast", `{"s":1,"fx":{"toast":1}}`, "toast: want a string"},
		{"bad replace", `{"s":1,"fx":{"replace":"yes"}}`, "replace: want a boolean"},
		{"bad flash", `{"s":1,"fx":{"flash":[]}}`, `"flash": want a map`},
		{"bad flash text", `{"s":1,"fx":{"flash":{"#a":1}}}`, `#a: want a string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := wire.Decode(wire.JSON, []byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "tether: decode update: json") {
				t.Errorf("JSON: error %v, want one containing %q", err, tc.want)
			}
			var v any
			dec := json.NewDecoder(strings.NewReader(tc.in))
			dec.UseNumber()
			if dec.Decode(&v) != nil || dec.More() {
				return
			}
			b, err := cbor.Marshal(toCBORValue(v))
			if err != nil {
				return
			}
			if _, err := wire.Decode(wire.CBOR, b); err == nil {
				t.Errorf("CBOR: accepted %x", b)
			}
		})
	}
}

// toCBORValue turns json.Number into CBOR integers or floats.
func toCBORValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64() // ±Inf when out of range
		return f
	case []any:
		for i := range v {
			v[i] = toCBORValue(v[i])
		}
	case map[string]any:
		for k := range v {
			v[k] = toCBORValue(v[k])
		}
	}
	return v
}

func TestDecodeCBORErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"truncated", []byte{0xa1, 0x61, 's'}},
		{"trailing", []byte{0xa1, 0x61, 's', 0x01, 0x00}},
		{"not a map", []byte{0x81, 0x01}},
		{"integer key", []byte{0xa1, 0x01, 0x01}},
		{"tag", []byte{0xa1, 0x61, 's', 0xc1, 0x01}},
		{"indefinite", []byte{0xbf, 0x61, 's', 0x01, 0xff}},
		{"duplicate key", []byte{0xa2, 0x61, 's', 0x01, 0x61, 's', 0x02}},
		{"byte string", []byte{0xa2, 0x61, 's', 0x01, 0x61, 'e', 0x41, 'x'}},
		{"invalid utf-8", []byte{0xa2, 0x61, 's', 0x01, 0x61, 'e', 0x61, 0xff}},
		{"NaN signal", []byte{0xa2, 0x61, 's', 0x01, 0x61, 'g', 0xa1, 0x61, 'x', 0xf9, 0x7e, 0x00}},
		{"negative seq", []byte{0xa1, 0x61, 's', 0x20}},
		{"float seq", []byte{0xa1, 0x61, 's', 0xf9, 0x3c, 0x00}},
		{"undefined", []byte{0xa1, 0x61, 's', 0xf7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := wire.Decode(wire.CBOR, tc.in)
			if err == nil {
				t.Fatalf("accepted %x as %+v", tc.in, u)
			}
			if !strings.HasPrefix(err.Error(), "tether: decode update: cbor") {
				t.Errorf("error %q lacks the prefix", err)
			}
		})
	}
}

func TestDecodeIgnoresUnknownKeys(t *testing.T) {
	u, err := wire.Decode(wire.JSON, []byte(`{"s":3,"zz":[1,{}],"fx":{"toast":"t","confetti":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &wire.Update{Seq: 3, Effects: wire.Effects{Toast: "t"}}
	if !reflect.DeepEqual(u, want) {
		t.Errorf("got %+v", u)
	}
}
