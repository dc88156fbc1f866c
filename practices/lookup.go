package practices

import (
	"slices"

	"github.com/homevisits/pthv/model"
)

// LookupRecords are the records of one school year that [Guard] reads, as
// a district system holds them: the year and calendar, its educators, and
// the families' students, invitations, withdrawals and visits. Families
// may be left empty: every family the other records name is added.
type LookupRecords struct {
	Year        model.SchoolYear
	Calendar    model.Calendar
	Educators   []model.Educator
	Families    []model.Family
	Students    []model.Student
	Invitations []model.Invitation
	Withdrawals []model.Withdrawal
	Visits      []model.Visit
}

// NewLookup returns a ready in-memory [Lookup] over records, for a district
// system that loads today's records from its own database and calls
// [Guard], and for tests. It is a [*model.Index] over a dataset holding the
// records — the same lookups Check reads through — so it also offers
// [Roster], [FamilyLookup] and [StudentLookup], and serves
// [StudentYearOf]. A *model.Index over a whole [model.Dataset]
// ([model.NewIndex]) is a Lookup too; NewLookup only saves building the
// dataset and listing its families.
//
// Its policy ([PolicyLookup]), which Guard reads when given none, is
// [model.DefaultPolicy]. The records are not validated (duplicate ids
// keep their first record) nor copied: do not change them while the
// lookup is in use.
func NewLookup(records LookupRecords) *model.Index {
	ds := &model.Dataset{
		Year: records.Year, Calendar: records.Calendar, Policy: model.DefaultPolicy(), Educators: records.Educators,
		Families: records.Families, Students: records.Students, Invitations: records.Invitations,
		Withdrawals: records.Withdrawals, Visits: records.Visits,
	}
	known := make(map[model.FamilyID]bool, len(records.Families))
	for _, f := range records.Families {
		known[f.ID] = true
	}
	var missing []model.FamilyID
	add := func(id model.FamilyID) {
		if !known[id] {
			known[id] = true
			missing = append(missing, id)
		}
	}
	for i := range records.Students {
		add(records.Students[i].Family)
	}
	for i := range records.Invitations {
		add(records.Invitations[i].Family)
	}
	for i := range records.Withdrawals {
		add(records.Withdrawals[i].Family)
	}
	for i := range records.Visits {
		add(records.Visits[i].Family)
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		ds.Families = slices.Clip(slices.Clone(records.Families))
		for _, id := range missing {
			ds.Families = append(ds.Families, model.Family{ID: id})
		}
	}
	return model.NewIndex(ds)
}
