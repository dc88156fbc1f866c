package simulate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// exportedTypes returns the exported type names declared in the package
// in dir (tests aside), each with whether its doc comment marks it
// deprecated.
func exportedTypes(t *testing.T, dir string) map[string]bool {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	require.NoError(t, err)
	out := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, sp := range g.Specs {
					ts := sp.(*ast.TypeSpec)
					if !ts.Name.IsExported() {
						continue
					}
					doc := ts.Doc
					if doc == nil {
						doc = g.Doc
					}
					out[ts.Name.Name] = doc != nil && strings.Contains(doc.Text(), "Deprecated:")
				}
			}
		}
	}
	return out
}

// TestNamesDoNotShadow: simulate's exported types do not take the names of
// the model, selection and synth types a design is built from, so that a
// reader of simulate.X knows which thing it is. The old names stay only as
// deprecated aliases.
func TestNamesDoNotShadow(t *testing.T) {
	ours := exportedTypes(t, ".")
	var clashes []string
	for _, dir := range []string{"../model", "../selection", "../synth"} {
		for name := range exportedTypes(t, dir) {
			if deprecated, ok := ours[name]; ok && !deprecated {
				clashes = append(clashes, dir+"."+name)
			}
		}
	}
	slices.Sort(clashes)
	require.Empty(t, clashes)
	for _, name := range []string{"District", "Compensation", "Training", "Scope", "Deviations"} {
		require.True(t, ours[name], "%s stays as a deprecated alias for one release", name)
	}
}
