package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/homevisits/pthv/internal/hugeheap"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

// synthBytesPerStudent is the memory `pthv synth` uses per student at its
// peak, writing included: 460 MB for the national year's 349,847 students.
const synthBytesPerStudent = 1400

func runSynth(args []string, stdout, stderr io.Writer) int {
	f := newFlags("synth", "", "Synth writes a deterministic synthetic district as a pthv/v1 dataset: schools,\neducators, students and families with audit attributes, and a year of visits\nthat mostly follow the model, with a few deviations for the rules to find.\nThe same flags and seed always give the same file.", stdout, stderr)
	def := synth.DefaultConfig()
	schools := f.Int("schools", def.Schools, "number of schools")
	students := f.Int("students-per-school", def.StudentsPerSchool, "mean students per school")
	national := f.Bool("national", false, "national scale: 700 schools, ~5,000 visiting educators, ~45,000 visits (2018–19)")
	seed := f.Uint64("seed", 1, "random seed")
	contacts := f.Bool("contacts", false, "include fictitious contact data (names, phones)")
	compliant := f.Bool("compliant", false, "generate a program that keeps every rule, advisories included")
	scale := f.Int("scale", 1, "multiply the number of schools by this (--national --scale 5: five national networks' worth)")
	indent := f.Bool("indent", false, "indent the dataset, two spaces a level (default: compact, on one line)")
	out := f.String("o", "", "output file (default stdout)")
	if _, code, done := f.parse(args, 0, 0); done {
		return code
	}
	if *scale < 1 {
		return f.fail("--scale %d: want 1 or more", *scale)
	}
	cfg := def
	if *national {
		cfg = synth.NationalConfig()
	}
	f.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "schools":
			cfg.Schools = *schools
		case "students-per-school":
			cfg.StudentsPerSchool = *students
		}
	})
	cfg.Schools *= *scale
	cfg.Contacts = *contacts
	if *compliant {
		cfg.Deviations = synth.Compliant()
	}
	phase(stderr, "generating the district")
	// A generated district is built in fresh memory like one read from a
	// file: about 1.4 KB a student at its peak (see reserveHeap).
	hugeheap.Reserve(int64(cfg.Schools) * int64(cfg.StudentsPerSchool) * synthBytesPerStudent)
	ds, err := synth.District(cfg, *seed)
	if err != nil {
		return f.fail("%v", err)
	}
	phase(stderr, "writing")
	err = writeTo(*out, stdout, func(w io.Writer) error {
		return model.EncodeDataset(w, ds, model.EncodeOptions{IncludeContacts: *contacts, Compact: !*indent})
	})
	if err != nil {
		return inputError(stderr, "synth", err)
	}
	if *out != "" {
		fmt.Fprintf(stderr, "wrote %s: %d schools, %d educators, %d students, %d visits\n",
			*out, len(ds.Schools), len(ds.Educators), len(ds.Students), len(ds.Visits))
	}
	return exitOK
}
