package simulate

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/internal/nilarg"
)

// Plot is one chart of a sweep: a metric against a design parameter that
// the sweep varies, one line per combination of the other parameters it
// varies, with the mean over replications, the 95% confidence interval of
// the mean (dark band) and the middle 95% of the replications (light
// band). [Plot.WriteSVG] draws it as a self-contained SVG file.
//
// The charts are drawn by a small SVG writer of this package rather than
// a plotting library: lines and bands on two axes need about two hundred
// lines, where gonum.org/v1/plot would bring fonts, a PDF writer and an
// image library into every build of pthv.
type Plot struct {
	// Name is a file name for the chart, without extension:
	// "<metric>__vs__<parameter>".
	Name string
	// Title, XLabel and YLabel are the chart's texts; Note, when set, is
	// printed under the title (for projected outcomes: what they rest on
	// and the model).
	Title, XLabel, YLabel, Note string
	// Series are the lines, in order.
	Series []Series
}

// Series is one line of a [Plot]: its label and points, by x.
type Series struct {
	Label  string
	Points []PlotPoint
}

// PlotPoint is one design's summary of the plotted metric.
type PlotPoint struct {
	X                 float64
	Mean              float64
	MeanLow, MeanHigh float64 // 95% CI of the mean
	P2_5, P97_5       float64 // middle 95% of the replications
	DesignID          string
	Replications      int
}

// plotted are the metrics charted against each parameter a sweep varies.
func plotted() []string {
	var out []string
	for _, h := range headlines() {
		out = append(out, h.metric)
	}
	for _, h := range outcomeHeadlines() {
		out = append(out, h.metric)
	}
	return out
}

// Plots returns the charts of r: every headline metric and projected
// outcome against every numeric design parameter that differs between
// r's designs, in column order. A run of one design, or of designs that
// differ only in text parameters, has none. It is nil for a nil *Results.
func (r *Results) Plots() []Plot {
	if r == nil || len(r.Designs) < 2 {
		return nil
	}
	var varied []param
	for _, p := range designParams() {
		if p.num == nil || slices.ContainsFunc(r.Designs, func(d Design) bool {
			v := p.num(&d)
			return math.IsNaN(v) || math.IsInf(v, 0)
		}) {
			continue // text, or a number some designs do not have
		}
		first := p.get(&r.Designs[0])
		for i := range r.Designs {
			if p.get(&r.Designs[i]) != first {
				varied = append(varied, p)
				break
			}
		}
	}
	if len(varied) == 0 {
		return nil
	}
	stats := map[[2]string]Stat{}
	for _, s := range r.Summary() {
		stats[[2]string{s.DesignID, s.Metric}] = s
	}
	// Text parameters that vary split the lines too (pairing, say).
	var textVaried []param
	for _, p := range designParams() {
		if p.num != nil || p.path == "outcomes.evidence" {
			continue
		}
		first := p.get(&r.Designs[0])
		for i := range r.Designs {
			if p.get(&r.Designs[i]) != first {
				textVaried = append(textVaried, p)
				break
			}
		}
	}
	outcome := map[string]bool{}
	for _, h := range outcomeHeadlines() {
		outcome[h.metric] = true
	}
	units := map[string]string{}
	for _, c := range Columns() {
		units[c.Name] = c.Unit
	}
	var out []Plot
	for _, x := range varied {
		for _, metric := range plotted() {
			pl := Plot{
				Name:   metric + "__vs__" + x.name,
				Title:  metric + " vs " + x.path,
				XLabel: x.path + unitSuffix(units[x.name]),
				YLabel: metric + unitSuffix(units[metric]),
			}
			series := map[string]*Series{}
			var order []string
			models := map[OutcomeModel]bool{}
			for i := range r.Designs {
				d := &r.Designs[i]
				s, ok := stats[[2]string{d.ID, metric}]
				if !ok || s.N == 0 || math.IsNaN(s.Mean) {
					continue
				}
				var key []string
				for _, o := range append(slices.Clone(varied), textVaried...) {
					if o.name != x.name {
						key = append(key, o.path+"="+o.get(d))
					}
				}
				label := strings.Join(key, ", ")
				if label == "" {
					label = "mean"
				}
				sr, ok := series[label]
				if !ok {
					sr = &Series{Label: label}
					series[label] = sr
					order = append(order, label)
				}
				sr.Points = append(sr.Points, PlotPoint{X: x.num(d), Mean: s.Mean, MeanLow: s.MeanLow, MeanHigh: s.MeanHigh,
					P2_5: s.P2_5, P97_5: s.P97_5, DesignID: d.ID, Replications: s.N})
				models[d.Outcomes.Model] = true
			}
			if len(order) == 0 {
				continue
			}
			for _, label := range order {
				sr := series[label]
				slices.SortStableFunc(sr.Points, func(a, b PlotPoint) int { return cmp.Compare(a.X, b.X) })
				pl.Series = append(pl.Series, *sr)
			}
			if outcome[metric] {
				var ms []string
				for _, m := range OutcomeModels() {
					if models[m] {
						ms = append(ms, string(m))
					}
				}
				pl.Note = "Associations from one observational study (Sheldon & Jung 2018, K-8 urban schools), not causal effects; model: " + strings.Join(ms, ", ")
			}
			out = append(out, pl)
		}
	}
	return out
}

