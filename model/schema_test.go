package model_test

import (
	"bytes"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/schema"
)

// TestEncodedDatasetsFollowTheSchema checks that every dataset this
// package writes — generated with every optional field sometimes set —
// validates against schema/pthv-v1.schema.json with an independent
// validator.
func TestEncodedDatasetsFollowTheSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.JSON()))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource(schema.ID, doc))
	sch, err := c.Compile(schema.ID)
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		ds := datasetGen().Draw(t, "dataset")
		out := encodeDS(t, ds, model.EncodeOptions{IncludeContacts: true, Compact: rapid.Bool().Draw(t, "compact")})
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		require.NoError(t, err)
		require.NoError(t, sch.Validate(inst), "%s", out)
	})
}
