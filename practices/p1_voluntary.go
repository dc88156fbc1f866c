package practices

import (
	"fmt"
	"time"

	"github.com/homevisits/pthv/model"
)

// P1 — "Visits are always voluntary for educators and families and arranged
// in advance" (RTI implementation study).

func (r *Program) bookingOf(vf *visitFacts) booking {
	b := newBooking(vf.v, r.x.Educator)
	b.year, b.date, b.first, b.arrangedAt = r.ds.Year, vf.date, vf.ordinal == 1, vf.v.ArrangedAt
	if vf.fam != nil {
		b.consent = vf.fam.consent
	}
	for _, sid := range vf.v.Students {
		s, ok := r.x.Student(sid)
		if !ok {
			continue
		}
		b.teachers = append(b.teachers, s.Teachers...)
		for _, cid := range s.Classes {
			if c, ok := r.x.Class(cid); ok {
				b.teachers = append(b.teachers, c.Teachers...)
			}
		}
	}
	return b
}

// visitRecords names a visit and its family, then any extra ids.
func visitRecords(v *model.Visit, extra ...string) []string {
	out := make([]string, 0, 2+len(extra))
	out = append(out, string(v.ID), string(v.Family))
	return append(out, extra...)
}

// judgeVisit applies a booking rule that reads the check's policy to every
// visit that took place. Booking rules that read the dataset alone are
// fixed rules (fixedVisit), judged once in Prepare.
func (r *run) judgeVisit(id string, fn func(b *booking) (outcome, string)) {
	rule := r.rule(id)
	r.visitRules(rule, func(r *run, vf *visitFacts) {
		switch o, msg := fn(&vf.booking); o {
		case passed:
			r.pass(rule, vf.school)
		case notAssessable:
			r.na(rule, vf.school)
		default:
			r.findText(rule, vf.school, vf.date, visitRecords(vf.v), msg)
		}
	})
}

// schoolRecordsInvitations reports whether school s records invitations
// at all: P1.family-consent and P1.declined-respected read them.
func (p *Program) schoolRecordsInvitations(s int) bool { return p.recordsInvitations[s] }

// judgeNotice: P1.notice — arranged at least MinNotice before the start,
// counting from the last agreed change.
func judgeNotice(r *run) {
	min := time.Duration(r.pol.MinNotice)
	r.judgeVisit("P1.notice", func(b *booking) (outcome, string) {
		if b.arrangedAt.IsZero() {
			return notAssessable, ""
		}
		if gap := b.v.Start.Sub(b.arrangedAt); gap < min {
			return failed, fmt.Sprintf("Visit %s on %s was arranged %s before it started; give families at least %s notice",
				b.v.ID, b.date, roundDuration(gap), model.Duration(min))
		}
		return passed, ""
	})
}

func roundDuration(d time.Duration) model.Duration {
	if d < 0 {
		d = 0
	}
	return model.Duration(d.Round(time.Minute))
}

// judgeNoRepeatPressure: P1.no-repeat-pressure — after an explicit decline,
// at most MaxReinvites new invitations. Contact attempts on one invitation
// and unanswered invitations are not declines.
func judgeNoRepeatPressure(r *run) {
	rule := r.rule("P1.no-repeat-pressure")
	for _, i := range r.active {
		f := r.families[i]
		if len(f.invitations) == 0 {
			continue
		}
		d := f.decline
		if d.at.IsZero() || len(d.after) <= r.pol.MaxReinvites {
			r.pass(rule, f.school)
			continue
		}
		day := model.DateOf(d.at.In(r.loc))
		r.find(rule, f.school, "", day, append([]string{string(f.id)}, d.after...),
			"Family %s was invited %d more times after declining on %s; respect a family's right to refuse",
			f.id, len(d.after), day)
	}
}

// decline is a family's first explicit decline and the invitations the
// school sent after it. It depends on the record alone, so Prepare works
// it out once.
type decline struct {
	at    time.Time // zero when the family never declined
	after []string  // ids of the school's invitations sent after at
}

// declineOf finds family f's first decline and the invitations after it.
// Contact attempts on one invitation and unanswered invitations are not
// declines.
func declineOf(f *familyFacts) decline {
	var d decline
	for _, inv := range f.invitations {
		if inv.Answer() == model.Declined {
			at := inv.RespondedAt
			if at.IsZero() {
				at = inv.SentAt
			}
			if d.at.IsZero() || at.Before(d.at) {
				d.at = at
			}
		}
	}
	if d.at.IsZero() {
		return d
	}
	for _, inv := range f.invitations {
		if !inv.FromFamily() && inv.SentAt.After(d.at) {
			d.after = append(d.after, string(inv.ID))
		}
	}
	return d
}

// judgeNoMandate: P1.no-mandate — no goal or plan that makes participation
// required, or sets per-educator quotas. A coverage target alone is fine.
func judgeNoMandate(r *run) {
	rule := r.rule("P1.no-mandate")
	mandates := make([][]string, len(r.schools)+1)
	note := func(school model.SchoolID, id string) {
		if school == "" {
			for s := range r.schools {
				mandates[s] = append(mandates[s], id)
			}
			return
		}
		s := r.schoolOf(school)
		mandates[s] = append(mandates[s], id)
	}
	for _, g := range r.ds.Goals {
		if g.Mandatory() {
			note(g.School, string(g.ID))
		}
	}
	for _, p := range r.ds.Plans {
		if len(p.RequiredOf) > 0 {
			note(p.School, string(p.ID))
		}
	}
	for s, sid := range r.schools {
		if len(mandates[s]) == 0 {
			r.pass(rule, s)
			continue
		}
		r.find(rule, s, "", model.Date{}, append([]string{string(sid)}, mandates[s]...),
			"School %s has a goal or plan that makes home visits required (%v); visits must stay voluntary for educators and families",
			sid, mandates[s])
	}
}
