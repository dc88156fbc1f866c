package selection

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

// invitationsOracle is Plan.Invitations as first written: each
// invitation's id, students and criteria made on their own, the students
// found by family.
func invitationsOracle(pl *Plan, id model.PlanID, sentAt time.Time) []model.Invitation {
	if pl == nil {
		return nil
	}
	criteria := pl.Request.Scope.Keys()
	out := make([]model.Invitation, len(pl.Chosen))
	for i, c := range pl.Chosen {
		out[i] = model.Invitation{
			ID:       model.InvitationID(string(id) + "/" + string(c.Family)),
			Family:   c.Family,
			Students: pl.pop.Students(c.Family),
			Origin:   model.SchoolInvitation,
			Kind:     model.FirstVisit,
			SentAt:   sentAt,
			By:       c.Teacher,
			Plan:     id,
			Method:   string(pl.Request.Method),
			Criteria: slices.Clone(criteria),
		}
	}
	return out
}

// TestInvitationsAgreeWithOracle: a plan's invitations, cut from shared
// arrays, are the oracle's — also when the caller changed the plan's
// chosen families (dropped, reordered, or not in the population) — and
// appending to one invitation's students or criteria leaves the others
// as they were.
func TestInvitationsAgreeWithOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, _, pl := drawPlan(t, 2)
		if rapid.Bool().Draw(t, "scope by grade too") && len(pl.Request.Scope.Grades) == 0 {
			// Criteria of two keys; the plan is otherwise as drawn.
			pl.Request.Scope.Grades = []model.Grade{3}
		}
		switch rapid.IntRange(0, 3).Draw(t, "chosen changed") {
		case 1:
			pl.Chosen = rapid.Permutation(pl.Chosen).Draw(t, "reordered")
		case 2:
			k := rapid.IntRange(0, len(pl.Chosen)-1).Draw(t, "dropped")
			pl.Chosen = slices.Delete(slices.Clone(pl.Chosen), k, k+1)
		case 3:
			pl.Chosen = append(slices.Clone(pl.Chosen), Choice{Family: "F-NOT-IN-SCOPE"})
		}
		id := model.PlanID(rapid.StringMatching(`P-[0-9]{0,4}`).Draw(t, "plan id"))
		sent := time.Date(2025, 8, 4, 16, 0, 0, 0, time.UTC)
		want := invitationsOracle(pl, id, sent)
		got := pl.Invitations(id, sent)
		require.Equal(t, want, got)
		for i := range got {
			require.Equal(t, len(got[i].Students), cap(got[i].Students), "students of %d", i)
			require.Equal(t, len(got[i].Criteria), cap(got[i].Criteria), "criteria of %d", i)
		}
		if len(got) > 1 {
			_ = append(got[0].Students, "ST-APPENDED")
			_ = append(got[0].Criteria, "appended")
			require.Equal(t, want[1:], got[1:])
		}
	})
}
