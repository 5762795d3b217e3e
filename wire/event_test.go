package wire_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tetherui/tether/wire"
)

func TestDecodeEvent(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want wire.Event
	}{
		{"click", `{"t":"click","a":"increment","i":5}`, wire.Event{Type: "click", Action: "increment", EventID: 5}},
		{"action only", `{"a":"save"}`, wire.Event{Action: "save"}},
		{"connect", `{"t":"connect","d":{"session":"abc","seq":12}}`,
			wire.Event{Type: "connect", Data: map[string]any{"session": "abc", "seq": 12.0}}},
		{"form", `{"t":"submit","a":"save","d":{"name":"Ada","age":"36","tags":["a","b"],"none":[],"agree":true,"n":-1.5e3},"i":18446744073709551615}`,
			wire.Event{Type: "submit", Action: "save", EventID: math.MaxUint64, Data: map[string]any{
				"name": "Ada", "age": "36", "tags": []string{"a", "b"}, "none": []string{}, "agree": true, "n": -1500.0,
			}}},
		{"empty data", `{"t":"click","d":{}}`, wire.Event{Type: "click"}},
		{"whitespace", " \n{ \"t\" : \"click\" , \"i\" : 0 }\r\n\t", wire.Event{Type: "click"}},
		{"unknown keys", `{"t":"click","future":{"x":[1]},"target":"evil"}`, wire.Event{Type: "click"}},
		{"escapes", `{"t":"input","d":{"v":"<b>\"x\"</b>\u00e9\n"}}`, wire.Event{Type: "input", Data: map[string]any{"v": "<b>\"x\"</b>é\n"}}},
		{"long names", `{"t":"` + strings.Repeat("t", 256) + `","a":"` + strings.Repeat("a", 256) + `"}`,
			wire.Event{Type: strings.Repeat("t", 256), Action: strings.Repeat("a", 256)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wire.DecodeEvent([]byte(tc.in), 0)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
			b, err := wire.EncodeEvent(got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := wire.DecodeEvent(b, 0)
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("re-encoded %s decodes to %#v, %v", b, again, err)
			}
		})
	}
}

