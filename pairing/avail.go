package pairing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/homevisits/pthv/model"
)

// span is a part of a day, [from, to) in minutes after midnight.
type span struct{ from, to model.Clock }

// weekly is a normalised set of weekly windows: for each weekday, sorted
// disjoint spans.
type weekly [7][]span

// weeklyOf normalises availability windows, merging overlaps. Windows with
// an invalid weekday or an empty span are ignored.
func weeklyOf(ws []model.Window) weekly {
	var w weekly
	for _, x := range ws {
		if x.Weekday < time.Sunday || x.Weekday > time.Saturday || x.End <= x.Start {
			continue
		}
		w[x.Weekday] = append(w[x.Weekday], span{x.Start, x.End})
	}
	for d := range w {
		w[d] = mergeSpans(w[d])
	}
	return w
}

func mergeSpans(s []span) []span {
	if len(s) < 2 {
		return s
	}
	slices.SortFunc(s, func(a, b span) int { return int(a.from - b.from) })
	out := s[:1]
	for _, x := range s[1:] {
		if last := &out[len(out)-1]; x.from <= last.to {
			last.to = max(last.to, x.to)
		} else {
			out = append(out, x)
		}
	}
	return out
}

// intersect returns the windows common to a and b.
func (a weekly) intersect(b weekly) weekly {
	var out weekly
	for d := range a {
		i, j := 0, 0
		for i < len(a[d]) && j < len(b[d]) {
			from, to := max(a[d][i].from, b[d][j].from), min(a[d][i].to, b[d][j].to)
			if from < to {
				out[d] = append(out[d], span{from, to})
			}
			if a[d][i].to < b[d][j].to {
				i++
			} else {
				j++
			}
		}
	}
	return out
}

// minutes returns the total length of the windows in a week.
func (a weekly) minutes() int {
	n := 0
	for d := range a {
		for _, s := range a[d] {
			n += int(s.to - s.from)
		}
	}
	return n
}

// longest returns the longest single window, in minutes.
func (a weekly) longest() int {
	n := 0
	for d := range a {
		for _, s := range a[d] {
			n = max(n, int(s.to-s.from))
		}
	}
	return n
}

// hours formats minutes as "3h", "1h30m" or "45m".
func hours(min int) string {
	switch {
	case min%60 == 0:
		return fmt.Sprintf("%dh", min/60)
	case min < 60:
		return fmt.Sprintf("%dm", min)
	}
	return fmt.Sprintf("%dh%02dm", min/60, min%60)
}

// availableAt reports whether one of ws covers [start, start+d); start
// must be in the calendar's time zone.
func availableAt(ws []model.Window, start time.Time, d time.Duration) bool {
	for _, w := range ws {
		if w.Covers(start, d) {
			return true
		}
	}
	return false
}

// slotText formats a visit slot as "Tue 2025-10-07 16:00–16:40".
func slotText(start time.Time, d time.Duration) string {
	end := start.Add(d)
	return fmt.Sprintf("%s %s %s–%s", start.Weekday().String()[:3], start.Format(time.DateOnly),
		start.Format("15:04"), end.Format("15:04"))
}

// joinIDs joins ids with ", ".
func joinIDs(ids []model.EducatorID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}
