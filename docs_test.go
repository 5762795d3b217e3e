package tether_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every Go snippet in the README and docs/ must appear, line for line,
// in an example or test of this module, so the docs cannot drift from
// code that compiles and runs.
func TestDocSnippetsAreTested(t *testing.T) {
	docs, _ := filepath.Glob("docs/*.md")
	docs = append(docs, "README.md")
	var code strings.Builder
	for _, pattern := range []string{"*_test.go", "*/*_test.go"} {
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