func TestDecodeEventMalformed(t *testing.T) {
	many := make([]string, 1025)
	for i := range many {
		many[i] = `"k` + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + `_` + strings.Repeat("y", i/26) + `":"v"`
	}
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"empty", ``, "EOF"},
		{"garbage", `click`, "invalid character"},
		{"truncated", `{"t":"click"`, "unexpected EOF"},
		{"trailing", `{"t":"click"} x`, "data after the event object"},
		{"two objects", `{"t":"click"}{"t":"click"}`, "data after the event object"},
		{"array", `["click"]`, "want a JSON object, got an array of 1"},
		{"null", `null`, "want a JSON object, got null"},
		{"string", `"click"`, "want a JSON object, got a string"},
		{"no type or action", `{"d":{"x":"1"},"i":1}`, "neither type"},
		{"both empty", `{"t":"","a":""}`, "neither type"},
		{"numeric type", `{"t":1}`, `"t": want a string, got the number 1`},
		{"null action", `{"t":"click","a":null}`, `"a": want a string, got null`},
		{"long type", `{"t":"` + strings.Repeat("x", 257) + `"}`, `"t": longer than 256 bytes`},
		{"long action", `{"a":"` + strings.Repeat("x", 257) + `"}`, `"a": longer than 256 bytes`},
		{"string id", `{"t":"click","i":"5"}`, `"i": want an unsigned integer, got a string`},
		{"negative id", `{"t":"click","i":-1}`, `"i": want an unsigned integer, got -1`},
		{"fractional id", `{"t":"click","i":1.5}`, `"i": want an unsigned integer, got 1.5`},
		{"exponent id", `{"t":"click","i":1e3}`, `"i": want an unsigned integer`},
		{"huge id", `{"t":"click","i":18446744073709551616}`, `"i": want an unsigned integer`},
		{"data array", `{"t":"click","d":["x"]}`, `"d": want an object, got an array of 1`},
		{"null data", `{"t":"click","d":null}`, `"d": want an object, got null`},
		{"data string", `{"t":"click","d":"x"}`, `"d": want an object, got a string`},
		{"nested object", `{"t":"click","d":{"o":{"x":1}}}`, `data["o"]: nested objects are not allowed`},
		{"list of numbers", `{"t":"click","d":{"tags":["a",1]}}`, `data["tags"]: list items must be strings, item 1 is the number 1`},
		{"nested list", `{"t":"click","d":{"tags":[["a"]]}}`, `data["tags"]: list items must be strings`},
		{"null value", `{"t":"click","d":{"x":null}}`, `data["x"]: want a string, number, boolean or list of strings, got null`},
		{"huge number", `{"t":"click","d":{"x":1e400}}`, `data["x"]: number 1e400 out of range`},
		{"too many keys", `{"t":"click","d":{` + strings.Join(many, ",") + `}}`, `"d": 1025 keys, limit 1024`},
		{"deep", `{"t":"click","d":{"x":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`, "exceeded max depth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := wire.DecodeEvent([]byte(tc.in), 1<<20)
			if err == nil {
				t.Fatalf("accepted as %#v", ev)
			}
			if !errors.Is(err, wire.ErrMalformedEvent) || errors.Is(err, wire.ErrEventTooLarge) {
				t.Errorf("error %v does not wrap ErrMalformedEvent alone", err)
			}
			if !strings.HasPrefix(err.Error(), "tether: malformed event: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestDecodeEventTooLarge(t *testing.T) {
	small := []byte(`{"t":"click","a":"x"}`)
	if _, err := wire.DecodeEvent(small, len(small)); err != nil {
		t.Errorf("event of exactly the limit: %v", err)
	}
	_, err := wire.DecodeEvent(small, len(small)-1)
	if !errors.Is(err, wire.ErrEventTooLarge) || errors.Is(err, wire.ErrMalformedEvent) {
		t.Errorf("over the limit: %v", err)
	}
	if want := "tether: event too large: 21 bytes, limit 20"; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	big := []byte(`{"t":"input","d":{"v":"` + strings.Repeat("x", wire.DefaultMaxEventBytes) + `"}}`)
	for _, limit := range []int{0, -1} {
		if _, err := wire.DecodeEvent(big, limit); !errors.Is(err, wire.ErrEventTooLarge) {
			t.Errorf("limit %d: %d bytes accepted: %v", limit, len(big), err)
		}
	}
	if _, err := wire.DecodeEvent(big, len(big)); err != nil {
		t.Errorf("explicit limit: %v", err)
	}
}

func TestEncodeEvent(t *testing.T) {
	for _, tc := range []struct {
		e    wire.Event
		want string
	}{
		{wire.Event{Type: "click", Action: "increment", EventID: 5}, `{"t":"click","a":"increment","i":5}`},
		{wire.Event{Action: "save", Target: "ignored/"}, `{"a":"save"}`},
		{wire.Event{Type: "connect", Data: map[string]any{"session": "s", "seq": 3.0}}, `{"t":"connect","d":{"seq":3,"session":"s"}}`},
		{wire.Event{Type: "submit", Data: map[string]any{"tags": []string{"a", "<b>"}, "none": []string(nil), "on": false, "x": 0.25}},
			`{"t":"submit","d":{"none":[],"on":false,"tags":["a","<b>"],"x":0.25}}`},
	} {
		b, err := wire.EncodeEvent(tc.e)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.want {
			t.Errorf("got  %s\nwant %s", b, tc.want)
		}
	}
	for _, tc := range []struct {
		v    any
		want string
	}{
		{1, `data["x"]: unsupported type int`},
		{nil, `data["x"]: unsupported type <nil>`},
		{map[string]any{}, `unsupported type map[string]interface {}`},
		{math.Inf(1), `data["x"]: unsupported number +Inf`},
	} {
		_, err := wire.EncodeEvent(wire.Event{Type: "t", Data: map[string]any{"x": tc.v}})
		if err == nil || !strings.HasPrefix(err.Error(), "tether: encode event: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%#v: error %v, want %q", tc.v, err, tc.want)
		}
	}
}

