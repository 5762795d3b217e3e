package wire

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/tetherui/tether/internal/protocol"
)

// fromTree builds an Update from a decoded JSON object or CBOR map whose
// numbers are json.Number (JSON) or uint64, int64 and float64 (CBOR).
func fromTree(m map[string]any) (*Update, error) {
	u := &Update{}
	v, ok := m[protocol.KeySeq]
	if !ok {
		return nil, fmt.Errorf("%q missing", protocol.KeySeq)
	}
	var err error
	if u.Seq, err = toUint(protocol.KeySeq, v); err != nil {
		return nil, err
	}
	if v, ok := m[protocol.KeyAck]; ok {
		if u.Ack, err = toUint(protocol.KeyAck, v); err != nil {
			return nil, err
		}
	}
	if v, ok := m[protocol.KeySession]; ok {
		if u.Session, err = toString(protocol.KeySession, v); err != nil {
			return nil, err
		}
	}
	if v, ok := m[protocol.KeyReload]; ok {
		if u.Reload, err = toBool(protocol.KeyReload, v); err != nil {
			return nil, err
		}
	}
	if v, ok := m[protocol.KeyError]; ok {
		if u.Error, err = toString(protocol.KeyError, v); err != nil {
			return nil, err
		}
	}
	if v, ok := m[protocol.KeyRoot]; ok {
		if u.Root, err = toString(protocol.KeyRoot, v); err != nil {
			return nil, err
		}
		u.RootSet = true
	}
	if v, ok := m[protocol.KeyList]; ok {
		if u.List, err = toList(v); err != nil {
			return nil, err
		}
	}
	if v, ok := m[protocol.KeyPatches]; ok {
		if u.Patches, err = toPatches(v); err != nil {
			return nil, err
		}
	}
	if v, ok := m[protocol.KeySignals]; ok {
		g, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q: want a map, got %s", protocol.KeySignals, typeName(v))
		}
		if len(g) > 0 {
			u.Signals = make(map[string]any, len(g))
			for k, v := range g {
				if u.Signals[k], err = toSignal(v, 1); err != nil {
					return nil, fmt.Errorf("%q[%q]: %w", protocol.KeySignals, k, err)
				}
			}
		}
	}
	if v, ok := m[protocol.KeyEffects]; ok {
		if err = toEffects(&u.Effects, v); err != nil {
			return nil, err
		}
	}
	return u, nil
}

func toList(v any) ([]ListOp, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%q: want an array, got %s", protocol.KeyList, typeName(v))
	}
	if len(a) == 0 {
		return nil, nil
	}
	ops := make([]ListOp, len(a))
	for i, v := range a {
		if err := toListOp(&ops[i], v); err != nil {
			return nil, fmt.Errorf("%q[%d]: %w", protocol.KeyList, i, err)
		}
	}
	return ops, nil
}

func toListOp(op *ListOp, v any) error {
	a, ok := v.([]any)
	if !ok || len(a) == 0 {
		return fmt.Errorf("want a non-empty array, got %s", typeName(v))
	}
	kind, err := toUint("kind", a[0])
	if err != nil {
		return err
	}
	if kind > uint64(Order) {
		return fmt.Errorf("unknown kind %d", kind)
	}
	var want int
	switch ListOpKind(kind) {
	case Order:
		want = 3
	case Remove:
		want = 2
	case Insert:
		want = 5
	case Move:
		want = 4
	}
	if len(a) != want {
		return fmt.Errorf("kind %d: want %d elements, got %d", kind, want, len(a))
	}
	op.Kind = ListOpKind(kind)
	if op.Kind == Order {
		if op.Ref, err = toString("ref", a[1]); err != nil {
			return err
		}
		keys, ok := a[2].([]any)
		if !ok {
			return fmt.Errorf("keys: want an array, got %s", typeName(a[2]))
		}
		op.Keys = make([]string, len(keys))
		for i, k := range keys {
			if op.Keys[i], err = toString("keys", k); err != nil {
				return err
			}
		}
		return nil
	}
	if op.Kind == Remove {
		op.Key, err = toString("key", a[1])
		return err
	}
	pos, err := toUint("position", a[1])
	if err != nil {
		return err
	}
	if pos > uint64(Append) {
		return fmt.Errorf("unknown position %d", pos)
	}
	op.Pos = Pos(pos)
	if op.Ref, err = toString("ref", a[2]); err != nil {
		return err
	}
	if op.Key, err = toString("key", a[3]); err != nil {
		return err
	}
	if op.Kind == Insert {
		op.HTML, err = toString("html", a[4])
	}
	return err
}

func toPatches(v any) ([]Patch, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%q: want an array, got %s", protocol.KeyPatches, typeName(v))
	}
	if len(a) == 0 {
		return nil, nil
	}
	ps := make([]Patch, len(a))
	for i, v := range a {
		if err := toPatch(&ps[i], v); err != nil {
			return nil, fmt.Errorf("%q[%d]: %w", protocol.KeyPatches, i, err)
		}
	}
	return ps, nil
}

