package diff_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/jpl-au/fluent/html5/a"
	"github.com/jpl-au/fluent/html5/div"
	"github.com/jpl-au/fluent/html5/h1"
	"github.com/jpl-au/fluent/html5/iframe"
	"github.com/jpl-au/fluent/html5/img"
	"github.com/jpl-au/fluent/html5/script"
	"github.com/jpl-au/fluent/html5/span"
	"github.com/jpl-au/fluent/html5/style"
	"github.com/jpl-au/fluent/node"
	"github.com/jpl-au/fluent/text"
	"github.com/tetherui/tether/diff"
	"github.com/tetherui/tether/wire"
)

// page puts n inside a keyed "box" next to other content.
func page(n node.Node) node.Node {
	return div.New(h1.Text("Title"), div.New(n).Dynamic("box"))
}

func withAttr(key, value string) node.Node {
	s := span.Text("x")
	s.SetAttribute(key, value)
	return s
}

func link(url string) node.Node { return a.Text("go").Href(url) }

func frameWithSrcdoc() node.Node {
	f := iframe.New()
	f.SetAttribute("srcdoc", "<p>hi</p>")
	return f
}

// unsafePages are refused; want is what the error must mention.
var unsafePages = []struct {
	name string
	tree node.Node
	want []string
}{
	{"title breaks out into onmouseover", page(span.Text("x").Title(`x" onmouseover="alert(1)`)), []string{`Dynamic "box"`, "onmouseover"}},
	{"title injects img onerror", page(span.Text("x").Title(`"><img src=x onerror=alert(1)>`)), []string{`Dynamic "box"`, "<img> attribute onerror"}},
	{"upper case handler", page(span.Text("x").Title(`"><IMG SRC=x ONERROR=alert(1)>`)), []string{"ONERROR"}},
	{"mixed case handler", page(withAttr("onClick", "go()")), []string{"<span> attribute onClick"}},
	{"handler at the root", div.New(withAttr("onload", "go()")), []string{"root", "onload"}},
	{"javascript href", page(link("javascript:alert(1)")), []string{`Dynamic "box"`, "<a> attribute href"}},
	{"decimal reference", page(link("&#106;avascript:alert(1)")), []string{"href"}},
	{"reference without semicolon", page(link("&#106avascript:alert(1)")), []string{"href"}},
	{"hex reference", page(link("&#x6A;avascript:alert(1)")), []string{"href"}},
	{"named colon", page(link("javascript&colon;alert(1)")), []string{"href"}},
	{"leading controls", page(link(" \x01\x1fJaVaScRiPt:alert(1)")), []string{"href"}},
	{"embedded tab", page(link("java\tscript:alert(1)")), []string{"href"}},
	{"embedded newline reference", page(link("jav&#x0A;ascript:alert(1)")), []string{"href"}},
	{"tab reference", page(link("java&Tab;script:alert(1)")), []string{"href"}},
	{"vbscript", page(link("vbscript:msgbox(1)")), []string{"href"}},
	{"data html", page(link("data:text/html,<script>alert(1)</script>")), []string{"href"}},
	{"data html spaced", page(link("data: TEXT/HTML;base64,PHNjcmlwdD4=")), []string{"href"}},
	{"unquoted injected href", page(span.Text("x").Title(`"><a href=javascript:alert(1)>x</a>`)), []string{"<a> attribute href"}},
	{"srcset entry", page(img.New().Srcset("a.png 1x, javascript:alert(1) 2x")), []string{"srcset"}},
	{"xlink href", page(withAttr("xlink:href", "javascript:alert(1)")), []string{"xlink:href"}},
	{"formaction", page(withAttr("formaction", "javascript:alert(1)")), []string{"formaction"}},
	{"script element", page(script.Text("alert(1)")), []string{`Dynamic "box"`, "<script>"}},
	{"script from raw text", page(text.RawText("<SCRIPT>alert(1)</SCRIPT>")), []string{"<script> element"}},
	{"forged trust marker", page(div.New(
		diff.Trust(script.RawText("ok()")),
		span.Text("x").Title(`"><script data-trusted>alert(1)</script>`),
	)), []string{"<script>"}},
	{"iframe srcdoc", page(frameWithSrcdoc()), []string{"<iframe> attribute srcdoc"}},
	{"svg animates href", page(text.RawText(`<svg><a><animate attributeName="href" values="#;javascript:alert(1)"/></a></svg>`)), []string{"values"}},
	{"svg animates a handler", page(text.RawText(`<svg><set attributeName="onmouseover" to="alert(1)"/></svg>`)), []string{"attributeName"}},
	{"cdata hides a tag", page(text.RawText(`<svg><![CDATA[ > <b title="]]><img src=x onerror=alert(1)>"></svg>`)), []string{"CDATA"}},
	{"raw text element hides a tag", page(text.RawText(`<style><!--</style><img src=x onerror=alert(1)>--></style>`)), []string{"<style> content"}},
	{"comment ends early", page(text.RawText(`<!-- <b title="--><img src=x onerror=alert(1)>"> -->`)), []string{"onerror"}},
	{"meta refresh", page(text.RawText(`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`)), []string{"http-equiv"}},
	{"unterminated tag", page(text.RawText(`<b title="x`)), []string{"unterminated tag <b"}},
	{"keyed child inside an open tag", div.New(text.RawText(`<b title="`), span.Text("k").Dynamic("k"), text.RawText(`">`)), []string{"root", "unterminated"}},
}