func TestEventAccessors(t *testing.T) {
	e := wire.Event{Data: map[string]any{
		"name":   "Ada",
		"age":    "36",
		"bad":    "3x",
		"count":  7.0,
		"ratio":  0.5,
		"big":    1e20,
		"on":     true,
		"off":    false,
		"yes":    "true",
		"TRUE":   "TRUE",
		"one":    "1",
		"tags":   []string{"go", "web"},
		"empty":  []string{},
		"nums":   []string{"4", "5"},
		"inf":    "Inf",
		"nan":    "NaN",
		"any":    []any{"x", 2.0},
		"int":    3, // not from the wire, but tolerated
		"maxint": float64(math.MaxInt64),
	}}
	gets := map[string]string{
		"name": "Ada", "count": "7", "ratio": "0.5", "big": "100000000000000000000", "on": "true",
		"off": "false", "tags": "go", "empty": "", "missing": "", "any": "x", "int": "3",
	}
	for k, want := range gets {
		if got := e.Get(k); got != want {
			t.Errorf("Get(%q) = %q, want %q", k, got, want)
		}
	}
	ints := map[string]int{"age": 36, "count": 7, "nums": 4, "one": 1}
	for k, want := range ints {
		if got, err := e.Int(k); err != nil || got != want {
			t.Errorf("Int(%q) = %d, %v; want %d", k, got, err, want)
		}
	}
	for _, k := range []string{"bad", "ratio", "on", "missing", "empty", "name", "big", "maxint"} {
		if got, err := e.Int(k); err == nil || !strings.HasPrefix(err.Error(), "tether: event data ") {
			t.Errorf("Int(%q) = %d, %v; want an error", k, got, err)
		}
	}
	floats := map[string]float64{"age": 36, "count": 7, "ratio": 0.5, "big": 1e20, "nums": 4}
	for k, want := range floats {
		if got, err := e.Float64(k); err != nil || got != want {
			t.Errorf("Float64(%q) = %v, %v; want %v", k, got, err, want)
		}
	}
	for _, k := range []string{"bad", "on", "missing", "empty", "inf", "nan"} {
		if got, err := e.Float64(k); err == nil {
			t.Errorf("Float64(%q) = %v; want an error", k, got)
		}
	}
	for k, want := range map[string]bool{"on": true, "yes": true, "off": false, "TRUE": false, "one": false, "missing": false, "name": false, "count": false} {
		if got := e.Bool(k); got != want {
			t.Errorf("Bool(%q) = %v", k, got)
		}
	}
	strs := map[string][]string{
		"tags": {"go", "web"}, "empty": {}, "name": {"Ada"}, "count": {"7"}, "on": {"true"}, "missing": nil, "any": {"x", "2"},
	}
	for k, want := range strs {
		if got := e.Strings(k); !reflect.DeepEqual(got, want) {
			t.Errorf("Strings(%q) = %#v, want %#v", k, got, want)
		}
	}
	var zero wire.Event
	if zero.Get("x") != "" || zero.Bool("x") || zero.Strings("x") != nil {
		t.Error("zero Event accessors")
	}
}

// TestMultiValuedStaysList checks a checkbox group survives as a list,
// values containing commas included.
func TestMultiValuedStaysList(t *testing.T) {
	ev, err := wire.DecodeEvent([]byte(`{"t":"submit","d":{"pick":["a,b","c"]}}`), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Strings("pick"); !reflect.DeepEqual(got, []string{"a,b", "c"}) {
		t.Errorf("got %#v", got)
	}
}
