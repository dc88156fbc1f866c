package simulate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/homevisits/pthv/internal/nilarg"
)

// MetaFormat names the format of a [Meta] file.
const MetaFormat = "pthv-simulate-meta/1"

// Meta is the sidecar of a run's CSV (runs.meta.json): which program made
// it, with which command, every design in full (after defaults and the
// sweep), their SHA-256, the options, the slice a shard holds, and the
// columns with their types and units. [DecodeMeta] reads it back, and
// running its designs with its options ([Meta.Options]) writes the same
// CSV byte for byte.
type Meta struct {
	Format string `json:"format"`
	// Tool, Version and Revision name the program that wrote the file:
	// "pthv", its module version ("(devel)" in a checkout) and source
	// revision; GoVersion the Go release it was built with.
	Tool      string `json:"tool"`
	Version   string `json:"version"`
	Revision  string `json:"revision,omitempty"`
	GoVersion string `json:"go_version,omitempty"`
	// CommandLine is the command that wrote the file, word by word.
	CommandLine []string `json:"command_line"`

	Mode      Mode   `json:"mode"`
	Runs      int    `json:"runs"`
	Seed      string `json:"seed"` // as FormatSeed writes it
	ExactSeed bool   `json:"exact_seed"`
	// Shard is the slice the CSV holds, "K/N" ("1/1": the whole run);
	// FirstRun and LastRun the run_ids of its first and last rows, of
	// TotalRuns in the whole run.
	Shard     string `json:"shard"`
	FirstRun  int    `json:"first_run"`
	LastRun   int    `json:"last_run"`
	TotalRuns int    `json:"total_runs"`

	// Designs are the designs run, in full; DesignSHA256 is the SHA-256
	// of their JSON encoding (encoding/json, as in this file).
	Designs      []Design `json:"designs"`
	DesignSHA256 string   `json:"design_sha256"`
	// Outcomes says what the projected outcomes rest on.
	Outcomes string `json:"outcomes"`
	// Columns describes the runs CSV.
	Columns []Column `json:"columns"`
	// Outputs maps each file the run wrote to its SHA-256.
	Outputs map[string]string `json:"outputs,omitempty"`
}

// DesignHash returns the SHA-256, in hex, of the JSON encoding of designs:
// the same designs give the same hash on any machine.
func DesignHash(designs []Design) string {
	b, err := json.Marshal(designs)
	if err != nil { // a NaN field: not a design Run accepts
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Meta returns the meta record of r; the caller fills the program's
// name, version and command line, and the outputs. It is the zero Meta
// for a nil *Results.
func (r *Results) Meta() Meta {
	if r == nil {
		return Meta{}
	}
	total := r.total()
	first, last := r.Shard.Range(total)
	return Meta{
		Format:       MetaFormat,
		Tool:         "pthv",
		Mode:         r.Mode,
		Runs:         r.Runs,
		Seed:         FormatSeed(r.Seed),
		ExactSeed:    r.ExactSeed,
		Shard:        r.Shard.String(),
		FirstRun:     first,
		LastRun:      last,
		TotalRuns:    total,
		Designs:      r.Designs,
		DesignSHA256: DesignHash(r.Designs),
		Outcomes:     "Projected outcomes are associations from one observational study (Sheldon & Jung 2018, K-8 schools of urban districts), not causal effects; each design's outcomes.model names the model that produced them.",
		Columns:      Columns(),
	}
}

// WriteMeta writes m as indented JSON with a final newline. A nil writer
// is an error.
func WriteMeta(w io.Writer, m Meta) error {
	if nilarg.Is(w) {
		return &DesignError{Reason: "WriteMeta: nil writer"}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// DecodeMeta reads a meta file strictly (unknown fields are errors) and
// checks it: its format, the hash of its designs, each design, the seed
// and the shard. name starts every error; errors wrap [ErrDesign].
func DecodeMeta(name string, r io.Reader) (Meta, error) {
	if nilarg.Is(r) {
		return Meta{}, &DesignError{Source: name, Reason: "nil reader"}
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Meta{}, &DesignError{Source: name, Reason: err.Error()}
	}
	var m Meta
	if err := decodeStrict(name, data, &m); err != nil {
		return Meta{}, err
	}
	if m.Format != MetaFormat {
		return Meta{}, &DesignError{Source: name, Field: "format", Reason: fmt.Sprintf("want %q, got %q", MetaFormat, m.Format)}
	}
	if got := DesignHash(m.Designs); got != m.DesignSHA256 {
		return Meta{}, &DesignError{Source: name, Field: "design_sha256", Reason: fmt.Sprintf("the designs hash to %s, not %s: the file was edited", got, m.DesignSHA256)}
	}
	if _, err := m.Options(); err != nil {
		return Meta{}, withSource(err, name)
	}
	if err := checkRun(m.Designs, mustOptions(m)); err != nil {
		return Meta{}, withSource(err, name)
	}
	return m, nil
}

// Options returns the options of the run m records: runs, seed, mode,
// shard and exact seed.
func (m Meta) Options() (Options, error) {
	seed, err := ParseSeed(m.Seed)
	if err != nil {
		return Options{}, &DesignError{Field: "seed", Reason: err.Error()}
	}
	opt := Options{Runs: m.Runs, Seed: seed, Mode: m.Mode, ExactSeed: m.ExactSeed}
	if m.Shard != "" && m.Shard != "1/1" {
		if opt.Shard, err = ParseShard(m.Shard); err != nil {
			return Options{}, &DesignError{Field: "shard", Reason: err.Error()}
		}
	}
	return opt, nil
}

func mustOptions(m Meta) Options {
	opt, _ := m.Options()
	return opt
}

// SameRun reports why metas a and b do not record slices of one run (the
// same designs, runs, seed and mode), or nil when they do.
func SameRun(a, b Meta) error {
	switch {
	case a.DesignSHA256 != b.DesignSHA256:
		return fmt.Errorf("the designs differ (design_sha256 %s, %s)", a.DesignSHA256, b.DesignSHA256)
	case a.Runs != b.Runs || a.Seed != b.Seed || a.Mode != b.Mode || a.ExactSeed != b.ExactSeed:
		return fmt.Errorf("the options differ (runs %d/%d, seed %s/%s, mode %s/%s)", a.Runs, b.Runs, a.Seed, b.Seed, a.Mode, b.Mode)
	case !bytes.Equal(mustJSON(a.Columns), mustJSON(b.Columns)):
		return fmt.Errorf("the columns differ: written by different versions")
	}
	return nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
