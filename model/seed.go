package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// seedJSON is a 64-bit seed — [Plan.Seed], [Policy.MonteCarloSeed] — as a
// dataset may hold it: a JSON number, which is what pthv writes, or the
// same number written as a string of decimal digits
// ("10451216379200822465"). A reader whose JSON numbers are doubles
// cannot hold every 64-bit seed exactly, so it may write the string to
// give a seed back unchanged.
type seedJSON uint64

// UnmarshalJSON reads a seed from a whole JSON number from 0 to
// 18446744073709551615, or from a string of its decimal digits without
// leading zeros; null leaves it as it is.
func (s *seedJSON) UnmarshalJSON(b []byte) error {
	if s == nil {
		return nilInput("seed.UnmarshalJSON", "receiver")
	}
	if string(b) == "null" {
		return nil
	}
	digits := b
	if len(b) > 0 && b[0] == '"' {
		var text string
		if err := json.Unmarshal(b, &text); err != nil {
			return fmt.Errorf("seed %s: %v", b, err)
		}
		digits = []byte(text)
	}
	v, err := strconv.ParseUint(string(digits), 10, 64)
	if err != nil || len(digits) > 1 && digits[0] == '0' || bytes.ContainsAny(digits, "+-_") {
		return fmt.Errorf("seed %s: want a whole number from 0 to %d, as a JSON number or a string of its digits", b, uint64(1<<64-1))
	}
	*s = seedJSON(v)
	return nil
}

// UnmarshalJSON reads a plan, strictly; its seed may be a JSON number or
// a string of digits (see the pthv/v1 schema).
func (p *Plan) UnmarshalJSON(b []byte) error {
	if p == nil {
		return nilInput("Plan.UnmarshalJSON", "receiver")
	}
	type plain Plan
	var q struct {
		plain
		Seed seedJSON `json:"seed"`
	}
	if err := strictUnmarshal(b, &q); err != nil {
		return unembedded(err, "Plan")
	}
	*p = Plan(q.plain)
	p.Seed = uint64(q.Seed)
	return nil
}

// unembedded removes from a type error the name of the embedded struct
// that Plan's and Policy's decoders read through, so that the error names
// the field as the document spells it ("count", not "plain.count"), in
// the struct typ.
func unembedded(err error, typ string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		te.Struct, te.Field = typ, strings.TrimPrefix(te.Field, "plain.")
	}
	return err
}
