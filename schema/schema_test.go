package schema_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices/practicestest"
	"github.com/homevisits/pthv/schema"
	"github.com/homevisits/pthv/synth"
)

// compile compiles the schema, or the definition at the JSON pointer
// fragment ptr ("#/$defs/Duration"), with formats asserted.
func compile(t testing.TB, ptr string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.JSON()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(schema.ID, doc))
	sch, err := c.Compile(schema.ID + ptr)
	require.NoError(t, err)
	return sch
}

// validate reports whether the JSON document data is valid against sch.
func validate(t require.TestingT, sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err, "not JSON: %s", data)
	return sch.Validate(inst)
}

// defs returns the schema's definitions as generic JSON.
func defs(t *testing.T) map[string]map[string]any {
	t.Helper()
	var doc struct {
		Defs map[string]map[string]any `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(schema.JSON(), &doc))
	return doc.Defs
}

func TestSchemaCompiles(t *testing.T) {
	compile(t, "")
	var doc map[string]any
	require.NoError(t, json.Unmarshal(schema.JSON(), &doc))
	require.Equal(t, "https://json-schema.org/draft/2020-12/schema", doc["$schema"])
	require.Equal(t, schema.ID, doc["$id"])
}

// modelPkg is the import path of the model package.
var modelPkg = reflect.TypeFor[model.Dataset]().PkgPath()

// jsonField is a field of a model struct as JSON sees it.
type jsonField struct {
	name      string
	typ       reflect.Type
	omitempty bool // omitted when zero: the writer never writes its zero value
}

// jsonFieldsOf lists the JSON fields of struct type typ, embedded structs
// flattened, in declaration order.
func jsonFieldsOf(typ reflect.Type) []jsonField {
	var out []jsonField
	for f := range typ.Fields() {
		if !f.IsExported() {
			continue
		}
		if f.Anonymous {
			out = append(out, jsonFieldsOf(f.Type)...)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		out = append(out, jsonField{name, f.Type, omit})
	}
	return out
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// typeChecker walks the model's types and the schema's definitions
// together.
type typeChecker struct {
	t    *testing.T
	defs map[string]map[string]any
	seen map[string]bool
	// written lists the named string types of the optional fields that
	// are written even when empty (no omitempty): their enumerations must
	// allow "".
	written map[string]bool
}

// resolve follows a property's $ref, if it has one, to its definition,
// and returns the definition's name ("" for an inline schema).
func (c *typeChecker) resolve(path string, prop map[string]any) (string, map[string]any) {
	ref, ok := prop["$ref"].(string)
	if !ok {
		return "", prop
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	require.True(c.t, ok, "%s: $ref %q", path, ref)
	def, ok := c.defs[name]
	require.True(c.t, ok, "%s: no definition %q", path, name)
	c.seen[name] = true
	return name, def
}

// typeOf returns the JSON type of a schema, following $refs.
func (c *typeChecker) typeOf(path string, prop map[string]any) string {
	for {
		if typ, ok := prop["type"].(string); ok {
			return typ
		}
		name, def := c.resolve(path, prop)
		require.NotEmpty(c.t, name, "%s: no type and no $ref", path)
		prop = def
	}
}

func (c *typeChecker) structDef(typ reflect.Type) {
	name := typ.Name()
	def, ok := c.defs[name]
	require.True(c.t, ok, "no definition %q for model.%s", name, name)
	if c.seen[name+" (struct)"] {
		return
	}
	c.seen[name+" (struct)"], c.seen[name] = true, true
	require.Equal(c.t, "object", def["type"], name)
	require.Equal(c.t, false, def["additionalProperties"], "%s: additionalProperties", name)
	require.Equal(c.t, []any{"^x_"}, keys(def["patternProperties"]), "%s: extension fields", name)
	props, _ := def["properties"].(map[string]any)
	fields := jsonFieldsOf(typ)
	var names []string
	for _, f := range fields {
		names = append(names, f.name)
	}
	require.ElementsMatch(c.t, names, slices.Collect(mapKeys(props)), "%s: properties against model.%s's JSON fields", name, name)
	required, _ := def["required"].([]any)
	for _, r := range required {
		require.Contains(c.t, names, r, "%s: required", name)
	}
	for _, f := range fields {
		path := name + "." + f.name
		c.field(path, f.typ, props[f.name].(map[string]any))
		if !f.omitempty && !slices.Contains(required, any(f.name)) && f.typ.Kind() == reflect.String && f.typ.PkgPath() == modelPkg {
			c.written[f.typ.Name()] = true
		}
	}
}

// field checks one field's schema; it or the definition it refers to
// says what the field means.
func (c *typeChecker) field(path string, typ reflect.Type, prop map[string]any) {
	described := prop
	if items, ok := prop["items"].(map[string]any); ok && prop["description"] == nil {
		described = items
	}
	if described["description"] == nil {
		_, described = c.resolve(path, described)
	}
	require.NotEmpty(c.t, described["description"], "%s: no description", path)
	c.value(path, typ, prop)
}

func (c *typeChecker) value(path string, typ reflect.Type, prop map[string]any) {
	named := func(want string) {
		name, _ := c.resolve(path, prop)
		require.Equal(c.t, want, name, "%s: want a $ref to #/$defs/%s", path, want)
	}
	switch {
	case typ == reflect.TypeFor[time.Time]():
		named("Instant")
	case typ == reflect.TypeFor[time.Weekday]():
		named("Weekday")
	case typ.Kind() == reflect.Pointer:
		c.value(path, typ.Elem(), prop)
	case typ.PkgPath() == modelPkg && (reflect.PointerTo(typ).Implements(textUnmarshaler) ||
		typ.Kind() == reflect.String || typ.Kind() == reflect.Int):
		// A named scalar: Date, Duration, an id, an enumeration, Grade.
		named(typ.Name())
		want := "integer"
		if typ.Kind() == reflect.String || reflect.PointerTo(typ).Implements(textUnmarshaler) {
			want = "string"
		}
		require.Equal(c.t, want, c.typeOf(path, prop), "%s: JSON type of model.%s", path, typ.Name())
	case typ.Kind() == reflect.Struct:
		named(typ.Name())
		c.structDef(typ)
	case typ.Kind() == reflect.Slice:
		require.Equal(c.t, "array", prop["type"], path)
		c.value(path+"[]", typ.Elem(), prop["items"].(map[string]any))
	case typ.Kind() == reflect.Map:
		require.Equal(c.t, "object", prop["type"], path)
		require.Equal(c.t, reflect.String, typ.Key().Kind(), path)
		require.Equal(c.t, reflect.String, typ.Elem().Kind(), path)
		require.Equal(c.t, map[string]any{"type": "string"}, prop["additionalProperties"], "%s: a map of strings", path)
		require.Nil(c.t, prop["patternProperties"], "%s: the keys of a map are data", path)
	case typ.Kind() == reflect.Uint64:
		named("Seed")
	default:
		want := map[reflect.Kind]string{reflect.String: "string", reflect.Bool: "boolean",
			reflect.Int: "integer", reflect.Int64: "integer", reflect.Float64: "number"}[typ.Kind()]
		require.NotEmpty(c.t, want, "%s: Go kind %s not covered", path, typ.Kind())
		require.Equal(c.t, want, c.typeOf(path, prop), path)
	}
}

func keys(v any) []any {
	m, _ := v.(map[string]any)
	var out []any
	for k := range m {
		out = append(out, k)
	}
	return out
}

func mapKeys(m map[string]any) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestSchemaMatchesGoTypes checks the schema against the Go types of
// model.Dataset and everything under it: each struct has a definition of
// its name whose properties are exactly its JSON fields, each field's
// schema has the JSON type its Go type reads (named types by $ref to the
// definition of their name), every object refuses unknown fields other
// than extensions, and no definition is unused.
func TestSchemaMatchesGoTypes(t *testing.T) {
	c := &typeChecker{t: t, defs: defs(t), seen: map[string]bool{}, written: map[string]bool{}}
	var root map[string]any
	require.NoError(t, json.Unmarshal(schema.JSON(), &root))
	require.Equal(t, "#/$defs/Dataset", root["$ref"])
	c.value("Dataset", reflect.TypeFor[model.Dataset](), root)
	for name, def := range c.defs {
		require.True(t, c.seen[name], "definition %q is not used", name)
		require.NotEmpty(t, def["description"], "definition %q has no description", name)
	}
	for name, def := range c.defs {
		if enum, ok := def["enum"].([]any); ok {
			require.Equal(t, c.written[name], slices.Contains(enum, ""),
				"%s: \"\" is a value exactly when some field writes the type even when it is empty", name)
		}
	}
}

// modelEnums reads model/enums.go and returns, for each enumerated type,
// its constants' values.
func modelEnums(t *testing.T) map[string][]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../model/enums.go", nil, 0)
	require.NoError(t, err)
	enums := map[string][]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			typ, ok := v.Type.(*ast.Ident)
			if !ok || len(v.Values) != 1 {
				continue
			}
			lit, ok := v.Values[0].(*ast.BasicLit)
			require.True(t, ok && lit.Kind == token.STRING, "const of %s is not a string literal", typ.Name)
			text, err := strconv.Unquote(lit.Value)
			require.NoError(t, err)
			enums[typ.Name] = append(enums[typ.Name], text)
		}
	}
	require.Len(t, enums, 15)
	return enums
}

// TestEnumsMatchModel checks every enumeration of the schema against the
// constants of model/enums.go, and each value against the type's own
// UnmarshalText.
func TestEnumsMatchModel(t *testing.T) {
	d := defs(t)
	types := map[string]reflect.Type{}
	var collect func(reflect.Type)
	collect = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.PkgPath() != modelPkg || types[typ.Name()] != nil {
			return
		}
		types[typ.Name()] = typ
		if typ.Kind() == reflect.Struct {
			for _, f := range jsonFieldsOf(typ) {
				collect(f.typ)
			}
		}
	}
	collect(reflect.TypeFor[model.Dataset]())

	for name, values := range modelEnums(t) {
		def, ok := d[name]
		require.True(t, ok, "no definition for model.%s", name)
		var got []string
		for _, v := range def["enum"].([]any) {
			if v != "" {
				got = append(got, v.(string))
			}
		}
		require.Equal(t, values, got, "%s: the model's values in its order", name)
		typ, ok := types[name]
		require.True(t, ok, "model.%s is not in a dataset", name)
		for _, v := range append(values, "") {
			u := reflect.New(typ).Interface().(encoding.TextUnmarshaler)
			require.NoError(t, u.UnmarshalText([]byte(v)), "%s %q", name, v)
		}
		u := reflect.New(typ).Interface().(encoding.TextUnmarshaler)
		require.Error(t, u.UnmarshalText([]byte("no-such-value")), name)
	}
}

// moduleRoot is the root of the module, where go.mod is.
const moduleRoot = ".."

// pthvTestdata returns every JSON file under a testdata folder of the
// module whose format is pthv/v1.
func pthvTestdata(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != moduleRoot {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".json" || !slices.Contains(strings.Split(filepath.ToSlash(path), "/"), "testdata") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var head struct {
			Format string `json:"format"`
		}
		if json.Unmarshal(b, &head) == nil && head.Format == model.Format {
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

func TestTestdataValidates(t *testing.T) {
	sch := compile(t, "")
	files := pthvTestdata(t)
	require.GreaterOrEqual(t, len(files), 7, "%v", files)
	for _, path := range files {
		t.Run(filepath.ToSlash(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			_, err = model.DecodeDataset(path, bytes.NewReader(b))
			require.NoError(t, err, "pthv reads it")
			require.NoError(t, validate(t, sch, b))
		})
	}
}

// TestSynthValidates checks what `pthv synth` writes: a synthetic district
// encoded as the command encodes it, contacts included or not.
func TestSynthValidates(t *testing.T) {
	sch := compile(t, "")
	for _, tc := range []struct {
		name      string
		seed      uint64
		contacts  bool
		compliant bool
	}{
		{"default", 1, false, false},
		{"contacts", 2, true, false},
		{"compliant", 10451216379200822465, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := synth.DefaultConfig()
			cfg.Contacts = tc.contacts
			if tc.compliant {
				cfg.Deviations = synth.Compliant()
			}
			ds, err := synth.District(cfg, tc.seed)
			require.NoError(t, err)
			var out bytes.Buffer
			require.NoError(t, model.EncodeDataset(&out, ds, model.EncodeOptions{IncludeContacts: tc.contacts}))
			require.NoError(t, validate(t, sch, out.Bytes()))
		})
	}
}

// TestGeneratedDatasetsValidate checks the datasets of practicestest's
// generator, which records every kind of practice, encoded with contacts.
func TestGeneratedDatasetsValidate(t *testing.T) {
	sch := compile(t, "")
	rapid.Check(t, func(t *rapid.T) {
		ds := practicestest.Dataset().Draw(t, "dataset")
		var out bytes.Buffer
		require.NoError(t, model.EncodeDataset(&out, ds, model.EncodeOptions{IncludeContacts: true, Compact: true}))
		require.NoError(t, validate(t, sch, out.Bytes()))
	})
}

// everyField returns model/testdata/every_field.json, which sets every
// field of every record.
func everyField(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../model/testdata/every_field.json")
	require.NoError(t, err)
	return string(b)
}

// TestKnownBadDocumentsFail edits a valid dataset into invalid ones, one
// fault each, that both the schema and pthv refuse.
func TestKnownBadDocumentsFail(t *testing.T) {
	sch := compile(t, "")
	good := everyField(t)
	require.NoError(t, validate(t, sch, []byte(good)))
	tests := []struct{ name, old, new string }{
		{"another format", `"format": "pthv/v1"`, `"format": "pthv/v2"`},
		{"no format", `"format": "pthv/v1",`, ``},
		{"no calendar", `"calendar": {`, `"x_calendar": {`},
		{"an unknown section", `"revision": 3,`, `"revision": 3, "parents": [],`},
		{"an unknown field", `"needs_interpreter": true,`, `"needs_interpreter": true, "mood": "ok",`},
		{"an upper-case extension", `"needs_interpreter": true,`, `"needs_interpreter": true, "X_mood": "ok",`},
		{"a negative revision", `"revision": 3`, `"revision": -1`},
		{"a duration in words", `"duration": "40m"`, `"duration": "40 minutes"`},
		{"a negative duration", `"duration": "40m"`, `"duration": "-40m"`},
		{"a duration as a number", `"duration": "40m"`, `"duration": 2400000000000`},
		{"a day count without its unit", `"policy": {`, `"policy": {"reflect_within": "5",`},
		{"a date without zeros", `"first_day": "2025-08-18"`, `"first_day": "2025-8-18"`},
		{"a day that does not exist", `"first_day": "2025-08-18"`, `"first_day": "2025-02-30"`},
		{"a clock time without zeros", `"start": "08:00"`, `"start": "8:00"`},
		{"a clock time past midnight", `"end": "15:00"`, `"end": "24:30"`},
		{"a month-day that does not exist", `"winter": "12-01"`, `"winter": "11-31"`},
		{"an instant without offset", `"sent_at": "2025-08-01T16:00:00-07:00"`, `"sent_at": "2025-08-01T16:00:00"`},
		{"an unknown status", `"status": "completed"`, `"status": "done"`},
		{"an empty status", `"status": "completed"`, `"status": ""`},
		{"an unknown topic", `"kind": "hopes-and-dreams"`, `"kind": "grades"`},
		{"weekday 7", `"weekday": 2`, `"weekday": 7`},
		{"grade 13", `"grade": 5`, `"grade": 13`},
		{"a negative amount", `"amount_cents": 2667`, `"amount_cents": -1`},
		{"too much money", `"amount_cents": 2667`, `"amount_cents": 10000001`},
		{"a seed with a leading zero", `"seed": 42`, `"seed": "042"`},
		{"a negative seed", `"seed": 42`, `"seed": -42`},
		{"a seed out of range", `"seed": 42`, `"seed": 18446744073709551616`},
		{"a policy out of bounds", `"policy": {`, `"policy": {"min_cell_size": 5,`},
		{"a school event without its school", `"level": "school",
      "school": "S1",`, `"level": "school",`},
		{"an empty id", `"id": "F2"`, `"id": ""`},
		{"a year id that is not a file name", `"id": "2025-26"`, `"id": "../2025-26"`},
		{"the machine's time zone", `"time_zone": "America/Los_Angeles"`, `"time_zone": "Local"`},
		{"a time zone that is a file", `"time_zone": "America/Los_Angeles"`, `"time_zone": "posixrules"`},
		{"a pair of one", `"educators": [
        "E1",
        "E2"
      ]
    }
  ],
  "plans"`, `"educators": [
        "E1"
      ]
    }
  ],
  "plans"`},
		{"a null section", `"withdrawals": [`, `"withdrawals": null, "x_w": [`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, 1, strings.Count(good, tt.old), "%q must occur once", tt.old)
			bad := strings.Replace(good, tt.old, tt.new, 1)
			require.Error(t, validate(t, sch, []byte(bad)), "the schema accepts it")
			if tt.name != "a null section" { // pthv reads null as an absent section
				_, err := model.DecodeDataset("bad.json", strings.NewReader(bad))
				require.Error(t, err, "pthv reads it")
			}
		})
	}
}

// TestRequiredFieldsAreThoseReadersNeed removes each field of
// model/testdata/every_field.json in turn. Whenever the schema refuses the
// result, pthv must refuse it too: the schema's required fields are ones
// pthv cannot do without. pthv refuses more only where removing a whole
// section leaves references dangling, which the schema does not check.
func TestRequiredFieldsAreThoseReadersNeed(t *testing.T) {
	sch := compile(t, "")
	dec := json.NewDecoder(strings.NewReader(everyField(t)))
	dec.UseNumber()
	var doc any
	require.NoError(t, dec.Decode(&doc))

	// Paths as /section/field, indices and ids left out.
	var onlyPthv []string
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(mapKeys(v)) {
				x := v[k]
				delete(v, k)
				b, err := json.Marshal(doc)
				require.NoError(t, err)
				v[k] = x
				schemaOK := validate(t, sch, b) == nil
				_, err = model.DecodeDataset("edited.json", bytes.NewReader(b))
				if !schemaOK {
					require.Error(t, err, "without %s/%s: the schema refuses, pthv reads", path, k)
				}
				if schemaOK && err != nil && !slices.Contains(onlyPthv, path+"/"+k) {
					onlyPthv = append(onlyPthv, path+"/"+k)
				}
				if k != "attributes" && k != "scope" {
					walk(x, path+"/"+k)
				}
			}
		case []any:
			for _, x := range v {
				walk(x, path)
			}
		}
	}
	walk(doc, "")
	require.ElementsMatch(t, []string{
		// Sections other records refer to.
		"/classes", "/educators", "/families", "/plans", "/schools", "/students",
	}, onlyPthv)
}
