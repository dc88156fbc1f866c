package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// policyDelta is a policy as a dataset file holds it: only the fields that
// differ from [DefaultPolicy]. Decoding reads a policy over the defaults,
// so writing only the differences decodes to the same policy — and a file
// that a command reads and writes back keeps the short policy section its
// author wrote instead of gaining every default of this version.
type policyDelta Policy

// MarshalJSON writes the fields that differ from the default, in the
// order Policy declares them.
func (p policyDelta) MarshalJSON() ([]byte, error) {
	got, def := reflect.ValueOf(Policy(p)), reflect.ValueOf(DefaultPolicy())
	typ := got.Type()
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || reflect.DeepEqual(got.Field(i).Interface(), def.Field(i).Interface()) {
			continue
		}
		v, err := json.Marshal(got.Field(i).Interface())
		if err != nil {
			return nil, err
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
