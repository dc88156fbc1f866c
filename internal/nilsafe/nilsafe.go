// Package nilsafe is the test harness behind every package's promise that
// its exported functions and methods return an error, or a documented
// zero result, on nil, zero and out-of-range arguments — never a panic. A
// district system calls the library with whatever its own records hold;
// a panic there takes the whole system down, an error names the problem.
//
// A package's nilsafe_test.go lists, for each exported entry point, calls
// with such arguments and what they must return; [Check] runs them and
// also reads the package's source, so that an exported function added
// without a case fails the test.
package nilsafe

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

// Cases maps each exported entry point — "Func", or "Type.Method" for a
// method of an exported type — to a test that calls it with nil, zero and
// extreme arguments and checks the error or documented zero result.
type Cases map[string]func(t *testing.T)

// Exported returns the exported functions declared in the non-test Go files
// of dir, and the exported methods of its exported types as "Type.Method",
// sorted.
func Exported(dir string) ([]string, error) {
	_, files, err := ParseDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			if fd.Recv == nil {
				names = append(names, fd.Name.Name)
				continue
			}
			if recv := receiverType(fd.Recv.List[0].Type); ast.IsExported(recv) {
				names = append(names, recv+"."+fd.Name.Name)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// ParseDir parses the non-test Go files of dir, in name order: the
// package's source as the compiler sees it on this platform's default
// build, for the tests that read a package's API.
func ParseDir(dir string) (*token.FileSet, []*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, f)
	}
	return fset, files, nil
}

// receiverType names the type of a method receiver: T, *T, T[P] or *T[P].
func receiverType(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return receiverType(t.X)
	case *ast.ParenExpr:
		return receiverType(t.X)
	case *ast.IndexExpr:
		return receiverType(t.X)
	case *ast.IndexListExpr:
		return receiverType(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}

// Missing compares the exported API of the package in dir with cases: it
// returns the entry points without a case, and the cases that name no
// entry point (a function renamed or removed).
func Missing(dir string, cases Cases) (missing, stale []string, err error) {
	api, err := Exported(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range api {
		if _, ok := cases[name]; !ok {
			missing = append(missing, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		if _, ok := slices.BinarySearch(api, name); !ok {
			stale = append(stale, name)
		}
	}
	return missing, stale, nil
}

// Check fails t when an exported entry point of the package in dir has no
// case, or a case names none; then it runs every case as a subtest named
// after its entry point, which fails, naming the entry point, if the case
// panics.
func Check(t *testing.T, dir string, cases Cases) {
	t.Helper()
	missing, stale, err := Missing(dir, cases)
	if err != nil {
		t.Fatalf("reading the package's source: %v", err)
	}
	if len(missing) > 0 {
		t.Errorf("exported entry points without a nil-safety case: %s", strings.Join(missing, ", "))
	}
	if len(stale) > 0 {
		t.Errorf("nil-safety cases that name no exported entry point: %s", strings.Join(stale, ", "))
	}
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		t.Run(name, func(t *testing.T) {
			t.Helper()
			if err := Call(func() { cases[name](t) }); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		})
	}
}

// Call runs f and returns an error describing a panic of f, with the
// stack where it happened, or nil when f returns.
func Call(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panicked: %v\n%s", r, debug.Stack())
		}
	}()
	f()
	return nil
}
