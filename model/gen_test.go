package model_test

import (
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/internal/modelgen"
	"github.com/homevisits/pthv/model"
)

// contactMark starts every contact string the generator writes, so that a
// test can tell whether any contact data leaked into an output.
const contactMark = modelgen.ContactMark

// datasetGen generates small valid datasets (see [modelgen.Dataset]).
func datasetGen() *rapid.Generator[*model.Dataset] { return modelgen.Dataset() }
