package schedule

import (
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// acceptedFamilies returns the families whose consent for the dataset's
// school year stands accepted at asOf ([model.ConsentFor], the reading
// Check and Guard use: last year's acceptance does not carry over), sorted
// by id: visits "are always voluntary for educators and families" (core
// practice 1), so no one else is scheduled. among, when not nil, limits
// the families looked at (Options.Families). The families are appended to
// into[:0] (a Planner's array, from run to run, or nil).
func acceptedFamilies(x *model.Index, asOf time.Time, among []model.FamilyID, buf *[]model.ConsentChange, into []model.FamilyID) []model.FamilyID {
	ds := x.Dataset()
	out := into[:0]
	// A family of the dataset is found once, by position: an unknown
	// one has no consent. Each history is read into one buffer in turn:
	// *buf when given (a Planner's, from run to run), which keeps it.
	var history []model.ConsentChange
	if buf != nil {
		history = *buf
		defer func() { clear(history[:cap(history)]); *buf = history[:0] }()
	}
	accepted := func(f model.FamilyID) bool {
		k, ok := indexview.FamilyPosition(x, f)
		if !ok {
			return false
		}
		history = indexview.AppendConsentHistoryAt(x, history[:0], k)
		standing, _ := model.ConsentFor(history, ds.Year.ID, nil, asOf)
		return standing == model.Accepted
	}
	if among != nil {
		if out == nil {
			out = make([]model.FamilyID, 0, len(among))
		}
		for _, f := range among {
			if accepted(f) {
				out = append(out, f)
			}
		}
	} else {
		for i := range ds.Families {
			if f := ds.Families[i].ID; accepted(f) {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// eligible reports whether e may visit in year y at all: opted in for the
// year and trained on or before its last day. (A visit must also come after
// the training; the planner checks that day by day.)
func eligible(e *model.Educator, y model.SchoolYear) bool {
	if !e.OptedIn(y.ID) {
		return false
	}
	_, ok := e.TrainedBy(y.LastDay)
	return ok
}

// DefaultVisitors assigns visitors to every family accepted at asOf by a
// simple deterministic rule, for when no pairing is given: the lead is the
// first eligible teacher of record of the family's students (youngest
// student first, each student's teachers in recorded order), where eligible
// means opted in for the year with PTHV training on record; the partner is
// another eligible educator of the lead's school (the family's school when
// there is no lead) with the fewest families so far, preferring one who
// speaks a language of a family that needs an interpreter, then the lowest
// id. A family with no eligible teacher gets the two least-loaded eligible
// educators of its school. Families are taken in id order; a family for
// whom fewer than two eligible educators exist gets none and is reported
// by [Plan] as [NoVisitors]. "The home visits are conducted in teams of
// two—the child's teacher and a trusted colleague" (Organizing Engagement).
// A nil ds has no families: the result is nil.
func DefaultVisitors(ds *model.Dataset, asOf time.Time) map[model.FamilyID][]model.EducatorID {
	if ds == nil {
		return nil
	}
	x := model.NewIndex(ds)
	bySchool := map[model.SchoolID][]*model.Educator{}
	for i := range ds.Educators {
		e := &ds.Educators[i]
		if eligible(e, ds.Year) {
			bySchool[e.School] = append(bySchool[e.School], e)
		}
	}
	load := map[model.EducatorID]int{}
	out := map[model.FamilyID][]model.EducatorID{}
	for _, f := range acceptedFamilies(x, asOf, nil, nil, nil) {
		fam, _ := x.Family(f)
		students := x.StudentsOf(f)
		slices.SortStableFunc(students, func(a, b *model.Student) int {
			if a.Grade != b.Grade {
				return int(a.Grade) - int(b.Grade)
			}
			return compareStrings(string(a.ID), string(b.ID))
		})
		var lead *model.Educator
	search:
		for _, st := range students {
			for _, id := range st.Teachers {
				if e, ok := x.Educator(id); ok && eligible(e, ds.Year) {
					lead = e
					break search
				}
			}
		}
		var school model.SchoolID
		switch {
		case lead != nil:
			school = lead.School
		case len(students) > 0:
			school = students[0].School
		}
		// pick returns the eligible educator of the school other than not
		// with the least (load, language miss, id).
		pick := func(not model.EducatorID) *model.Educator {
			var best *model.Educator
			bestLoad, bestMiss := 0, 0
			for _, e := range bySchool[school] {
				if e.ID == not {
					continue
				}
				miss := 0
				if fam != nil && fam.NeedsInterpreter && !speaksAny(e, fam.Languages) {
					miss = 1
				}
				l := load[e.ID]
				if best == nil || l < bestLoad || l == bestLoad && (miss < bestMiss || miss == bestMiss && e.ID < best.ID) {
					best, bestLoad, bestMiss = e, l, miss
				}
			}
			return best
		}
		if lead == nil {
			lead = pick("")
		}
		if lead == nil {
			continue
		}
		partner := pick(lead.ID)
		if partner == nil {
			continue
		}
		load[lead.ID]++
		load[partner.ID]++
		out[f] = []model.EducatorID{lead.ID, partner.ID}
	}
	return out
}

func speaksAny(e *model.Educator, langs []model.Language) bool {
	for _, l := range langs {
		if e.Speaks(l) {
			return true
		}
	}
	return false
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// teamOf returns the first team that includes a teacher of record of one of
// the family's students (students in id order).
func teamOf(x *model.Index, f model.FamilyID, teams []Team) []model.EducatorID {
	students := x.StudentsOf(f)
	slices.SortStableFunc(students, func(a, b *model.Student) int { return compareStrings(string(a.ID), string(b.ID)) })
	for _, st := range students {
		for _, id := range st.Teachers {
			for _, t := range teams {
				if slices.Contains(t.Educators, id) {
					return t.Educators
				}
			}
		}
	}
	return nil
}
