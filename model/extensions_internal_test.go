package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// marked reads a test document in which ⟦ and ⟧ enclose what
// dropExtensions blanks: it returns the document and the document with
// those parts blanked (line breaks kept).
func marked(doc string) (in, want string) {
	var a, b strings.Builder
	blanking := false
	for _, r := range doc {
		switch {
		case r == '⟦':
			blanking = true
		case r == '⟧':
			blanking = false
		default:
			a.WriteRune(r)
			if blanking && r != '\n' {
				b.WriteString(strings.Repeat(" ", len(string(r))))
			} else {
				b.WriteRune(r)
			}
		}
	}
	return a.String(), b.String()
}

func TestDropExtensions(t *testing.T) {
	tests := []struct{ name, doc string }{
		{"no extension", `{"a":1,"b":[{"c":2}]}`},
		{"only member", `{⟦"x_a":1⟧}`},
		{"first member", `{⟦"x_a":1,⟧"b":2}`},
		{"middle member", `{"a":1,⟦"x_b":2,⟧"c":3}`},
		{"last member", `{"a":1⟦,⟧⟦"x_b":2⟧}`},
		{"last two members", `{"a":1⟦,⟧⟦"x_b":2,⟧⟦"x_c":3⟧}`},
		{"every member", `{⟦"x_a":1,⟧⟦"x_b":2⟧}`},
		{"nested in arrays", `[{"a":[{⟦"x_b":{"c":[1]}⟧}]}]`},
		{"value of any kind", `{⟦"x_a":{"b":[1,"}",null]},⟧"c":true}`},
		{"spaces and line breaks stay", "{\n  \"a\": 1⟦,⟧\n  ⟦\"x_b\": [\n    2\n  ]⟧\n}"},
		{"an empty name after the prefix", `{⟦"x_":1⟧}`},
		{"escaped key", `{⟦"\u0078_a":1,⟧"b":2}`},
		{"escaped quote in a key", `{⟦"x_\"":1,⟧"b":2}`},
		{"a value that looks like a key", `{"a":"x_b","c":"\"x_d"}`},
		{"upper case is no extension", `{"X_a":1}`},
		{"attributes are data", `{"attributes":{"x_flag":"yes"}⟦,⟧⟦"x_b":1⟧}`},
		{"in any case, as the decoder reads them", `{"Attributes":{"x_flag":"yes"}}`},
		{"scope is data", `{"scope":{"x_key":"v"}}`},
		{"a data map's values are not", `{"scope":{"k":{⟦"x_a":1⟧}}}`},
		{"trailing comma left for the decoder", `{"x_a":1,}`},
		{"a value that is not JSON", `{"x_a":tru}`},
		{"a bad escape in the value", `{"x_a":"\q"}`},
		{"syntax error after a member", `{⟦"x_a":1,⟧"b":}`},
		{"truncated", `{⟦"x_a":1,⟧"b":[`},
		{"not JSON", `x_a`},
		{"empty", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, want := marked(tt.doc)
			in := []byte(doc)
			got := dropExtensions(in)
			require.Equal(t, want, string(got))
			require.Equal(t, doc, string(in), "the input must not change")
		})
	}
}

func TestDropExtensionsDoesNotCopyWithoutExtensions(t *testing.T) {
	in := []byte(`{"a":"\"quoted\"","b":[1,2]}`)
	got := dropExtensions(in)
	require.Equal(t, &in[0], &got[0])
}

// jsonValue generates JSON values whose keys include extensions, data
// maps and keys that json.Marshal escapes, nested up to depth.
func jsonValue(depth int) *rapid.Generator[any] {
	leaf := rapid.OneOf(
		rapid.Map(rapid.SampledFrom([]string{"", "x_a", `"}`, "a,b", "é"}), func(s string) any { return s }),
		rapid.Map(rapid.IntRange(-5, 5), func(n int) any { return float64(n) }),
		rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		rapid.Just[any](nil),
	)
	if depth == 0 {
		return leaf
	}
	keys := rapid.SampledFrom([]string{"a", "b", "x_", "x_a", "x_b", "X_c", "<x", "x_<", "attributes", "scope", "xa"})
	return rapid.OneOf(leaf,
		rapid.Map(rapid.SliceOfN(jsonValue(depth-1), 0, 3), func(v []any) any { return v }),
		rapid.Map(rapid.MapOfN(keys, jsonValue(depth-1), 0, 4), func(m map[string]any) any { return m }),
	)
}

// withoutExtensions is dropExtensions' oracle on decoded JSON.
func withoutExtensions(v any, fields bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if fields && strings.HasPrefix(k, ExtensionPrefix) {
				continue
			}
			_, isMap := x.(map[string]any)
			out[k] = withoutExtensions(x, !(fields && isMap && isDataMapKey([]byte(k))))
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = withoutExtensions(x, true)
		}
		return out
	}
	return v
}

// TestDropExtensionsProperty checks dropExtensions against an oracle on
// decoded values, and that it keeps every offset and line break.
func TestDropExtensionsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := jsonValue(4).Draw(t, "value")
		indent := rapid.SampledFrom([]string{"", "  ", "\t"}).Draw(t, "indent")
		in, err := json.MarshalIndent(v, "", indent)
		require.NoError(t, err)
		out := dropExtensions(in)
		require.Len(t, out, len(in))
		for i := range in {
			require.Equal(t, in[i] == '\n', out[i] == '\n', "line breaks move at %d", i)
		}
		var got any
		require.NoError(t, json.Unmarshal(out, &got), "not JSON:\n%s", out)
		require.Equal(t, withoutExtensions(v, true), got, "in:\n%s\nout:\n%s", in, out)
	})
}

// TestIsDataMapKeyNamesTheMaps checks that the keys whose objects are
// data are exactly the JSON names of the format's map-valued fields.
func TestIsDataMapKeyNamesTheMaps(t *testing.T) {
	fields := map[string]bool{} // JSON name → is a map
	var walk func(reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] || typ.PkgPath() != reflect.TypeFor[Dataset]().PkgPath() {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			if !f.IsExported() {
				continue
			}
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			fields[name] = fields[name] || f.Type.Kind() == reflect.Map
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Dataset]())
	require.NotEmpty(t, fields)
	for name, isMap := range fields {
		require.Equal(t, isMap, isDataMapKey([]byte(name)), "field %q", name)
	}
}

func FuzzDropExtensions(f *testing.F) {
	f.Add([]byte(`{"a":1,"x_b":{"c":[1,{"x_d":2}]},"attributes":{"x_e":"f"}}`))
	f.Add([]byte(`{"x_a":1,}`))
	f.Add([]byte(`[{"\u0078_a":"\""}]`))
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		out := dropExtensions(in)
		require.Equal(t, orig, in, "the input must not change")
		require.Len(t, out, len(in))
		for i := range in {
			require.Equal(t, in[i] == '\n', out[i] == '\n', "line breaks move at %d", i)
		}
		// Blanking whole members never makes invalid JSON valid, nor
		// valid JSON invalid, and drops exactly the extensions.
		require.Equal(t, json.Valid(in), json.Valid(out), "out:\n%s", out)
		var before, after any
		if json.Unmarshal(in, &before) == nil {
			require.NoError(t, json.Unmarshal(out, &after))
			require.Equal(t, withoutExtensions(before, true), after)
		}
	})
}
