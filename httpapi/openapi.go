package httpapi

import (
	_ "embed"
	"encoding/json"
	"strings"

	"github.com/homevisits/pthv/schema"
)

//go:embed openapi.json
var openapiTemplate []byte

// openapiDoc is the served document: the template with the pthv/v1
// schema's definitions as its component schemas, built once.
var openapiDoc = mustBuildOpenAPI()

// OpenAPI returns the service's OpenAPI 3.1 document: the routes, and as
// component schemas every definition of the pthv/v1 JSON Schema (a
// proposed visit is a pthv/v1 visit of which only family, visitors and
// start are required).
func OpenAPI() []byte { return append([]byte(nil), openapiDoc...) }

func mustBuildOpenAPI() []byte {
	b, err := buildOpenAPI()
	if err != nil {
		panic("httpapi: the embedded OpenAPI document is broken: " + err.Error())
	}
	return b
}

func buildOpenAPI() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiTemplate, &doc); err != nil {
		return nil, err
	}
	var sch map[string]any
	if err := json.Unmarshal(schema.JSON(), &sch); err != nil {
		return nil, err
	}
	defs, _ := sch["$defs"].(map[string]any)
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, def := range defs {
		comps[name] = rewriteRefs(def)
	}
	if visit, ok := comps["Visit"].(map[string]any); ok {
		proposed := make(map[string]any, len(visit))
		for k, v := range visit {
			proposed[k] = v
		}
		proposed["description"] = "A proposed visit: a pthv/v1 visit of which family, visitors and start are required. " +
			"Left out, the id is made up (BK-FAMILY-YYYYMMDD-HHMM), the status is scheduled, arranged_at is as_of, the duration is the policy's, " +
			"the students are all the family's, the kind is first or second from their completed visits, and the location is home " +
			"(or the family's recorded preference)."
		proposed["required"] = []any{"family", "visitors", "start"}
		comps["ProposedVisit"] = proposed
	}
	return json.MarshalIndent(doc, "", "  ")
}

// rewriteRefs points the schema's "#/$defs/X" references at
// "#/components/schemas/X".
func rewriteRefs(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && k == "$ref" {
				t[k] = strings.Replace(s, "#/$defs/", "#/components/schemas/", 1)
				continue
			}
			t[k] = rewriteRefs(x)
		}
	case []any:
		for i, x := range t {
			t[i] = rewriteRefs(x)
		}
	}
	return v
}
