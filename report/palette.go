package report

import "strings"

// The page's colours, all of them: the CSS is built from these names, and
// palette_test.go checks every pair the page draws against WCAG 2.x —
// text at least 4.5:1 against what it sits on, chart marks at least 3:1.
// Colour never carries meaning alone: the chosen and in-scope bars differ
// by a hatch as well as by hue, the systematic line is a dark line in a
// white halo labelled in the bar's text, verdicts and coverage are words.
// The hues are from Okabe and Ito's palette for colour-blind readers
// (blue for what was done, gray for the baseline), with a red and a brown
// dark enough for text.
const (
	colorPaper = "#ffffff" // the page
	colorInk   = "#1d2733" // text, the systematic line
	colorMuted = "#55606b" // secondary text, zero cells
	colorDone  = "#0072b2" // Okabe–Ito blue: coverage, families chosen, first visits, links
	colorBase  = "#6b7680" // gray: families in scope, later visits
	colorBad   = "#b3261e" // violations, targeting (always with a word)
	colorWarn  = "#8a4f00" // advisories (always with a word)
	colorGood  = "#00684a" // "yes" (always with the word)
	colorTrack = "#e6e9ec" // the empty part of a bar, count badges
	colorRule  = "#d0d5da" // table rules and borders (decoration, not information)
)

// palette is every colour the page uses, by CSS variable name.
var palette = []struct{ name, value string }{
	{"paper", colorPaper}, {"ink", colorInk}, {"muted", colorMuted}, {"done", colorDone}, {"base", colorBase},
	{"bad", colorBad}, {"warn", colorWarn}, {"good", colorGood}, {"track", colorTrack}, {"rule", colorRule},
}

// stylesheet is css with its colours declared once, as CSS variables from
// the palette.
func stylesheet() string {
	var b strings.Builder
	b.WriteString(":root{")
	for _, c := range palette {
		b.WriteString("--" + c.name + ":" + c.value + ";")
	}
	b.WriteString("}\n")
	b.WriteString(css)
	return b.String()
}