func toPatch(p *Patch, v any) error {
	a, ok := v.([]any)
	if !ok || len(a) != 3 {
		return fmt.Errorf("want an array of 3, got %s", typeName(v))
	}
	op, err := toUint("op", a[0])
	if err != nil {
		return err
	}
	if op > uint64(Attrs) {
		return fmt.Errorf("unknown op %d", op)
	}
	if p.Key, err = toString("key", a[1]); err != nil {
		return err
	}
	switch PatchOp(op) {
	case Morph:
		p.HTML, err = toString("html", a[2])
	case Text:
		p.Text, err = toString("text", a[2])
	case Attrs:
		attrs, ok := a[2].([]any)
		if !ok {
			return fmt.Errorf("attrs: want an array, got %s", typeName(a[2]))
		}
		if len(attrs) > 0 {
			p.Attrs = make([]Attr, len(attrs))
		}
		for i, v := range attrs {
			pair, ok := v.([]any)
			if !ok || len(pair) != 2 {
				return fmt.Errorf("attrs[%d]: want an array of 2, got %s", i, typeName(v))
			}
			at := &p.Attrs[i]
			if at.Name, err = toString("name", pair[0]); err != nil {
				return fmt.Errorf("attrs[%d]: %w", i, err)
			}
			if pair[1] == nil {
				at.Remove = true
			} else if at.Value, err = toString("value", pair[1]); err != nil {
				return fmt.Errorf("attrs[%d]: %w", i, err)
			}
		}
	}
	p.Op = PatchOp(op)
	return err
}

func toEffects(fx *Effects, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%q: want a map, got %s", protocol.KeyEffects, typeName(v))
	}
	var err error
	for _, f := range []struct {
		key string
		dst *string
	}{
		{protocol.EffectTitle, &fx.Title}, {protocol.EffectURL, &fx.URL}, {protocol.EffectToast, &fx.Toast},
		{protocol.EffectAnnounce, &fx.Announce}, {protocol.EffectScroll, &fx.ScrollTo}, {protocol.EffectDownload, &fx.Download}, {protocol.EffectFocus, &fx.Focus},
	} {
		if v, ok := m[f.key]; ok {
			if *f.dst, err = toString(f.key, v); err != nil {
				return fmt.Errorf("%q: %w", protocol.KeyEffects, err)
			}
		}
	}
	if v, ok := m[protocol.EffectReplace]; ok {
		if fx.Replace, err = toBool(protocol.EffectReplace, v); err != nil {
			return fmt.Errorf("%q: %w", protocol.KeyEffects, err)
		}
	}
	if v, ok := m[protocol.EffectFlash]; ok {
		f, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%q: %q: want a map, got %s", protocol.KeyEffects, protocol.EffectFlash, typeName(v))
		}
		if len(f) > 0 {
			fx.Flash = make(map[string]string, len(f))
		}
		for k, v := range f {
			if fx.Flash[k], err = toString(k, v); err != nil {
				return fmt.Errorf("%q: %q: %w", protocol.KeyEffects, protocol.EffectFlash, err)
			}
		}
	}
	return nil
}

// toSignal converts a decoded signal value to what encoding/json gives
// when decoding into an interface value. It refuses values nested deeper
// than the encoders accept.
func toSignal(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	switch v := v.(type) {
	case nil, string, bool, float64:
		return v, nil
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil, fmt.Errorf("number %s out of range", v)
		}
		return f, nil
	case uint64:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			var err error
			if out[i], err = toSignal(e, depth+1); err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			var err error
			if out[k], err = toSignal(e, depth+1); err != nil {
				return nil, fmt.Errorf("[%q]: %w", k, err)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value of type %s", typeName(v))
}

func toUint(name string, v any) (uint64, error) {
	switch n := v.(type) {
	case json.Number:
		if u, err := strconv.ParseUint(string(n), 10, 64); err == nil {
			return u, nil
		}
	case uint64:
		return n, nil
	}
	return 0, fmt.Errorf("%s: want an unsigned integer, got %s", name, typeName(v))
}

func toString(name string, v any) (string, error) {
	if s, ok := v.(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("%s: want a string, got %s", name, typeName(v))
}

func toBool(name string, v any) (bool, error) {
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, fmt.Errorf("%s: want a boolean, got %s", name, typeName(v))
}

// typeName names the kind of a decoded value for error messages.
func typeName(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + string(v)
	case uint64, int64, float64:
		return fmt.Sprintf("the number %v", v)
	case []any:
		return fmt.Sprintf("an array of %d", len(v))
	case map[string]any:
		return "a map"
	case []byte:
		return "a byte string"
	}
	return fmt.Sprintf("%T", v)
}
