package workbook_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/workbook"
)

// TestDocNamesEverySheetAndColumn: doc.go names every sheet and column
// the workbook has, as the README sheet lists them.
func TestDocNamesEverySheetAndColumn(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	text := strings.Join(strings.Fields(strings.ReplaceAll(string(doc), "//", "")), " ")
	files, err := workbook.WriteCSV(program(t), workbook.Options{Contacts: true})
	require.NoError(t, err)
	for _, f := range files {
		sheet := strings.TrimSuffix(f.Name, ".csv")
		assert.Contains(t, text, sheet)
		if sheet == "README" || sheet == "Visits" {
			continue
		}
		header, _, _ := strings.Cut(string(f.Data), "\n")
		for _, c := range strings.Split(header, ",") {
			assert.Contains(t, text, c, "column %q of %s", c, sheet)
		}
	}
}
