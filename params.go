package tether

import (
	"fmt"
	"net/url"
	"strconv"
)

// Params is the URL a page was loaded or navigated to: its path and
// query. The getters are nil-safe; the Default forms suit optional
// parameters, which URLs routinely omit.
type Params struct {
	Path  string
	Query url.Values
}

// Get returns the first value of key, or "".
func (p Params) Get(key string) string { return p.Query.Get(key) }

// Strings returns every value of key, or nil.
func (p Params) Strings(key string) []string { return p.Query[key] }

// Bool reports whether the first value of key is "true".
func (p Params) Bool(key string) bool { return p.Get(key) == "true" }

// Int parses the first value of key.
func (p Params) Int(key string) (int, error) {
	v, ok := p.Query[key]
	if !ok || len(v) == 0 {
		return 0, fmt.Errorf("tether: query parameter %q missing", key)
	}
	return strconv.Atoi(v[0])
}

// Float64 parses the first value of key.
func (p Params) Float64(key string) (float64, error) {
	v, ok := p.Query[key]
	if !ok || len(v) == 0 {
		return 0, fmt.Errorf("tether: query parameter %q missing", key)
	}
	return strconv.ParseFloat(v[0], 64)
}

// IntDefault parses the first value of key, or returns def.
func (p Params) IntDefault(key string, def int) int {
	if n, err := p.Int(key); err == nil {
		return n
	}
	return def
}

// Float64Default parses the first value of key, or returns def.
func (p Params) Float64Default(key string, def float64) float64 {
	if f, err := p.Float64(key); err == nil {
		return f
	}
	return def
}

// BoolDefault returns def when key is absent, else whether it is "true".
func (p Params) BoolDefault(key string, def bool) bool {
	if _, ok := p.Query[key]; !ok {
		return def
	}
	return p.Bool(key)
}

// Ints parses every value of key, stopping at the first that fails.
func (p Params) Ints(key string) ([]int, error) {
	var out []int
	for _, s := range p.Query[key] {
		n, err := strconv.Atoi(s)
		if err != nil {
			return out, fmt.Errorf("tether: query parameter %q: %w", key, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// Float64s parses every value of key, stopping at the first that fails.
func (p Params) Float64s(key string) ([]float64, error) {
	var out []float64
	for _, s := range p.Query[key] {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return out, fmt.Errorf("tether: query parameter %q: %w", key, err)
		}
		out = append(out, f)
	}
	return out, nil
}

func paramsOf(u *url.URL) Params {
	p := Params{Path: u.Path}
	if u.RawQuery != "" {
		p.Query = u.Query()
	}
	return p
}
