package tether

import "testing"

func TestChangedElement(t *testing.T) {
	for _, tt := range []struct{ old, cur, want string }{
		{`<div><h1>Todos 1</h1><ul></ul></div>`, `<div><h1>Todos 2</h1><ul></ul></div>`, `<h1>`},
		{`<div><p class="a">x</p></div>`, `<div><p class="b">x</p></div>`, `<p class="b">`},
		{`<div><input value="a"><span>1</span></div>`, `<div><input value="a"><span>2</span></div>`, `<span>`},
		{`<div><br/><b>1</b></div>`, `<div><br/><b>2</b></div>`, `<b>`},
		{`<div>a</div>`, `<div>b</div>`, `<div>`},
		{`<div id="a">x</div>`, `<section>x</section>`, `<section>`},
		{`text a`, `text b`, `the root element`},
	} {
		if got := changedElement([]byte(tt.old), []byte(tt.cur)); got != tt.want {
			t.Errorf("changedElement(%s, %s) = %q, want %q", tt.old, tt.cur, got, tt.want)
		}
	}
}
