package selection

import (
	"slices"

	"github.com/homevisits/pthv/model"
)

// Record returns the request as a dataset record with id: its method,
// scope, criteria (the scope keys, never an attribute), balance
// attributes, share or count, teacher cap, priority and seed — everything
// [RequestOf] needs to give the request back. The school is set when the
// scope names exactly one. A request with no method but a share or a count
// records method [Stratified], as [NewPlan] reads it.
func (r Request) Record(id model.PlanID) model.Plan {
	sc := r.Scope
	rec := model.Plan{
		ID:         id,
		Method:     string(r.Method),
		Criteria:   sc.Keys(),
		Balance:    cloneOrNil(r.Balance),
		Share:      r.Share,
		Count:      r.Count,
		TeacherCap: r.TeacherCap,
		Priority:   cloneOrNil(r.Priority),
		Seed:       r.Seed,
	}
	if r.Method == "" && (r.Share != 0 || r.Count != 0) {
		rec.Method = string(Stratified)
	}
	if !sc.IsZero() {
		rec.Scope = sc.Map()
	}
	if len(sc.Schools) == 1 {
		rec.School = sc.Schools[0]
	}
	return rec
}

func cloneOrNil[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// RequestOf returns the request a recorded plan replays: [NewPlan] with it
// on the roster the plan was made on chooses the same families. The scope
// is the plan's recorded scope narrowed to its school when it names one
// (RULES.md, P4.cross-section: "a plan's scope is its recorded scope plus
// its school"). Who the plan made participation mandatory for
// (RequiredOf) and its population are not part of a request.
//
// A plan that cannot be replayed returns an error: a scope or criteria key
// other than school, grade, class or teacher is a [*ScopeError] wrapping
// [ErrTargeting] (no request can filter by an attribute), and a method
// other than [All] or [Stratified] wraps [ErrInvalidRequest]. Share, count
// and cap are checked when the request is planned.
func RequestOf(p model.Plan) (Request, error) {
	sc, err := ScopeFromMap(p.Scope)
	if err != nil {
		return Request{}, err
	}
	for _, k := range p.Criteria {
		if !IsScopeKey(k) {
			return Request{}, &ScopeError{Key: targetName(k), Err: ErrTargeting}
		}
	}
	if p.School != "" {
		sc.Schools = []model.SchoolID{p.School}
	}
	m := Method(p.Method)
	if m != All && m != Stratified {
		return Request{}, requestErr("method %q cannot be replayed: want %q or %q", p.Method, All, Stratified)
	}
	return Request{
		Scope:      sc,
		Method:     m,
		Share:      p.Share,
		Count:      p.Count,
		Balance:    cloneOrNil(p.Balance),
		Seed:       p.Seed,
		TeacherCap: p.TeacherCap,
		Priority:   cloneOrNil(p.Priority),
	}, nil
}

// Replay is a recorded plan re-run on a dataset as it is now, and compared
// with the invitations the dataset records for it. On the roster the plan
// was made on, the replay chooses exactly the recorded families; when
// families were added, removed or moved since, it says which differ.
type Replay struct {
	// Record is the plan as recorded.
	Record model.Plan `json:"record"`
	// Plan is the plan re-run from the record's request ([RequestOf]).
	Plan *Plan `json:"plan"`
	// Recorded are the families the plan's recorded invitations name,
	// sorted by id, each once.
	Recorded []model.FamilyID `json:"recorded"`
	// RecordedNotChosen are recorded families the replay does not choose,
	// sorted by id, each with where it stands now.
	RecordedNotChosen []RecordedFamily `json:"recorded_not_chosen,omitempty"`
	// ChosenNotRecorded are families the replay chooses that the plan's
	// invitations do not name, sorted by id.
	ChosenNotRecorded []model.FamilyID `json:"chosen_not_recorded,omitempty"`
}

// RecordedFamily is a family a plan invited that its replay does not
// choose, and where it stands now.
type RecordedFamily struct {
	Family model.FamilyID `json:"family"`
	Now    FamilyStanding `json:"now"`
}

// FamilyStanding says where a family a plan invited stands on today's
// roster.
type FamilyStanding string

// Standings of a recorded family the replay does not choose.
const (
	// FamilyRemoved: the dataset no longer has the family.
	FamilyRemoved FamilyStanding = "removed"
	// FamilyOutOfScope: no student of the family is in the plan's scope
	// any more (moved school, grade or class).
	FamilyOutOfScope FamilyStanding = "out-of-scope"
	// FamilyNotDrawn: the family is still in scope, but the population
	// changed around it and the seeded draw now falls elsewhere.
	FamilyNotDrawn FamilyStanding = "not-drawn"
)

// Same reports whether the replay chooses exactly the recorded families:
// it lists no difference either way.
func (r Replay) Same() bool {
	return len(r.RecordedNotChosen) == 0 && len(r.ChosenNotRecorded) == 0
}

// ReplayPlan re-runs the recorded plan rec on ds ([RequestOf], then
// [NewPlan]) and compares the families it chooses with those named by the
// invitations ds records for rec. Errors are those of [RequestOf] (a plan
// that cannot be replayed) and [NewPlan] (a request today's roster cannot
// meet, such as a count above the families now in scope).
func ReplayPlan(ds *model.Dataset, rec model.Plan) (Replay, error) {
	req, err := RequestOf(rec)
	if err != nil {
		return Replay{}, err
	}
	pl, err := NewPlan(ds, req)
	if err != nil {
		return Replay{}, err
	}
	r := &Replay{Record: rec, Plan: pl, Recorded: []model.FamilyID{}}
	for _, inv := range ds.Invitations {
		if inv.Plan == rec.ID && inv.Family != "" {
			r.Recorded = append(r.Recorded, inv.Family)
		}
	}
	slices.Sort(r.Recorded)
	r.Recorded = slices.Compact(r.Recorded)

	chosen := pl.Families() // sorted by id
	inDataset := make(map[model.FamilyID]bool, len(r.Recorded))
	for _, f := range ds.Families {
		if _, ok := slices.BinarySearch(r.Recorded, f.ID); ok {
			inDataset[f.ID] = true
		}
	}
	for _, f := range r.Recorded {
		if _, ok := slices.BinarySearch(chosen, f); ok {
			continue
		}
		now := FamilyNotDrawn
		switch {
		case !inDataset[f]:
			now = FamilyRemoved
		case !pl.pop.Contains(f):
			now = FamilyOutOfScope
		}
		r.RecordedNotChosen = append(r.RecordedNotChosen, RecordedFamily{Family: f, Now: now})
	}
	for _, f := range chosen {
		if _, ok := slices.BinarySearch(r.Recorded, f); !ok {
			r.ChosenNotRecorded = append(r.ChosenNotRecorded, f)
		}
	}
	return *r, nil
}
