package pthv_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/nilsafe"
)

// apiFile lists every exported name of the library's packages, one per
// line, as Go's own api files do: what a district system can call. A
// change to the public surface shows in review as a change to this file.
const apiFile = "api/pthv.txt"

// TestAPIListing keeps api/pthv.txt current: it fails when the exported
// names differ from the listing. After a deliberate change, rewrite the
// listing with
//
//	PTHV_UPDATE_API=1 go test -run TestAPIListing .
func TestAPIListing(t *testing.T) {
	got := apiListing(t)
	if os.Getenv("PTHV_UPDATE_API") == "1" {
		require.NoError(t, os.MkdirAll(filepath.Dir(apiFile), 0o755))
		require.NoError(t, os.WriteFile(apiFile, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(apiFile)
	require.NoError(t, err, "no API listing: write it with PTHV_UPDATE_API=1 go test -run TestAPIListing .")
	if string(want) != got {
		require.Equal(t, string(want), got, "the exported API differs from %s: review the change, then rewrite it with PTHV_UPDATE_API=1 go test -run TestAPIListing .", apiFile)
	}
}

// TestIndexSurface holds model.Index to the lookups by id and a family's
// records: walks by position belong in internal/indexview.
func TestIndexSurface(t *testing.T) {
	listing, err := os.ReadFile(apiFile)
	require.NoError(t, err)
	methods := strings.Count(string(listing), "pkg github.com/homevisits/pthv/model, method (*Index) ")
	require.NotZero(t, methods)
	require.LessOrEqual(t, methods, 15, "model.Index has %d methods; move plumbing to internal/indexview", methods)
}

// apiListing returns the listing of the library's packages: every
// directory with non-test Go files outside cmd, examples, internal and
// testdata.
func apiListing(t *testing.T) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		base := d.Name()
		if path != "." && (strings.HasPrefix(base, ".") || base == "testdata" || base == "internal" || base == "cmd" || base == "examples") {
			return filepath.SkipDir
		}
		pkgLines, err := packageAPI(path)
		lines = append(lines, pkgLines...)
		return err
	})
	require.NoError(t, err)
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n"
}

// packageAPI lists the exported declarations of the package in dir.
func packageAPI(dir string) ([]string, error) {
	fset, files, err := nilsafe.ParseDir(dir)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, f := range files {
		if f.Name.Name == "main" {
			return nil, nil
		}
		pkg := "pkg " + filepath.ToSlash(filepath.Join("github.com/homevisits/pthv", dir)) + ", "
		expr := func(n ast.Node) string {
			var b bytes.Buffer
			printer.Fprint(&b, fset, n)
			return strings.Join(strings.Fields(b.String()), " ")
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				sig := strings.TrimPrefix(expr(d.Type), "func")
				if d.Recv == nil {
					lines = append(lines, pkg+"func "+d.Name.Name+sig)
					continue
				}
				recv := expr(d.Recv.List[0].Type)
				if ast.IsExported(strings.TrimLeft(strings.SplitN(recv, "[", 2)[0], "*")) {
					lines = append(lines, pkg+"method ("+recv+") "+d.Name.Name+sig)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						lines = append(lines, typeAPI(pkg, s, expr)...)
					case *ast.ValueSpec:
						kind := "var "
						if d.Tok == token.CONST {
							kind = "const "
						}
						for _, n := range s.Names {
							if n.IsExported() {
								lines = append(lines, pkg+kind+n.Name)
							}
						}
					}
				}
			}
		}
	}
	return lines, nil
}

// typeAPI lists a type: its kind, and its exported fields or methods.
func typeAPI(pkg string, s *ast.TypeSpec, expr func(ast.Node) string) []string {
	name := s.Name.Name
	if s.Assign.IsValid() {
		return []string{pkg + "type " + name + " = " + expr(s.Type)}
	}
	switch t := s.Type.(type) {
	case *ast.StructType:
		out := []string{pkg + "type " + name + " struct"}
		for _, f := range t.Fields.List {
			for _, n := range f.Names {
				if n.IsExported() {
					out = append(out, fmt.Sprintf("%stype %s struct, %s %s", pkg, name, n.Name, expr(f.Type)))
				}
			}
			if len(f.Names) == 0 && ast.IsExported(strings.TrimLeft(expr(f.Type), "*")) {
				out = append(out, fmt.Sprintf("%stype %s struct, embedded %s", pkg, name, expr(f.Type)))
			}
		}
		return out
	case *ast.InterfaceType:
		out := []string{pkg + "type " + name + " interface"}
		for _, m := range t.Methods.List {
			for _, n := range m.Names {
				if n.IsExported() {
					out = append(out, fmt.Sprintf("%stype %s interface, %s%s", pkg, name, n.Name, strings.TrimPrefix(expr(m.Type), "func")))
				}
			}
			if len(m.Names) == 0 {
				out = append(out, fmt.Sprintf("%stype %s interface, embedded %s", pkg, name, expr(m.Type)))
			}
		}
		return out
	default:
		return []string{pkg + "type " + name + " " + expr(s.Type)}
	}
}
