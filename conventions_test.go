package pthv_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The signature conventions of docs/conventions.md, checked on the public
// API as api/pthv.txt lists it (TestAPIListing keeps the listing current).

// apiDecl is one func or method line of the listing.
type apiDecl struct {
	pkg  string // import path
	line string
	recv string // receiver type name, "" for a func
	fn   *ast.FuncType
}

// apiIndex is what the conventions read from the listing.
type apiIndex struct {
	decls []apiDecl
	// handles are the types with a method on the pointer other than the
	// fill-ins every value type may have (UnmarshalJSON, UnmarshalText,
	// Set), by import path and name.
	handles map[[2]string]bool
	// structs are the struct types, by import path and name.
	structs map[[2]string]bool
	// records are the element types of model.Dataset's slices: accessors
	// hand out pointers into the dataset they read.
	records map[[2]string]bool
	// fields are the struct fields, "Type.Field" → type, by import path.
	fields map[string]map[string]string
	// paths maps a package's name to its import path.
	paths map[string]string
}

func readAPI(t *testing.T) apiIndex {
	t.Helper()
	data, err := os.ReadFile(apiFile)
	require.NoError(t, err)
	x := apiIndex{handles: map[[2]string]bool{}, structs: map[[2]string]bool{}, records: map[[2]string]bool{},
		fields: map[string]map[string]string{}, paths: map[string]string{}}
	fillIns := []string{"UnmarshalJSON", "UnmarshalText", "Set"}
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		pkg, decl, ok := strings.Cut(strings.TrimPrefix(line, "pkg "), ", ")
		require.True(t, ok, line)
		x.paths[path.Base(pkg)] = pkg
		switch {
		case strings.HasPrefix(decl, "type ") && strings.Contains(decl, " struct, "):
			head, field, _ := strings.Cut(strings.TrimPrefix(decl, "type "), " struct, ")
			name, typ, _ := strings.Cut(field, " ")
			if x.fields[pkg] == nil {
				x.fields[pkg] = map[string]string{}
			}
			x.fields[pkg][head+"."+name] = typ
			if pkg == x.paths["model"] && head == "Dataset" && strings.HasPrefix(typ, "[]") {
				x.records[[2]string{pkg, strings.TrimPrefix(typ, "[]")}] = true
			}
		case strings.HasPrefix(decl, "type ") && strings.HasSuffix(decl, " struct"):
			x.structs[[2]string{pkg, strings.TrimSuffix(strings.TrimPrefix(decl, "type "), " struct")}] = true
		case strings.HasPrefix(decl, "func "), strings.HasPrefix(decl, "method "):
			src := decl
			recv := ""
			if rest, ok := strings.CutPrefix(decl, "method ("); ok {
				r, sig, _ := strings.Cut(rest, ") ")
				recv, src = r, "func "+sig
				name, _, _ := strings.Cut(sig, "(")
				if strings.HasPrefix(recv, "*") && !slices.Contains(fillIns, name) {
					x.handles[[2]string{pkg, strings.TrimPrefix(recv, "*")}] = true
				}
			}
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src+" {}", 0)
			require.NoError(t, err, line)
			x.decls = append(x.decls, apiDecl{pkg: pkg, line: line, recv: recv, fn: f.Decls[0].(*ast.FuncDecl).Type})
		}
	}
	return x
}

// named resolves a type expression of pkg to the import path and name of
// a struct type of the listing, and whether it is a pointer; ok is false
// for any other type.
func (x apiIndex) named(pkg string, e ast.Expr) (key [2]string, pointer, ok bool) {
	if s, isSlice := e.(*ast.ArrayType); isSlice {
		e = s.Elt
	}
	if s, isStar := e.(*ast.StarExpr); isStar {
		e, pointer = s.X, true
	}
	switch e := e.(type) {
	case *ast.Ident:
		key = [2]string{pkg, e.Name}
	case *ast.SelectorExpr:
		id, isIdent := e.X.(*ast.Ident)
		if !isIdent || x.paths[id.Name] == "" {
			return key, false, false
		}
		key = [2]string{x.paths[id.Name], e.Sel.Name}
	default:
		return key, false, false
	}
	return key, pointer, x.structs[key]
}

// TestHandlesArePointersAnswersAreValues: a function or method hands out
// a struct type as the type's methods take it — a handle (a method on the
// pointer) as a pointer, anything else by value — except an accessor's
// pointer into the records of a dataset.
func TestHandlesArePointersAnswersAreValues(t *testing.T) {
	x := readAPI(t)
	require.True(t, x.handles[[2]string{x.paths["model"], "Index"}], "the listing's handles were not read")
	require.True(t, x.records[[2]string{x.paths["model"], "Visit"}], "the listing's records were not read")
	var bad []string
	for _, d := range x.decls {
		if d.fn.Results == nil {
			continue
		}
		for _, r := range d.fn.Results.List {
			key, pointer, ok := x.named(d.pkg, r.Type)
			if !ok {
				continue
			}
			switch {
			case x.handles[key] && !pointer:
				bad = append(bad, fmt.Sprintf("%s: %s is a handle, returned by value", d.line, key[1]))
			case !x.handles[key] && pointer && !x.records[key]:
				bad = append(bad, fmt.Sprintf("%s: %s is an answer, returned as a pointer", d.line, key[1]))
			}
		}
	}
	require.Empty(t, bad, "see docs/conventions.md, \"Pointers and values\"")
}

// TestAsOfAndPolicyConventions: every asOf parameter is a time.Time; a
// policy override is a *model.Policy — the pol parameter after asOf, or
// an options struct's Policy field — never a value that cannot say "the
// dataset's".
func TestAsOfAndPolicyConventions(t *testing.T) {
	x := readAPI(t)
	var bad []string
	for _, d := range x.decls {
		var names []string
		for _, p := range d.fn.Params.List {
			typ := types(p.Type)
			for _, n := range p.Names {
				names = append(names, n.Name)
				switch {
				case n.Name == "asOf" && typ != "time.Time":
					bad = append(bad, d.line+": asOf is not a time.Time")
				case n.Name == "pol" && slices.Contains(names, "asOf") && typ != "*model.Policy":
					bad = append(bad, d.line+": a policy override that is not a *model.Policy")
				case typ == "*model.Policy" && (n.Name != "pol" || !slices.Contains(names, "asOf")):
					bad = append(bad, d.line+": a *model.Policy parameter not named pol after asOf")
				}
			}
		}
	}
	overrides := 0
	for pkg, fields := range x.fields {
		for name, typ := range fields {
			head, field, _ := strings.Cut(name, ".")
			switch {
			case strings.HasSuffix(head, "Options") && field == "Policy":
				overrides++
				if typ != "*model.Policy" {
					bad = append(bad, fmt.Sprintf("%s %s: a policy override that is not a *model.Policy", pkg, name))
				}
			case strings.HasSuffix(head, "Options") && typ == "model.Policy":
				bad = append(bad, fmt.Sprintf("%s %s: a policy value in options", pkg, name))
			}
		}
	}
	require.GreaterOrEqual(t, overrides, 3, "the options' policy fields were not read")
	require.Empty(t, bad, "see docs/conventions.md")
}

// types prints a type expression as the listing writes it.
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	case *ast.ArrayType:
		return "[]" + types(e.Elt)
	}
	return fmt.Sprintf("%T", e)
}
