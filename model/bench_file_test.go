package model_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/homevisits/pthv/model"
)

// BenchmarkDecodeFile decodes a dataset file, so that figures from
// different versions of the decoder are taken on the same bytes: "read"
// reads it without validating (the read throughput), "decode" is
// DecodeDataset, validation included. It runs only when
// PTHV_BENCH_DATASET names a pthv/v1 file, such as the national year
// written by "pthv synth --national -o national.json":
//
//	PTHV_BENCH_DATASET=$PWD/national.json go test ./model -run '^$' -bench DecodeFile -benchtime 5x -cpu 1
func BenchmarkDecodeFile(b *testing.B) {
	path := os.Getenv("PTHV_BENCH_DATASET")
	if path == "" {
		b.Skip("PTHV_BENCH_DATASET names no dataset file")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := model.ReadDataset(path, data); !ok {
				b.Fatal("the reader declined")
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := model.DecodeDataset(path, bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkValidIndexFile validates and indexes the dataset file that
// PTHV_BENCH_DATASET names, decoded once before the loop.
func BenchmarkValidIndexFile(b *testing.B) {
	path := os.Getenv("PTHV_BENCH_DATASET")
	if path == "" {
		b.Skip("PTHV_BENCH_DATASET names no dataset file")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	ds, err := model.DecodeDataset(path, f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ds.ValidIndex(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeFile encodes the dataset file that PTHV_BENCH_DATASET
// names, decoded once before the loop, compact and indented; the
// throughput is bytes of output per second.
func BenchmarkEncodeFile(b *testing.B) {
	path := os.Getenv("PTHV_BENCH_DATASET")
	if path == "" {
		b.Skip("PTHV_BENCH_DATASET names no dataset file")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	ds, err := model.DecodeDatasetBytes(path, data)
	if err != nil {
		b.Fatal(err)
	}
	for _, compact := range []bool{true, false} {
		name := "indented"
		if compact {
			name = "compact"
		}
		b.Run(name, func(b *testing.B) {
			var out countWriter
			opt := model.EncodeOptions{Compact: compact}
			if err := model.EncodeDataset(&out, ds, opt); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(out))
			b.ReportAllocs()
			for b.Loop() {
				if err := model.EncodeDataset(io.Discard, ds, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// countWriter counts the bytes written to it.
type countWriter int

func (w *countWriter) Write(p []byte) (int, error) {
	*w += countWriter(len(p))
	return len(p), nil
}
