package visitlog_test

import (
	"encoding/csv"
	"io"
	"strings"
)

func csvReader(s string) *csv.Reader { return csv.NewReader(strings.NewReader(s)) }

func csvWriter(w io.Writer) *csv.Writer { return csv.NewWriter(w) }
