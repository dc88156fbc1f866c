package main

import (
	"fmt"
	"io"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	f := newFlags("validate", "FILE...", "Validate checks that each dataset file is a structurally sound pthv/v1\ndataset: well-formed JSON, known fields, unique ids, references that resolve,\nvalid dates and values. Practice is not judged here (see \"pthv check\").\nErrors name the file, line, record and field.", stdout, stderr)
	quiet := f.Bool("quiet", false, "print nothing on success")
	files, code, done := f.parse(args, 1, -1)
	if done {
		return code
	}
	stdins := 0
	for _, path := range files {
		if path == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return f.fail(`"-" (standard input) may be named once`)
	}
	status := exitOK
	for _, path := range files {
		phase(stderr, "reading "+displayName(path))
		ds, err := loadDataset(path)
		if err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			status = exitUsage
			continue
		}
		if !*quiet {
			fmt.Fprintf(stdout, "%s: ok: pthv/v1, %d schools, %d educators, %d students, %d families, %d invitations, %d visits\n",
				displayName(path), len(ds.Schools), len(ds.Educators), len(ds.Students), len(ds.Families), len(ds.Invitations), len(ds.Visits))
		}
	}
	return status
}
