package schema

import (
	"bytes"
	_ "embed" // the schema file, built into the package
)

// ID is the schema's $id: the URI under which validators know it.
const ID = "https://github.com/homevisits/pthv/schema/pthv-v1.schema.json"

//go:embed pthv-v1.schema.json
var schemaJSON []byte

// JSON returns the schema document, pthv-v1.schema.json. Each call returns
// a fresh copy, which the caller may change.
func JSON() []byte { return bytes.Clone(schemaJSON) }
