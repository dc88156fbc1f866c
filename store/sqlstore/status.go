package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
)

// StudentYear answers, from the store, where student id stands in the
// school year as of asOf — visited this year? what is next? — with
// [practices.StudentYearOf] over the student's family's records (its
// students, answers, withdrawals and visits, and the educators those
// name), read with the same indexed queries as a booking. A student the
// store does not hold is an error wrapping [model.ErrDangling].
func (s *Store) StudentYear(ctx context.Context, id model.StudentID, asOf time.Time) (practices.StudentYear, error) {
	if err := s.usable("StudentYear"); err != nil {
		return practices.StudentYear{}, err
	}
	if ctx == nil {
		return practices.StudentYear{}, fmt.Errorf("sqlstore: StudentYear: nil context: %w", model.ErrInvalid)
	}
	var out practices.StudentYear
	err := s.read(ctx, func(q querier) error {
		l, err := s.lookupOn(ctx, q)
		if err != nil {
			return err
		}
		st, ok := l.Student(id)
		if err := l.Err(); err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("student %q: %w", id, model.ErrDangling)
		}
		v := l.view(st.Family)
		if err := l.Err(); err != nil {
			return err
		}
		rec := v.records
		var named []model.EducatorID
		for _, x := range rec.Students {
			named = append(named, x.Teachers...)
		}
		for _, x := range rec.Visits {
			named = append(named, x.Visitors...)
		}
		slices.Sort(named)
		for _, e := range slices.Compact(named) {
			if ed, ok := l.Educator(e); ok {
				rec.Educators = append(rec.Educators, *ed)
			}
		}
		if err := l.Err(); err != nil {
			return err
		}
		out, err = practices.StudentYearOf(practices.NewLookup(rec), id, asOf)
		return err
	})
	if err != nil {
		return practices.StudentYear{}, s.fail("student year", err)
	}
	return out, nil
}
