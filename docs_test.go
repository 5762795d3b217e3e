package tether_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Every Go snippet in the README and docs/ must appear, line for line,
// in an example or test of this module, or in an example program (each
// has a test), so the docs cannot drift from code that compiles and runs.
func TestDocSnippetsAreTested(t *testing.T) {
	docs, _ := filepath.Glob("docs/*.md")
	docs = append(docs, "README.md")
	var code strings.Builder
	for _, pattern := range []string{"*_test.go", "*/*_test.go", "examples/*/*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			code.WriteString(flatten(string(b)))
		}
	}
	block := regexp.MustCompile("(?s)```go\n(.*?)```")
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range block.FindAllStringSubmatch(string(b), -1) {
			if !strings.Contains(code.String(), flatten(m[1])) {
				t.Errorf("%s: this snippet is in no example or test:\n%s", doc, m[1])
			}
		}
	}
}

// flatten drops indentation and blank lines, so a snippet matches code
// nested at any depth.
func flatten(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// tether.Event is an alias, and go doc shows only an alias's own comment:
// that comment repeats every exported field and method of wire.Event,
// with its exact signature, so a change there fails here.
func TestDocEventListsWireEvent(t *testing.T) {
	fset := token.NewFileSet()
	root, err := parser.ParseFile(fset, "event.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, d := range root.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE && g.Specs[0].(*ast.TypeSpec).Name.Name == "Event" {
			doc = g.Doc.Text()
		}
	}
	if doc == "" {
		t.Fatal("event.go: no documented type Event")
	}
	files, _ := filepath.Glob("wire/*.go")
	var wanted []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			wanted = append(wanted, eventMembers(t, fset, d)...)
		}
	}
	if len(wanted) < 6 {
		t.Fatalf("found only %v in wire.Event", wanted)
	}
	doc = strings.Join(strings.Fields(doc), " ") // aligned columns, wrapped lines
	for _, w := range wanted {
		if !strings.Contains(doc, strings.Join(strings.Fields(w), " ")) {
			t.Errorf("the doc comment of tether.Event lacks %q", w)
		}
	}
}

// eventMembers returns, for a declaration in package wire, the exported
// fields of Event as "Name type" and its exported methods as their
// signature line "func (e Event) Name(...) ...".
func eventMembers(t *testing.T, fset *token.FileSet, d ast.Decl) []string {
	src := func(n ast.Node) string {
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, n); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil || !d.Name.IsExported() || src(d.Recv.List[0].Type) != "Event" {
			return nil
		}
		sig := *d
		sig.Body, sig.Doc = nil, nil
		out = append(out, src(&sig))
	case *ast.GenDecl:
		for _, s := range d.Specs {
			ts, ok := s.(*ast.TypeSpec)
			if !ok || ts.Name.Name != "Event" {
				continue
			}
			for _, f := range ts.Type.(*ast.StructType).Fields.List {
				for _, n := range f.Names {
					if n.IsExported() {
						out = append(out, n.Name+" "+src(f.Type))
					}
				}
			}
		}
	}
	return out
}

// Every close code, key, effect name, protocol event type and warning
// kind of internal/protocol is in docs/protocol.md: a close code as the
// first cell of a table row, a string in backquotes.
func TestDocProtocolNamesEveryConstant(t *testing.T) {
	doc, err := os.ReadFile("docs/protocol.md")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "internal/protocol/protocol.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok {
				t.Fatalf("%s is not a literal", vs.Names[0])
			}
			want := ""
			switch lit.Kind {
			case token.INT:
				want = "\n| " + lit.Value + " |"
			case token.STRING:
				v, _ := strconv.Unquote(lit.Value)
				want = "`" + v + "`"
			}
			if !strings.Contains(string(doc), want) {
				t.Errorf("docs/protocol.md lacks %s = %s (looked for %q)", vs.Names[0], lit.Value, want)
			}
			n++
		}
	}
	if n < 30 {
		t.Fatalf("found only %d constants in internal/protocol", n)
	}
}
