package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/internal/strictjson"
)

// MaxDesigns is the most designs a sweep may expand to.
const MaxDesigns = 10_000

// Sweep varies a base design, like a NetLogo BehaviorSpace experiment or a
// Mesa batch run: a list of variants, a grid of parameter values, or both
// (every variant crossed with the whole grid). In JSON:
//
//	{
//	  "designs": [
//	    {"id": "all-families", "selection": {"method": "all"}},
//	    {"id": "cross-section"}
//	  ],
//	  "grid": {"opt_in_rate": [0.2, 0.35], "second_visit.offered": [true, false]}
//	}
//
// A variant is a partial design read over the base; a grid key is a design
// field's JSON path, as in the CSV columns. The grid's first key varies
// slowest. Designs without an id get "<base id>/<n>", and grid designs
// append "key=value,…" to their variant's id.
type Sweep struct {
	// Designs are partial designs, each read over the base design.
	Designs []json.RawMessage `json:"designs,omitempty"`
	// Grid lists the values of each field to cross, in order.
	Grid []Axis `json:"-"`

	source string // the file it was read from, for errors
}

// Axis is one dimension of a sweep's grid: a field (a JSON path such as
// "acceptance.rate") and its values as JSON.
type Axis struct {
	Field  string
	Values []json.RawMessage
}

// NewAxis returns the axis of field over values, each encoded as JSON.
func NewAxis(field string, values ...any) (Axis, error) {
	a := Axis{Field: field}
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			return Axis{}, &DesignError{Field: "grid." + field, Reason: err.Error()}
		}
		a.Values = append(a.Values, b)
	}
	return a, nil
}

// DecodeSweep reads a JSON sweep strictly: unknown fields are errors, and
// the grid keeps the order of its keys. name starts every error message;
// errors wrap [ErrDesign]. Fields and values are checked when the sweep is
// expanded ([Sweep.Expand]). A nil r is an error wrapping [ErrDesign].
func DecodeSweep(name string, r io.Reader) (Sweep, error) {
	if nilarg.Is(r) {
		return Sweep{}, &DesignError{Source: name, Reason: "nil reader"}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Sweep{}, &DesignError{Source: name, Reason: err.Error()}
	}
	var raw struct {
		Designs []json.RawMessage `json:"designs"`
		Grid    json.RawMessage   `json:"grid"`
	}
	if err := decodeStrict(name, data, &raw); err != nil {
		return Sweep{}, err
	}
	s := Sweep{Designs: raw.Designs, source: name}
	if len(raw.Grid) > 0 && !bytes.Equal(bytes.TrimSpace(raw.Grid), []byte("null")) {
		grid, err := decodeGrid(raw.Grid)
		if err != nil {
			return Sweep{}, &DesignError{Source: name, Line: strictjson.LineAt(data, int64(bytes.Index(data, raw.Grid))), Field: "grid", Reason: err.Error()}
		}
		s.Grid = grid
	}
	for i, v := range s.Designs {
		if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '{' {
			return Sweep{}, &DesignError{Source: name, Line: strictjson.LineAt(data, int64(bytes.Index(data, v))),
				Field: fmt.Sprintf("designs[%d]", i), Reason: "must be a JSON object"}
		}
	}
	if len(s.Designs) == 0 && len(s.Grid) == 0 {
		return Sweep{}, &DesignError{Source: name, Reason: `a sweep needs "designs", "grid" or both`}
	}
	return s, nil
}

// decodeGrid reads the grid object, keeping its keys in order.
func decodeGrid(data []byte) ([]Axis, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("must be an object of field: [values]")
	}
	var out []Axis
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := t.(string)
		var values []json.RawMessage
		if err := dec.Decode(&values); err != nil {
			return nil, fmt.Errorf("%s: must be a list of values", key)
		}
		if len(values) == 0 {
			return nil, fmt.Errorf("%s: lists no value", key)
		}
		for _, a := range out {
			if a.Field == key {
				return nil, fmt.Errorf("%s: listed twice", key)
			}
		}
		out = append(out, Axis{Field: key, Values: values})
	}
	return out, nil
}