func unitSuffix(unit string) string {
	if unit == "" || unit == "count" {
		return ""
	}
	return " (" + unit + ")"
}

// palette is the Okabe–Ito palette, readable by people with every common
// form of colour blindness.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"}

// WriteSVG draws the chart as a self-contained SVG document. The same
// plot gives the same bytes. A nil writer is an error.
func (p Plot) WriteSVG(w io.Writer) error {
	if nilarg.Is(w) {
		return &DesignError{Reason: "Plot.WriteSVG: nil writer"}
	}
	const (
		width, height          = 760.0, 480.0
		left, right, top, foot = 80.0, 230.0, 70.0, 60.0
	)
	pw, ph := width-left-right, height-top-foot
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range p.Series {
		for _, pt := range s.Points {
			xmin, xmax = min(xmin, pt.X), max(xmax, pt.X)
			for _, y := range []float64{pt.Mean, pt.MeanLow, pt.MeanHigh, pt.P2_5, pt.P97_5} {
				if !math.IsNaN(y) && !math.IsInf(y, 0) {
					ymin, ymax = min(ymin, y), max(ymax, y)
				}
			}
		}
	}
	if math.IsInf(xmin, 0) || math.IsInf(ymin, 0) {
		xmin, xmax, ymin, ymax = 0, 1, 0, 1
	}
	xt, yt := ticks(xmin, xmax), ticks(ymin, ymax)
	xmin, xmax = min(xmin, xt[0]), max(xmax, xt[len(xt)-1])
	ymin, ymax = min(ymin, yt[0]), max(ymax, yt[len(yt)-1])
	sx := func(x float64) float64 { return left + (x-xmin)/(xmax-xmin)*pw }
	sy := func(y float64) float64 { return top + ph - (y-ymin)/(ymax-ymin)*ph }

	b := bufio.NewWriter(w)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif" font-size="12">`+"\n",
		num(width), num(height), num(width), num(height))
	fmt.Fprintf(b, "<title>%s</title>\n", esc(p.Title))
	fmt.Fprintf(b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(b, `<text x="%s" y="24" font-size="16" font-weight="bold">%s</text>`+"\n", num(left), esc(p.Title))
	for i, line := range strings.SplitAfter(p.Note, "; ") {
		if line != "" {
			fmt.Fprintf(b, `<text x="%s" y="%s" font-size="11" fill="#444">%s</text>`+"\n", num(left), num(42+13*float64(i)), esc(strings.TrimSpace(line)))
		}
	}
	// Axes and grid.
	for _, t := range yt {
		y := sy(t)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e5e5e5"/>`+"\n", num(left), num(y), num(left+pw), num(y))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end">%s</text>`+"\n", num(left-6), num(y+4), esc(tickLabel(t)))
	}
	for _, t := range xt {
		x := sx(t)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e5e5e5"/>`+"\n", num(x), num(top), num(x), num(top+ph))
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(x), num(top+ph+18), esc(tickLabel(t)))
	}
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#333"/>`+"\n", num(left), num(top), num(pw), num(ph))
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(left+pw/2), num(height-16), esc(p.XLabel))
	fmt.Fprintf(b, `<text transform="translate(18 %s) rotate(-90)" text-anchor="middle">%s</text>`+"\n", num(top+ph/2), esc(p.YLabel))
	// Bands, then lines, so that no band hides a line.
	band := func(s Series, lo, hi func(PlotPoint) float64, color, opacity string) {
		var pts []string
		for _, pt := range s.Points {
			if v := lo(pt); !math.IsNaN(v) {
				pts = append(pts, num(sx(pt.X))+","+num(sy(v)))
			}
		}
		for i := len(s.Points) - 1; i >= 0; i-- {
			if v := hi(s.Points[i]); !math.IsNaN(v) {
				pts = append(pts, num(sx(s.Points[i].X))+","+num(sy(v)))
			}
		}
		if len(pts) >= 2 {
			fmt.Fprintf(b, `<polygon points="%s" fill="%s" fill-opacity="%s" stroke="none"/>`+"\n", strings.Join(pts, " "), color, opacity)
		}
	}
	for i, s := range p.Series {
		c := palette[i%len(palette)]
		band(s, func(pt PlotPoint) float64 { return pt.P2_5 }, func(pt PlotPoint) float64 { return pt.P97_5 }, c, "0.12")
		band(s, func(pt PlotPoint) float64 { return pt.MeanLow }, func(pt PlotPoint) float64 { return pt.MeanHigh }, c, "0.30")
	}
	for i, s := range p.Series {
		c := palette[i%len(palette)]
		var pts []string
		for _, pt := range s.Points {
			pts = append(pts, num(sx(pt.X))+","+num(sy(pt.Mean)))
		}
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), c)
		for _, pt := range s.Points {
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="3" fill="%s"><title>%s: mean %s (n = %d)</title></circle>`+"\n",
				num(sx(pt.X)), num(sy(pt.Mean)), c, esc(pt.DesignID), esc(tickLabel(pt.Mean)), pt.Replications)
		}
	}
	// Legend.
	lx, ly := left+pw+16, top+6
	for i, s := range p.Series {
		c := palette[i%len(palette)]
		y := ly + float64(i)*18
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"/>`+"\n", num(lx), num(y), num(lx+18), num(y), c)
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="11">%s</text>`+"\n", num(lx+24), num(y+4), esc(clip(s.Label, 32)))
	}
	ky := ly + float64(len(p.Series))*18 + 12
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="10" fill="#444">line: mean over replications</text>`+"\n", num(lx), num(ky))
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="10" fill="#444">dark band: 95%% CI of the mean</text>`+"\n", num(lx), num(ky+14))
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="10" fill="#444">light band: middle 95%% of runs</text>`+"\n", num(lx), num(ky+28))
	b.WriteString("</svg>\n")
	return b.Flush()
}

// ticks returns about five round tick values covering [lo, hi].
func ticks(lo, hi float64) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	if hi <= lo {
		pad := math.Max(math.Abs(lo)*0.1, 1)
		lo, hi = lo-pad, hi+pad
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	var out []float64
	for v := start; v <= hi+step*1e-9 && len(out) < 50; v += step {
		out = append(out, math.Round(v/step)*step)
	}
	if len(out) == 0 {
		return []float64{lo, hi}
	}
	if out[len(out)-1] < hi {
		out = append(out, out[len(out)-1]+step)
	}
	return out
}

// tickLabel writes a tick value with at most 4 significant digits.
func tickLabel(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// num writes a coordinate with two decimals.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
