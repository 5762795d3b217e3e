package tether_test

import (
	"net/http"
	"testing"

	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/node"
	"github.com/tetherui/tether"
)

// Focus is an effect like any other, for stateful and capture sessions.
func TestFocusEffect(t *testing.T) {
	checkLeaks(t)
	cfg := counterConfig()
	cfg.Handle = func(sess tether.Session, s counter, ev tether.Event) counter {
		sess.Focus("#todo-input")
		return s
	}
	h := tether.Stateful(tether.App{}, cfg)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	if u := c.waitAck(c.click("submit")); u.Effects.Focus != "#todo-input" {
		t.Fatalf("focus effect: %+v", u.Effects)
	}
	var cs tether.CaptureSession
	cs.Focus("#x")
	if cs.Effects.Focus != "#x" || !cs.Effects.Any() {
		t.Fatalf("capture: %+v", cs.Effects)
	}
}

// URL effects that could run script never reach the client.
func TestUnsafeURLEffectsRefused(t *testing.T) {
	for _, tt := range []struct {
		url  string
		safe bool
	}{
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"vbscript:msgbox(1)", false},
		{"/next?page=2", true},
		{"next", true},
		{"https://example.com/file.pdf", true},
		{"blob:http://127.0.0.1/3f2a", true},
		{"mailto:someone@example.com", true},
	} {
		t.Run(tt.url, func(t *testing.T) {
			cfg := counterConfig()
			cfg.Handle = func(sess tether.Session, s counter, ev tether.Event) counter {
				switch ev.Action {
				case "navigate":
					sess.Navigate(tt.url)
				case "replace":
					sess.ReplaceURL(tt.url)
				case "download":
					sess.Download(tt.url)
				}
				return s
			}
			h := tether.Stateful(tether.App{}, cfg)
			d := watch(h)
			srv := serve(t, h)
			c := load(t, srv).connect(srv)
			for _, action := range []string{"navigate", "replace", "download"} {
				u := c.waitAck(c.click(action))
				got := u.Effects.URL + u.Effects.Download
				if sent := got == tt.url; sent != tt.safe {
					t.Fatalf("%s: effects %+v", action, u.Effects)
				}
			}
			if want := map[bool]int{false: 3, true: 0}[tt.safe]; d.count(tether.UnsafeURL) != want {
				t.Fatalf("UnsafeURL diagnostics: %d, want %d", d.count(tether.UnsafeURL), want)
			}
		})
	}
}

// An OnNavigate redirect to an unsafe URL is not followed.
func TestUnsafeNavigateRedirectRefused(t *testing.T) {
	cfg := counterConfig()
	cfg.OnNavigate = func(sess tether.Session, s counter, _ tether.Params) counter {
		sess.Navigate("javascript:alert(1)")
		return s
	}
	cfg.Render = func(counter) node.Node { return div.Text("page") }
	cfg.InitialState = func(*http.Request) counter { return counter{} }
	h := tether.Stateful(tether.App{}, cfg)
	d := watch(h)
	srv := serve(t, h)
	c := load(t, srv).connect(srv)
	c.waitAck(c.click("increment"))
	if d.count(tether.UnsafeURL) != 1 {
		t.Fatalf("UnsafeURL diagnostics: %d", d.count(tether.UnsafeURL))
	}
}
