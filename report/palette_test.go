package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// luminance is the WCAG 2.x relative luminance of a colour "#rrggbb".
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	require.Regexp(t, `^#[0-9a-f]{6}$`, hex)
	channel := func(i int) float64 {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		require.NoError(t, err)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(0) + 0.7152*channel(1) + 0.0722*channel(2)
}

// contrast is the WCAG 2.x contrast ratio of two colours.
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestPaletteContrast: every pair the page draws meets WCAG 2.x — text
// 4.5:1 against what it sits on, chart marks 3:1.
func TestPaletteContrast(t *testing.T) {
	// The formula itself, on values WCAG publishes.
	assert.InDelta(t, 21, contrast(t, "#000000", "#ffffff"), 0.01)
	assert.InDelta(t, 4.54, contrast(t, "#767676", "#ffffff"), 0.01)
	assert.Less(t, contrast(t, "#aab2ba", "#ffffff"), 3.0, "the old zero cells, which failed")

	text := []struct{ what, fg, bg string }{
		{"body text", colorInk, colorPaper},
		{"secondary text, captions, zero cells", colorMuted, colorPaper},
		{"links", colorDone, colorPaper},
		{"violations, targeting", colorBad, colorPaper},
		{"advisories", colorWarn, colorPaper},
		{"yes", colorGood, colorPaper},
		{"count badges", colorInk, colorTrack},
		{"chart labels", colorInk, colorPaper},
	}
	for _, c := range text {
		assert.GreaterOrEqual(t, contrast(t, c.fg, c.bg), 4.5, "%s: %s on %s", c.what, c.fg, c.bg)
	}
	marks := []struct{ what, fg, bg string }{
		{"a coverage or fidelity bar on the page", colorDone, colorPaper},
		{"a coverage or fidelity bar on its track", colorDone, colorTrack},
		{"the in-scope bars (hatch) on the page", colorBase, colorPaper},
		{"the systematic line in its halo", colorInk, colorPaper},
		{"the halo on a bar", colorPaper, colorDone},
		{"the systematic line on the empty track", colorInk, colorTrack},
		{"chosen bars and first visits", colorDone, colorPaper},
	}
	for _, c := range marks {
		assert.GreaterOrEqual(t, contrast(t, c.fg, c.bg), 3.0, "%s: %s on %s", c.what, c.fg, c.bg)
	}
}

// TestStylesheetUsesThePalette: the page's only colours are the
// palette's, declared once as variables; every var() names one of them.
func TestStylesheetUsesThePalette(t *testing.T) {
	known := map[string]bool{}
	values := map[string]bool{}
	for _, c := range palette {
		known[c.name] = true
		values[c.value] = true
	}
	sheet := stylesheet()
	root, rest, ok := strings.Cut(sheet, "}\n")
	require.True(t, ok)
	for _, hex := range regexp.MustCompile(`#[0-9a-fA-F]{3,8}\b`).FindAllString(root, -1) {
		assert.True(t, values[hex], "%s is declared but not in the palette", hex)
	}
	assert.NotRegexp(t, `#[0-9a-fA-F]{3,8}\b`, rest, "a colour outside the palette's variables")
	assert.NotRegexp(t, `(?i)\b(rgb|hsl)a?\(`, rest)
	for _, m := range regexp.MustCompile(`var\(--([a-z]+)\)`).FindAllStringSubmatch(rest, -1) {
		assert.True(t, known[m[1]], "var(--%s) is not a palette colour", m[1])
	}
}

func TestNumGroupsThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 46156: "46,156",
		349847: "349,847", 1234567: "1,234,567", -1234: "-1,234"} {
		assert.Equal(t, want, num(n), "%d", n)
	}
}
