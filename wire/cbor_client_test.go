package wire_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tetherui/tether/wire"
)

// TestClientDecodesCBOR feeds CBOR updates to the browser runtime's own
// decoder (client/src/cbor.js, under Node) and checks each decodes to
// the value its JSON encoding holds.
func TestClientDecodesCBOR(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	src, err := filepath.Abs("../client/src/cbor.js")
	if err != nil {
		t.Fatal(err)
	}
	updates := []*wire.Update{rows(), typical()}
	for i := range roundTrips {
		updates = append(updates, &roundTrips[i].u)
	}
	updates = append(updates, &wire.Update{Seq: 1, Signals: map[string]any{
		"floats": []any{3.0, 1.5, float32(0.1), 100000.0, 1e300, math.Copysign(0, -1), 65504.0, 65505.0},
		"ints":   []any{-1, int64(-1 << 40), uint64(1 << 52), int8(-128)},
		"keys":   map[string]any{"b": 1, "aa": 2, "a": 3, "\u00e9": 4},
	}})
	var in strings.Builder
	var wants []any
	for _, u := range updates {
		b, err := wire.CBOR.Encoder().Encode(nil, u)
		if err != nil {
			t.Fatal(err)
		}
		in.WriteString(hex.EncodeToString(b) + "\n")
		j, err := wire.JSON.Encoder().Encode(nil, u)
		if err != nil {
			t.Fatal(err)
		}
		var want any
		if err := json.Unmarshal(j, &want); err != nil {
			t.Fatal(err)
		}
		wants = append(wants, want)
	}
	script := `
import { decodeCBOR } from ` + jsString(src) + `;
import { createInterface } from "node:readline";
for await (const line of createInterface({ input: process.stdin })) {
  console.log(JSON.stringify(decodeCBOR(Buffer.from(line, "hex"))));
}`
	cmd := exec.Command(node, "--input-type=module", "-e", script)
	cmd.Stdin = strings.NewReader(in.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.Bytes())
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		var got any
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("update %d: client decoded\n%s\nwant the value of\n%v", i, sc.Bytes(), wants[i])
		}
		wants[i] = nil
	}
	if n := len(wants); n == 0 || wants[n-1] != nil {
		t.Fatalf("node decoded fewer updates than sent:\n%s", out)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
