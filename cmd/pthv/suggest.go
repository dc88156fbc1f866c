package main

import (
	"cmp"
	"slices"
	"strings"
)

// maxSuggestions is how many names a "did you mean" offers at most.
const maxSuggestions = 3

// suggest returns the names a mistyped word may have meant, nearest
// first: those within a few edits of it (a letter wrong, missing, extra,
// or two letters swapped: "chekc" is "check", "as-off" is "as-of"), those
// it begins (an abbreviation: "dry" is "dry-run"), and those it is part of
// ("language" is "home_language"). Case is ignored.
// It returns nil when nothing is near.
func suggest(word string, names []string) []string {
	w := strings.ToLower(word)
	if w == "" {
		return nil
	}
	limit := (len(w) + 1) / 3 // no typo in a single letter
	type near struct {
		name string
		dist int
	}
	var found []near
	for _, n := range names {
		l := strings.ToLower(n)
		d := editDistance(w, l)
		switch {
		case d <= limit:
		case len(w) >= 2 && strings.HasPrefix(l, w):
			d = limit + 1 // after every near miss
		case len(w) >= 3 && strings.Contains(l, w):
			d = limit + 2 // after every abbreviation
		default:
			continue
		}
		found = append(found, near{n, d})
	}
	slices.SortFunc(found, func(a, b near) int { return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.name, b.name)) })
	found = slices.CompactFunc(found, func(a, b near) bool { return a.name == b.name })
	var out []string
	for _, f := range found[:min(len(found), maxSuggestions)] {
		out = append(out, f.name)
	}
	return out
}

// editDistance is the optimal string alignment distance between a and b:
// the fewest insertions, deletions, substitutions and swaps of two
// neighbouring letters that turn one into the other.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows of the table: i-2, i-1 and i.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// orList joins names for a question: "a", "a or b", "a, b or c".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
