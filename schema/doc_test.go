package schema_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCompatibilityDocNamesRealTests keeps docs/compatibility.md honest:
// every test it cites as evidence exists, and the README and the model
// package's doc point to it.
func TestCompatibilityDocNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(moduleRoot, "docs", "compatibility.md"))
	require.NoError(t, err)
	defined := map[string]bool{}
	funcTest := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	err = filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != moduleRoot {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range funcTest.FindAllSubmatch(b, -1) {
			defined[string(m[1])] = true
		}
		return nil
	})
	require.NoError(t, err)
	cited := regexp.MustCompile("`(Test\\w+)`").FindAllStringSubmatch(string(doc), -1)
	require.GreaterOrEqual(t, len(cited), 10)
	for _, m := range cited {
		require.True(t, defined[m[1]], "docs/compatibility.md cites %s, which no test file defines", m[1])
	}

	for _, file := range []string{"README.md", filepath.Join("model", "doc.go")} {
		b, err := os.ReadFile(filepath.Join(moduleRoot, file))
		require.NoError(t, err)
		require.Contains(t, string(b), "docs/compatibility.md", "%s does not point to the promise", file)
	}
}