func TestUnsafeMarkupIsARenderError(t *testing.T) {
	for _, tt := range unsafePages {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range []*diff.Differ{diff.New(), &diff.NewMemoiser().Differ} {
				if _, err := d.Render(tt.tree); !errors.Is(err, diff.ErrUnsafeMarkup) {
					t.Fatalf("Render: got %v, want ErrUnsafeMarkup", err)
				}
				if _, err := d.Render(counter(1)); err != nil {
					t.Fatal(err)
				}
				before := string(d.HTML())
				_, err := d.Diff(tt.tree)
				if !errors.Is(err, diff.ErrUnsafeMarkup) {
					t.Fatalf("Diff: got %v, want ErrUnsafeMarkup", err)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
				// The baseline is untouched: the next good render diffs against it.
				if string(d.HTML()) != before {
					t.Fatal("a refused render changed the baseline")
				}
				if res := step(t, d, counter(2)); res.RootSet || len(res.Patches) != 1 {
					t.Fatalf("after the error: %+v", res)
				}
			}
		})
	}
}

func TestMemoiserRefusesUnsafeMarkup(t *testing.T) {
	m := diff.NewMemoiser()
	if _, err := m.Render(counter(1)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range unsafePages[:3] {
		if _, err := m.Diff(tt.tree); !errors.Is(err, diff.ErrUnsafeMarkup) {
			t.Fatalf("%s: got %v", tt.name, err)
		}
	}
	if res, err := m.Diff(counter(2)); err != nil || res.RootSet || len(res.Patches) != 1 {
		t.Fatalf("after the errors: %+v, %v", res, err)
	}
}

var safePages = []struct {
	name string
	tree node.Node
}{
	{"ordinary links", page(div.New(link("https://example.com/?q=javascript:x"), link("/path"), link("mailto:a@b.c"), link("#top")))},
	{"image data URL", page(img.New().Src("data:image/png;base64,iVBORw0KGgo="))},
	{"script words as text", page(span.Text(`javascript:alert(1) <script> onclick="x"`))},
	{"odd but inert title", page(span.Text("x").Title(`a > b < c`))},
	{"trusted script", page(diff.Trust(script.RawText("if (a < b) { go('</scr' + 'ipt>') }")))},
	{"trusted script at the root", div.New(diff.Trust(script.RawText("go()")))},
	{"trusted iframe srcdoc", page(diff.Trust(frameWithSrcdoc()))},
	{"style", page(style.Text("a > b { color: red }"))},
	{"comments", page(text.RawText(`<!-- x --><!----><!--->`))},
	{"svg icon", page(text.RawText(`<svg viewBox="0 0 1 1"><title>Close</title><path d="M0 0"/></svg>`))},
	{"attribute named like a prefix", page(withAttr("o", "x"))},
}

func TestSafeMarkupRenders(t *testing.T) {
	for _, tt := range safePages {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := diff.New().Render(tt.tree); err != nil {
				t.Fatal(err)
			}
			d := diff.NewMemoiser()
			if _, err := d.Render(counter(1)); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Diff(tt.tree); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A trusted script stays trusted when its memo node is reused, and equal
// bytes from an untrusted source are still refused.
func TestTrustSurvivesMemoReuse(t *testing.T) {
	tree := func(trusted bool, n int) node.Node {
		s := node.Node(script.RawText("go()"))
		if trusted {
			s = diff.Trust(s)
		}
		return div.New(node.Memoise("js", func() node.Node { return div.New(s) }), span.Textf("%d", n).Dynamic("n"))
	}
	m := diff.NewMemoiser()
	if _, err := m.Render(tree(true, 0)); err != nil {
		t.Fatal(err)
	}
	res, err := m.Diff(tree(true, 1))
	if err != nil || res.MemoHits != 1 || len(res.Patches) != 1 {
		t.Fatalf("memo hit on a trusted script: %+v, %v", res, err)
	}
	d := diff.New()
	if _, err := d.Render(tree(true, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Diff(tree(false, 0)); !errors.Is(err, diff.ErrUnsafeMarkup) {
		t.Fatalf("same bytes without Trust: got %v", err)
	}
}

func TestPatchRefusesUnsafeMarkup(t *testing.T) {
	d := diff.New()
	if _, err := d.Render(page(span.Text("ok"))); err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(d.HTML())
	bad := div.New(span.Text("x").Title(`"><img src=x onerror=alert(1)>`)).Dynamic("box")
	if _, err := d.Patch("box", bad); !errors.Is(err, diff.ErrUnsafeMarkup) || !strings.Contains(err.Error(), `"box"`) {
		t.Fatalf("got %v", err)
	}
	if !bytes.Equal(d.HTML(), before) {
		t.Fatal("a refused Patch changed the baseline")
	}
	if _, err := d.Patch("box", div.New(diff.Trust(script.RawText("go()"))).Dynamic("box")); err != nil {
		t.Fatalf("trusted script in a Patch: %v", err)
	}
	res := step(t, d, page(span.Text("later")))
	if res.RootSet || len(res.Patches) != 1 || res.Patches[0].Key != "box" {
		t.Fatalf("after Patch: %+v", res)
	}
}

// Injected bytes that close the open tag early must not become an
// attribute patch: the client would set onclick with setAttribute.
func TestInjectedAttributeIsNotPatchedIn(t *testing.T) {
	tree := func(title string) node.Node {
		return div.New(span.Text("x").Title(title).Dynamic("s"))
	}
	d := diff.New()
	if _, err := d.Render(tree("a")); err != nil {
		t.Fatal(err)
	}
	res := step(t, d, tree(`a"> onclick="alert(1)`))
	for _, p := range res.Patches {
		for _, at := range p.Attrs {
			if strings.HasPrefix(strings.ToLower(at.Name), "on") {
				t.Fatalf("attribute patch sets %s: %+v", at.Name, res)
			}
		}
		if p.Op != wire.Morph {
			t.Fatalf("want a morph, got %+v", res)
		}
	}
}

// The engine rereads an imported baseline rather than trusting it.
func TestImportedBaselineIsChecked(t *testing.T) {
	d := diff.New()
	// Build a blob holding unsafe markup: render it safely, then swap bytes.
	if _, err := d.Render(div.New(text.RawText(`<img src=x alt=alert(1)>`), span.Text("1").Dynamic("n"))); err != nil {
		t.Fatal(err)
	}
	blob := bytes.Replace(d.Export(), []byte("alt=alert(1)"), []byte("onerror=aaa1"), 1)
	e := diff.New()
	if err := e.Import(withChecksum(blob)); err != nil {
		t.Fatal(err)
	}
	same := div.New(text.RawText(`<img src=x onerror=aaa1>`), span.Text("2").Dynamic("n"))
	if _, err := e.Diff(same); !errors.Is(err, diff.ErrUnsafeMarkup) {
		t.Fatalf("unchanged unsafe markup after Import: got %v", err)
	}
}
