package synth

import (
	"slices"
	"time"

	"github.com/homevisits/pthv/internal/breach"
	"github.com/homevisits/pthv/internal/draw"
	"github.com/homevisits/pthv/model"
)

// visit appends a visit to the students g of family f with the team's
// educators.
func (p *program) visit(f int, g uint8, kind model.VisitKind, status model.VisitStatus, start, arranged time.Time, tm team) *model.Visit {
	r := p.r
	n := 2
	if tm.third >= 0 {
		n = 3
	}
	visitors := p.eduIDs.Take(n)
	visitors[0] = p.ro.educators[tm.lead].ID
	visitors[1] = p.ro.educators[tm.partner].ID
	if n == 3 {
		visitors[2] = p.ro.educators[tm.third].ID
	}
	minutes := 30 + 5*r.IntN(3)
	switch u := r.Float64(); {
	case u < 0.08:
		minutes = 45
	case u < 0.11:
		minutes = 25
	}
	p.fams = append(p.fams, int32(f))
	p.visits = append(p.visits, model.Visit{
		Students:   p.students(f, g),
		Family:     p.ro.fam[f].rec.ID,
		Kind:       kind,
		Status:     status,
		ArrangedAt: arranged,
		Start:      start,
		Duration:   model.Duration(time.Duration(minutes) * time.Minute),
		Location:   p.location(f),
		Visitors:   visitors,
	})
	return &p.visits[len(p.visits)-1]
}

// location is where the visit takes place: the family's preference when it
// recorded one; otherwise usually at home, sometimes at a public place
// (the family's idea or the educators'), the school or elsewhere at the
// family's request (P3.location).
func (p *program) location(f int) model.Location {
	if pref := p.ro.fam[f].rec.LocationPreference; pref != "" {
		return model.Location{Kind: pref, RequestedBy: model.ByFamily}
	}
	public := [...]model.LocationKind{model.Library, model.Park, model.Cafe}
	switch u := p.r.Float64(); {
	case u < 0.86:
		return model.Location{Kind: model.Home}
	case u < 0.92:
		return model.Location{Kind: public[p.r.IntN(len(public))], RequestedBy: model.ByFamily}
	case u < 0.95:
		return model.Location{Kind: public[p.r.IntN(len(public))], RequestedBy: model.ByEducator}
	case u < 0.98:
		return model.Location{Kind: model.AtSchool, RequestedBy: model.ByFamily}
	case u < 0.99:
		return model.Location{Kind: model.OtherLocation, RequestedBy: model.ByFamily}
	}
	if p.lapse(1) {
		// The educators asked the family to come in (P3.location).
		return model.Location{Kind: model.AtSchool, RequestedBy: model.ByEducator}
	}
	return model.Location{Kind: model.Home}
}

// complete fills in what a completed visit records — topics, interpreter,
// reflection, compensation — and plants the visit deviations.
func (p *program) complete(v *model.Visit, f int, first bool) {
	r, ro, dev := p.r, p.ro, p.dev

	// Deviations that change who visited.
	swapped := false
	if p.untrained >= 0 && draw.Chance(r, dev.Untrained) {
		breach.Partner(v, ro.educators[p.untrained].ID, false)
		swapped = true
	}
	if len(p.lapsed) > 0 && draw.Chance(r, dev.NotOptedIn) {
		breach.Partner(v, ro.educators[p.lapsed[r.IntN(len(p.lapsed))]].ID, swapped)
	}
	if draw.Chance(r, dev.Solo) {
		breach.Solo(v)
	}
	if draw.Chance(r, dev.DropIn) {
		breach.DropIn(v)
	}

	// Topics: relationship first, academics second.
	var ts []model.Topic
	if first {
		ts = p.topics.Take(5)[:0]
		ts = append(ts, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator})
		if r.Float64() < 0.7 {
			ts = append(ts, model.Topic{Kind: model.Relationship, RaisedBy: model.ByEducator})
		}
		if r.Float64() < 0.25 {
			ts = append(ts, model.Topic{Kind: model.TalentsAndStrengths, RaisedBy: model.ByFamily})
		}
		if r.Float64() < 0.08 {
			// A family raising grades on a first visit is welcome to.
			ts = append(ts, model.Topic{Kind: model.Academics, RaisedBy: model.ByFamily})
		}
		if draw.Chance(r, dev.AgendaOnFirst) {
			ts = append(ts, breach.Agenda(r))
		}
	} else {
		ts = p.topics.Take(3)[:0]
		ts = append(ts, model.Topic{Kind: model.Academics, RaisedBy: model.ByEducator})
		if r.Float64() < 0.6 {
			ts = append(ts, model.Topic{Kind: model.HopesAndDreams, RaisedBy: model.ByEducator})
		}
		if r.Float64() < 0.2 {
			ts = append(ts, model.Topic{Kind: model.FamilyRaisedConcern, RaisedBy: model.ByFamily})
		}
		ref := p.bools.One()
		*ref = true
		v.ReferencesFirst = ref
	}
	v.Topics = ts[:len(ts):len(ts)]

	p.interpret(v, f)

	// The reflection, within a few days (P5.reflection) or not as it
	// should be: late, or recorded by one visitor alone.
	end := v.End()
	refl := p.refls.One()
	refl.By = p.eduIDs.CopyOf(v.Visitors)
	if r.Float64() < 0.04 {
		refl.By = nil // who reflected was not recorded
	}
	refl.At = end.Add(time.Duration(draw.Between(r, 10, 60)) * time.Minute)
	if r.Float64() < 0.6 {
		// Within three days, in working hours.
		refl.At = p.at(model.DateOf(end.In(p.e.loc)).AddDays(draw.Between(r, 1, 3)), 8*60, 18*60)
	}
	v.Reflection = refl
	if draw.Chance(r, dev.NoReflection) {
		breach.Reflection(r, v, p.e.pol.ReflectWithin)
	}
	if u := r.Float64(); u < 0.97 {
		b := p.bools.One()
		*b = u < 0.88 || !p.lapse(1)
		refl.CoveredBias = b
	}

	p.pay(v)
	// Draw before looking at the minutes, so that the stream of draws does
	// not depend on the calendar's arithmetic.
	if draw.Chance(r, dev.Unpaid) {
		breach.Unpaid(v, func(id model.EducatorID) bool { return ro.staff[p.index(id)].classified })
	}
}