// Expand returns the designs of the sweep over base: each variant (or the
// base alone when there is none) crossed with every point of the grid, in
// order. Every design is validated; an error names the sweep's file, the
// design and the field, and wraps [ErrDesign]. A grid axis with no value,
// which would expand to no design at all, is an error too.
func (s Sweep) Expand(base Design) ([]Design, error) {
	designs, err := s.expand(base)
	if err != nil && s.source != "" {
		return nil, withSource(err, s.source)
	}
	return designs, err
}

func (s Sweep) expand(base Design) ([]Design, error) {
	variants := []Design{base.clone()}
	if len(s.Designs) > 0 {
		variants = variants[:0]
		for i, raw := range s.Designs {
			d := base.clone()
			d.ID = ""
			if err := decodeStrict("", raw, &d); err != nil {
				return nil, sweepErr(err, fmt.Sprintf("designs[%d]", i), "")
			}
			if d.ID == "" {
				d.ID = fmt.Sprintf("%s/%d", base.ID, i+1)
			}
			variants = append(variants, d)
		}
	}
	points := 1
	for _, a := range s.Grid {
		if a.Field == "id" {
			return nil, &DesignError{Field: "grid.id", Reason: "the id cannot be varied; name designs in \"designs\""}
		}
		if len(a.Values) == 0 {
			return nil, &DesignError{Field: "grid." + a.Field, Reason: "lists no value"}
		}
		points *= len(a.Values)
		if points > MaxDesigns {
			return nil, &DesignError{Field: "grid", Reason: fmt.Sprintf("expands to more than %d designs", MaxDesigns)}
		}
	}
	if len(variants)*points > MaxDesigns {
		return nil, &DesignError{Field: "designs", Reason: fmt.Sprintf("expands to more than %d designs", MaxDesigns)}
	}
	var out []Design
	for _, v := range variants {
		for p := range points {
			d := v.clone()
			var label []string
			rest := p
			for k := len(s.Grid) - 1; k >= 0; k-- {
				a := s.Grid[k]
				j := rest % len(a.Values)
				rest /= len(a.Values)
				if err := setField(&d, a.Field, a.Values[j]); err != nil {
					return nil, err
				}
				label = append([]string{a.Field + "=" + valueLabel(a.Values[j])}, label...)
			}
			if len(label) > 0 {
				d.ID = v.ID + "/" + strings.Join(label, ",")
			}
			out = append(out, d)
		}
	}
	seen := map[string]bool{}
	var errs []error
	for _, d := range out {
		if seen[d.ID] {
			errs = append(errs, &DesignError{Design: d.ID, Field: "id", Reason: "two designs of the sweep have this id"})
		}
		seen[d.ID] = true
		if err := d.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// setField sets the field at a JSON path ("acceptance.rate") to value by
// decoding {"acceptance": {"rate": value}} over d.
func setField(d *Design, path string, value json.RawMessage) error {
	parts := strings.Split(path, ".")
	for _, p := range parts {
		if p == "" {
			return &DesignError{Field: "grid." + path, Reason: "not a field path"}
		}
	}
	var b bytes.Buffer
	for _, p := range parts {
		k, _ := json.Marshal(p)
		b.WriteString("{" + string(k) + ":")
	}
	b.Write(value)
	b.WriteString(strings.Repeat("}", len(parts)))
	if err := decodeStrict("", b.Bytes(), d); err != nil {
		return sweepErr(err, "grid", path)
	}
	return nil
}

// sweepErr names the part of the sweep a decoding error came from: where
// ("designs[2]" or "grid") and the field path within it (the decoder's
// own, else path).
func sweepErr(err error, where, path string) error {
	de, ok := errors.AsType[*DesignError](err)
	if !ok {
		return err
	}
	e := *de
	if e.Field == "" {
		e.Field = path
	}
	if e.Field != "" {
		e.Field = where + "." + e.Field
	} else {
		e.Field = where
	}
	e.Line = 0
	return &e
}

// valueLabel writes a grid value for a design id: strings unquoted, other
// JSON compacted.
func valueLabel(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, v) == nil {
		return b.String()
	}
	return string(v)
}
