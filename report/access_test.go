package report_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHTMLReadsForEveryone checks what a screen reader relies on: the
// page's language, headings in order, every table captioned with its
// header cells scoped, every chart either an image named by its figures
// or hidden beside a table of the same figures, and counts grouped in
// thousands.
func TestHTMLReadsForEveryone(t *testing.T) {
	_, rep, out := demo(t)
	page := string(out)
	assert.Contains(t, page, `<html lang="en">`)

	level := 0
	for _, m := range regexp.MustCompile(`<h([1-6])[ >]`).FindAllStringSubmatch(page, -1) {
		h, _ := strconv.Atoi(m[1])
		require.LessOrEqual(t, h, level+1, "a heading skips a level")
		level = h
	}

	tables := regexp.MustCompile(`<table[^>]*>\s*(<caption[^>]*>[^<]+</caption>)?`).FindAllStringSubmatch(page, -1)
	require.NotEmpty(t, tables)
	for _, m := range tables {
		assert.NotEmpty(t, m[1], "a table without a caption: %s", m[0])
	}
	for _, th := range regexp.MustCompile(`<th[ >][^>]*`).FindAllString(page, -1) {
		assert.Regexp(t, `scope="(col|row)"`, th, "a header cell without a scope")
	}

	charts, named := 0, 0
	for _, svg := range regexp.MustCompile(`<svg [^>]*>`).FindAllString(page, -1) {
		switch {
		case strings.Contains(svg, `class="defs"`):
		case strings.Contains(svg, `aria-hidden="true"`):
			charts++
		default:
			assert.Regexp(t, `role="img" aria-label="[^"]*\d[^"]*%`, svg, "an image must state its figures")
			named++
		}
	}
	assert.Positive(t, named)
	assert.Equal(t, charts, strings.Count(page, `<table class="chart-data">`), "every hidden chart has its table")
	assert.Equal(t, len(rep.Schools), strings.Count(page, `<svg class="bar coverage"`))

	requireGrouped(t, page)
}

// requireGrouped fails on a count of four digits or more written without
// its thousands separator, outside markup, ids, dates and the year of a
// citation.
func requireGrouped(t *testing.T, page string) {
	t.Helper()
	body := page[strings.Index(page, "<body>"):]
	visible := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " ")
	visible = strings.ReplaceAll(visible, "Jung (2018)", "Jung")
	for _, n := range regexp.MustCompile(`(^|[\s(])\d{4,}([\s),.]|$)`).FindAllString(visible, -1) {
		t.Errorf("a count without thousands separators: %q", n)
	}
}