// interpret brings an interpreter when the family needs another language
// here and no visitor speaks one of its languages that the school does not
// teach (P5.language).
func (p *program) interpret(v *model.Visit, f int) {
	v.Interpreters = nil
	if lang := p.neededLanguage(f, v.Visitors); lang != "" {
		in := p.interps.Take(1)
		in[0] = model.Interpreter{ID: p.interpreter(lang), Languages: p.langs.CopyOf([]model.Language{lang})}
		v.Interpreters = in
	}
}

// pay records each visitor's pay for the minutes outside their working
// day, at their role's rate rounded up to the cent ([model.PayRule]'s
// rate and rounding; a stipend holder's pay names no source here).
func (p *program) pay(v *model.Visit) {
	ro := p.ro
	rule := model.PayRuleOf(nil, p.e.pol)
	comps := p.comps.Take(len(v.Visitors))
	for j, id := range v.Visitors {
		k := p.index(id)
		m := &ro.staff[k]
		mins := p.e.cal.MinutesOutsideWorkingDay(p.e.year, m.hours, v.Start, time.Duration(v.Duration))
		c := &comps[j]
		c.Educator, c.MinutesOutside = id, mins
		if mins == 0 {
			continue
		}
		if m.stipend {
			c.Stipend = true
			continue
		}
		c.AmountCents = model.CentsFor(mins, rule.Rate(ro.educators[k].Role))
		c.Source = ro.source
	}
	v.Compensation = comps
}

// vary makes sure the school's pairs are not all of one type
// (P5.pair-variety: "teacher+teacher, teacher+classified, cross-grade"):
// when every visit held in pairs had the same kinds of visitors, the last
// of them changes — a partner gives way to a volunteer of another kind,
// else a third visitor stays behind, else one joins.
func (p *program) vary() {
	ro := p.ro
	kind := func(id model.EducatorID) int {
		k := p.index(id)
		switch {
		case ro.staff[k].classified:
			return 100
		case ro.educators[k].Position == model.Teacher:
			return 1
		}
		return 10000
	}
	typeOf := func(v *model.Visit) int {
		t := 0
		for _, id := range v.Visitors {
			t += kind(id)
		}
		return t
	}
	last, n := -1, 0
	for i := range p.visits {
		v := &p.visits[i]
		if v.Status != model.Completed || len(v.Visitors) < 2 {
			continue
		}
		if last >= 0 && typeOf(v) != typeOf(&p.visits[last]) {
			return
		}
		last, n = i, n+1
	}
	if n < 2 {
		return
	}
	v := &p.visits[last]
	visitors := p.eduIDs.CopyOf(v.Visitors)
	changed := false
	for j := 1; j < len(visitors) && !changed; j++ {
		for _, k := range p.pool {
			if id := ro.educators[k].ID; kind(id) != kind(visitors[j]) && !slices.Contains(visitors, id) {
				visitors[j], changed = id, true
				break
			}
		}
	}
	if !changed && len(visitors) > 2 {
		visitors, changed = visitors[:len(visitors)-1:len(visitors)-1], true
	}
	for _, k := range p.pool {
		if id := ro.educators[k].ID; !changed && !slices.Contains(visitors, id) && len(visitors) < p.e.pol.MaxGroupSize {
			vs := p.eduIDs.Take(len(visitors) + 1)
			copy(vs, visitors)
			vs[len(visitors)] = id
			visitors, changed = vs, true
		}
	}
	if !changed {
		return
	}
	v.Visitors = visitors
	if r := v.Reflection; r != nil && len(r.By) > 0 {
		r.By = p.eduIDs.CopyOf(visitors)
	}
	p.interpret(v, int(p.fams[last]))
	p.pay(v)
}

// neededLanguage returns the language an interpreter must cover on a visit
// to family f by visitors, or "" when none is needed: the first language
// the family needs here ([model.LanguagesNeeded]) when no visitor speaks
// one of them.
func (p *program) neededLanguage(f int, visitors []model.EducatorID) model.Language {
	_, needed := model.LanguagesNeeded(p.ro.fam[f].rec, p.instr)
	for _, l := range needed {
		for _, id := range visitors {
			if p.ro.educators[p.index(id)].Speaks(l) {
				return ""
			}
		}
	}
	if len(needed) == 0 {
		return ""
	}
	return needed[0]
}

// index returns the position in the roster of one of the school's educators.
func (p *program) index(id model.EducatorID) int {
	// Ids are prefix + "E" + a number from 1; the position is the number - 1.
	n := 0
	for _, c := range []byte(id[len(p.ro.prefix)+1:]) {
		n = n*10 + int(c-'0')
	}
	return n - 1
}

func (p *program) interpreter(lang model.Language) model.InterpreterID {
	if id, ok := p.interp[lang]; ok {
		return id
	}
	if p.interp == nil {
		p.interp = make(map[model.Language]model.InterpreterID, 4)
	}
	id := model.InterpreterID(p.ro.prefix + "IN-" + string(lang))
	p.interp[lang] = id
	return id
}
