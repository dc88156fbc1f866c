package synth

import (
	"github.com/homevisits/pthv/internal/arena"
	"github.com/homevisits/pthv/internal/draw"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/homevisits/pthv/model"
)

// roster is one school's people: staff, classes, students and families.
type roster struct {
	idx    int
	kind   schoolKind
	prefix string // "S001-"
	school model.School

	educators []model.Educator // principal first, then teachers, counselor, classified
	staff     []staffMeta      // parallel to educators
	nTeachers int

	classes   []model.Class
	students  []model.Student
	stTeach   []int32 // teacher indices of student k: stTeach[stTeachOff[k]:stTeachOff[k+1]]
	stTeachOf []int32

	families []model.Family // the records of families whose first student is in this school
	fam      []famMeta      // parallel to families: every family with a student here
	own      int            // families whose record this school holds

	// audits are the students' audit attributes (parallel to students),
	// and attrs the one Attributes map of each combination (see
	// roster.attribute).
	audits []audit
	attrs  [8][]langAttributes // by the flags' bits (audit.bits), then language
	// shared are the district's maps, which attrs caches; nil makes
	// the school's own.
	shared *attributeMaps

	topLang   model.Language // the most common home language other than English
	source    model.FundingSource
	pastPairs []model.PastPair
}

// staffMeta is what the program needs to know about an educator.
type staffMeta struct {
	optedIn    bool
	visitor    bool // opted in and trained before the first visits: the regular pool
	untrained  bool // opted in with no training: only on P2.trained deviations
	lapsed     bool // trained in an earlier year, not opted in: P1.educator-consent deviations
	stipend    bool
	classified bool
	lang2      model.Language // a language other than English, or ""
	hours      model.Hours    // zero for the school day
}

// famMeta is what the program needs to know about a family with students
// in this school. A family with children in two schools has an entry in
// each; one of them holds its record.
type famMeta struct {
	first, n int32 // the family's students in this school: students[first:first+n]
	lang     model.Language
	rec      *model.Family // the family's record, wherever it is held
	frl      bool
	ell      bool // any of its students here is an English learner
	own      bool // this school holds the family's record
	split    bool // the family has students in another school too
}

func (ro *roster) famStudents(f int) []model.Student {
	m := &ro.fam[f]
	return ro.students[m.first : m.first+m.n]
}

const (
	yes = "yes"
	no  = "no"
)

// audit is a student's audit attributes, as its Attributes map writes
// them.
type audit struct {
	ell, iep, frl bool
	lang          model.Language
}

// attribute gives student k the audit attributes a. Students whose
// attributes are alike share one Attributes map, as decoded students do
// (see [model.DecodeDataset]): a district of 25,000 students has a few
// dozen combinations, and a simulation builds a district for every
// replication. The school looks its own combinations up first, the
// district's (under their lock) only for one it meets the first time.
func (ro *roster) attribute(k int, a audit) {
	ro.audits[k] = a
	ms := &ro.attrs[a.bits()]
	for _, la := range *ms { // a handful of languages
		if la.lang == a.lang {
			ro.students[k].Attributes = la.m
			return
		}
	}
	var m map[string]string
	if ro.shared != nil {
		m = ro.shared.of(a)
	} else {
		m = attributesOf(a)
	}
	*ms = append(*ms, langAttributes{a.lang, m})
	ro.students[k].Attributes = m
}

// attributesOf returns a new Attributes map of the audit attributes a.
func attributesOf(a audit) map[string]string {
	return map[string]string{
		"ell":           yesNo(a.ell),
		"iep":           yesNo(a.iep),
		"frl":           yesNo(a.frl),
		"home_language": string(a.lang),
	}
}

// attributeMaps are the Attributes maps of a district's students, one for
// each combination of audit attributes, which the schools' rosters —
// built in parallel — share.
type attributeMaps struct {
	mu sync.Mutex
	by [8][]langAttributes // by the flags' bits (audit.bits), then language
}

// of returns the district's Attributes map of a, made the first time
// any school asks for it.
func (s *attributeMaps) of(a audit) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := &s.by[a.bits()]
	for _, la := range *ms {
		if la.lang == a.lang {
			return la.m
		}
	}
	m := attributesOf(a)
	*ms = append(*ms, langAttributes{a.lang, m})
	return m
}

// schoolLanguages is room for the home languages of a school's students
// in each list of its attribute maps: English, eight home languages and a
// rare one, with room to spare.
const schoolLanguages = 12

// langAttributes is the Attributes map of one home language, among those
// of the same flags.
type langAttributes struct {
	lang model.Language
	m    map[string]string
}

// bits returns a's flags as three bits.
func (a audit) bits() int {
	return b2i(a.ell) | b2i(a.iep)<<1 | b2i(a.frl)<<2
}

func yesNo(b bool) string {
	if b {
		return yes
	}
	return no
}

// homeLanguages are the home languages other than English, most common
// first, which homeLanguage draws by their position.
var homeLanguages = [...]model.Language{"es", "vi", "zh", "ar", "hmn", "tl", "ru", "so"}

// homeLanguage draws a home language other than English, at shares
// loosely following US English-learner data: Spanish by far the most
// common, then Vietnamese, Chinese, Arabic, Hmong, Tagalog, Russian, Somali.
// It returns the language's position in homeLanguages.
func homeLanguage(r *rand.Rand) int {
	u := r.Float64()
	for i, upTo := range [len(homeLanguages) - 1]float64{0.72, 0.78, 0.84, 0.88, 0.92, 0.95, 0.98} {
		if u < upTo {
			return i
		}
	}
	return len(homeLanguages) - 1
}

func familySize(r *rand.Rand) int {
	u, sizes := r.Float64(), FamilySizes()
	switch {
	case u < sizes[0]:
		return 1
	case u < sizes[0]+sizes[1]:
		return 2
	}
	return 3
}

func (e *env) buildRoster(i int, p *schoolPlan, students []model.Student, educators []model.Educator) *roster {
	r := draw.Stream(e.seed, streamRoster, i)
	sid := SchoolID(i, e.cfg.Schools)
	ro := &roster{
		idx:       i,
		kind:      p.kind,
		prefix:    string(sid) + "-",
		students:  students,
		educators: educators,
		shared:    e.attrs,
	}
	ro.school = model.School{ID: sid, Name: e.schoolName(i, p.kind)}
	if dualLanguage(i, p.kind) {
		ro.school.Languages = []model.Language{"en", "es"}
	}

	e.enrol(ro, r)
	e.hire(ro, r)
	e.timetable(ro)
	return ro
}

// dualLanguage reports whether school i teaches in English and Spanish:
// every tenth school, from the first, is a dual-language elementary school.
// A Spanish-speaking family needs no interpreter there, but does at its
// other children's school (P5.language reads the languages of instruction
// of the school of the students a visit names).
func dualLanguage(i int, k schoolKind) bool { return k == elementary && i%10 == 0 }

func (e *env) schoolName(i int, k schoolKind) string {
	base := e.names[i%len(e.names)]
	if n := i / len(e.names); n > 0 {
		base += " " + strconv.Itoa(n+1)
	}
	return base + " " + k.name()
}

// enrol creates the school's families and students, family by family.
func (e *env) enrol(ro *roster, r *rand.Rand) {
	cfg := e.cfg
	n := len(ro.students)
	sid := ro.school.ID
	lo, hi := ro.kind.span()
	span := int(hi-lo) + 1
	ids := idBlock[model.StudentID](ro.prefix+"ST", 5, n)
	ro.fam = make([]famMeta, 0, n*2/3+4)
	ro.audits = make([]audit, n)
	// The attribute maps' lists of the flags' combinations, with room in
	// one array for more languages than a school meets: a list that
	// outgrows its room moves out of it.
	room := make([]langAttributes, len(ro.attrs)*schoolLanguages)
	for b := range ro.attrs {
		ro.attrs[b] = room[b*schoolLanguages : b*schoolLanguages : (b+1)*schoolLanguages]
	}
	var langCount [len(homeLanguages)]int // of the families drawn a home language
	for k := 0; k < n; {
		size := min(familySize(r), n-k)
		m := famMeta{first: int32(k), n: int32(size), lang: "en", own: true}
		if r.Float64() < e.pNonEnglish {
			l := homeLanguage(r)
			m.lang = homeLanguages[l]
			langCount[l]++
		}
		m.frl = draw.Chance(r, cfg.FRLRate)
		var grades [3]model.Grade
		for j := range size {
			g := lo + model.Grade(r.IntN(span))
			for try := 0; try < 3 && j > 0 && containsGrade(grades[:j], g); try++ {
				g = lo + model.Grade(r.IntN(span))
			}
			grades[j] = g
			ell := m.lang != "en" && draw.Chance(r, e.ellGivenNE)
			m.ell = m.ell || ell
			st := &ro.students[k+j]
			st.ID = ids[k+j]
			st.School = sid
			st.Grade = g
			ro.attribute(k+j, audit{ell: ell, iep: draw.Chance(r, cfg.IEPRate), frl: m.frl, lang: m.lang})
		}
		ro.fam = append(ro.fam, m)
		k += size
	}
	e.newcomers(ro, r)
	ro.topLang = "es"
	best := 0
	for l, c := range langCount {
		if c > best {
			ro.topLang, best = homeLanguages[l], c
		}
	}

	famIDs := idBlock[model.FamilyID](ro.prefix+"F", 5, len(ro.fam))
	ro.families = make([]model.Family, len(ro.fam))
	ro.own = len(ro.fam)
	langs := arena.New[model.Language](2 * len(ro.fam))
	windows := arena.New[model.Window](len(ro.fam) / 2)
	frl := 0
	for f := range ro.fam {
		m := &ro.fam[f]
		fam := &ro.families[f]
		m.rec = fam
		fam.ID = famIDs[f]
		for k := m.first; k < m.first+m.n; k++ {
			ro.students[k].Family = fam.ID
		}
		if m.frl {
			frl++
		}
		switch {
		case m.lang == "en":
			fam.Languages = langs.Take(1)
			fam.Languages[0] = "en"
		case isRare(m.lang):
			// Newcomers who speak no English, and whom no one on the staff
			// understands, ask for an interpreter.
			fam.Languages = langs.Take(1)
			fam.Languages[0] = m.lang
			fam.NeedsInterpreter = true
		case r.Float64() < 0.55:
			fam.Languages = langs.Take(2)
			fam.Languages[0], fam.Languages[1] = m.lang, "en"
			// Some bilingual families ask for a visit in their own
			// language. Spanish is a language of instruction in the
			// dual-language schools, so no family needs it "as another
			// language" there; the flag stays with the other languages.
			fam.NeedsInterpreter = m.lang != "es" && r.Float64() < 0.2
		default:
			// A family that speaks no English needs a visitor or an
			// interpreter who speaks its language wherever it is not taught
			// (P5.language); it records the need when no school teaches it.
			fam.Languages = langs.Take(1)
			fam.Languages[0] = m.lang
			fam.NeedsInterpreter = m.lang != "es"
		}
		if u := r.Float64(); u < 0.10 {
			fam.LocationPreference = [...]model.LocationKind{model.Library, model.Park, model.Cafe, model.AtSchool}[r.IntN(4)]
		}
		if r.Float64() < 0.25 {
			fam.Availability = familyWindows(r, &windows)
		}
	}
	// Title I funds pay visits in high-poverty schools: more than
	// HighPovertyShare of families eligible (in whole families).
	ro.source = FundingSourceFor(r.Float64(), frl*2 > len(ro.fam)+len(ro.fam)/5)
}

// rareLanguages are home languages of recent arrivals: each school has one
// to three families who speak one of them, so an audit meets categories too
// small to report on their own (RULES.md, P4.cross-section: small groups
// are pooled, and no output names them).
var rareLanguages = [...]model.Language{"am", "my", "ne", "prs", "ps", "ti", "uk"}

func isRare(l model.Language) bool {
	for _, x := range rareLanguages {
		if x == l {
			return true
		}
	}
	return false
}

// newcomers gives one to three of the school's families a rare home
// language, the same for all of them; their children are usually English
// learners.
func (e *env) newcomers(ro *roster, r *rand.Rand) {
	lang := rareLanguages[r.IntN(len(rareLanguages))]
	want := min(1+r.IntN(3), len(ro.fam))
	for picked := 0; picked < want; {
		m := &ro.fam[r.IntN(len(ro.fam))]
		if m.lang == lang {
			continue
		}
		picked++
		m.lang, m.ell = lang, false
		for k := m.first; k < m.first+m.n; k++ {
			ell := r.Float64() < 0.8
			m.ell = m.ell || ell
			a := ro.audits[k]
			a.ell, a.lang = ell, lang
			ro.attribute(int(k), a)
		}
	}
}

func containsGrade(gs []model.Grade, g model.Grade) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

// familyWindows returns one or two weekly windows when a family can be
// visited: a weekday evening, or a weekend morning or afternoon.
func familyWindows(r *rand.Rand, a *arena.Arena[model.Window]) []model.Window {
	ws := a.Take(1 + r.IntN(2))
	for j := range ws {
		switch r.IntN(3) {
		case 0:
			ws[j] = model.Window{Weekday: time.Saturday, Start: model.NewClock(10, 0), End: model.NewClock(14, 0)}
		case 1:
			ws[j] = model.Window{Weekday: time.Sunday, Start: model.NewClock(13, 0), End: model.NewClock(17, 0)}
		default:
			ws[j] = model.Window{Weekday: time.Monday + time.Weekday(r.IntN(5)), Start: model.NewClock(16, 0), End: model.NewClock(19, 30)}
		}
	}
	if len(ws) == 2 && ws[0] == ws[1] {
		ws = ws[:1:1]
	}
	return ws
}

// hire creates the school's staff: the principal, teachers, a counselor in
// larger secondary schools and one or two classified staff; then who opts
// in, their training history and stipends, and the school coordinator.
func (e *env) hire(ro *roster, r *rand.Rand) {
	cfg := e.cfg
	staffN := len(ro.educators) - 1
	nClassified := 1
	if staffN >= SecondClassifiedMinStaff && r.Float64() < SecondClassifiedShare {
		nClassified = 2
	}
	nCounselor := 0
	if ro.kind != elementary && staffN >= CounselorMinStaff {
		nCounselor = 1
	}
	ro.nTeachers = staffN - nClassified - nCounselor
	ids := idBlock[model.EducatorID](ro.prefix+"E", 4, len(ro.educators))
	ro.staff = make([]staffMeta, len(ro.educators))
	langs := arena.New[model.Language](len(ro.educators) + 8)
	for k := range ro.educators {
		ed := &ro.educators[k]
		m := &ro.staff[k]
		ed.ID = ids[k]
		ed.School = ro.school.ID
		switch {
		case k == 0:
			ed.Role, ed.Position = model.Certificated, model.Principal
		case k <= ro.nTeachers:
			ed.Role, ed.Position = model.Certificated, model.Teacher
			if r.Float64() < 0.12 {
				m.lang2 = "es"
			}
		case k <= ro.nTeachers+nCounselor:
			ed.Role, ed.Position = model.Certificated, model.Counselor
		case k == ro.nTeachers+nCounselor+1:
			// The family liaison usually speaks the school's most common
			// other language.
			ed.Role, ed.Position = model.Classified, model.Liaison
			m.classified = true
			if r.Float64() < 0.8 {
				m.lang2 = ro.topLang
			}
			if r.Float64() < 0.5 {
				m.hours = model.Hours{Start: model.NewClock(10, 0), End: model.NewClock(17, 0)}
			}
			ro.school.Liaisons = append(ro.school.Liaisons, ed.ID)
		default:
			ed.Role, ed.Position = model.Classified, model.Paraprofessional
			m.classified = true
			if r.Float64() < 0.3 {
				m.lang2 = ro.topLang
			}
			if r.Float64() < 0.5 {
				m.hours = model.Hours{Start: model.NewClock(7, 45), End: model.NewClock(14, 15)}
			}
		}
		if m.lang2 != "" && m.lang2 != "en" {
			ed.Languages = langs.Take(2)
			ed.Languages[0], ed.Languages[1] = "en", m.lang2
		} else {
			m.lang2 = ""
			ed.Languages = langs.Take(1)
			ed.Languages[0] = "en"
		}
		if k > 0 {
			m.optedIn = draw.Chance(r, cfg.OptInRate)
		}
	}

	// The coordinator: usually a volunteer on the staff, sometimes the
	// principal (which RTI advises against: R.coordinator-not-principal).
	coord := 0
	if !draw.Chance(r, 0.1*cfg.Deviations.Lapses) {
		coord = 1 + r.IntN(staffN)
		ro.staff[coord].optedIn = true
	}
	ro.school.Coordinator = ro.educators[coord].ID
	// At least two volunteers, so every visit can go in pairs; where the
	// advisories are kept too, the family liaison and at least three, so
	// that the school's pairs can vary (P5.pair-variety).
	want := 2
	if !draw.Chance(r, cfg.Deviations.Lapses) {
		want = min(MinVolunteers, staffN)
		ro.staff[ro.nTeachers+nCounselor+1].optedIn = true
	}
	opted := 0
	for k := 1; k <= staffN; k++ {
		if ro.staff[k].optedIn {
			opted++
		}
	}
	for at := r.IntN(staffN); opted < want; at = (at + 1) % staffN {
		if m := &ro.staff[1+at]; !m.optedIn {
			m.optedIn = true
			opted++
		}
	}
	// A volunteer without training, for P2.trained deviations: a new
	// volunteer when there is one to ask, else one of three or more.
	if cfg.Deviations.Untrained > 0 {
		start := r.IntN(staffN)
		pick := -1
		for j := range staffN {
			if k := 1 + (start+j)%staffN; !ro.staff[k].optedIn {
				pick = k
				break
			}
		}
		if pick < 0 && opted >= 3 {
			for j := range staffN {
				if k := 1 + (start+j)%staffN; k != coord {
					pick = k
					break
				}
			}
		}
		if pick > 0 {
			ro.staff[pick].optedIn = true
			ro.staff[pick].untrained = true
		}
	}

	// Training histories, opt-ins over the years and stipends.
	trainings := arena.New[model.Training](2 * len(ro.educators))
	optIns := arena.New[model.SchoolYearID](4 * len(ro.educators))
	stipends := arena.New[model.Stipend](len(ro.educators))
	hours := arena.New[model.Hours](4)
	stipendSchool := r.Float64() < 0.2
	var veterans []model.EducatorID
	for k := range ro.educators {
		ed := &ro.educators[k]
		m := &ro.staff[k]
		if m.hours != (model.Hours{}) {
			h := hours.One()
			*h = m.hours
			ed.WorkingHours = h
		}
		switch {
		case m.untrained:
			ed.OptIns = optIns.Take(1)
			ed.OptIns[0] = e.year.ID
		case m.optedIn:
			m.visitor = true
			if r.Float64() < VeteranShare {
				// A veteran: trained one to five years ago, perhaps with a
				// refresher since, who volunteered in most years.
				ago := 1 + r.IntN(5)
				n := 1
				if ago >= 2 && r.Float64() < 0.5 {
					n = 2
				}
				ts := trainings.Take(3)
				ts[0] = model.Training{Date: e.summerDay(r, ago), Kind: model.InitialTraining}
				if n == 2 {
					ts[1] = model.Training{Date: e.summerDay(r, r.IntN(ago)), Kind: model.RefresherTraining}
				}
				if !draw.Chance(r, cfg.Deviations.Lapses) && e.year.LastDay.DaysSince(ts[n-1].Date) > int(e.pol.RefresherAfter) {
					// Overdue: a refresher this summer (P2.refresher).
					ts[n] = model.Training{Date: e.summerDay(r, 0), Kind: model.RefresherTraining}
					n++
				}
				ed.Trainings = ts[:n:n]
				ys := optIns.Take(1 + min(ago, len(e.prevYears)))
				ys[0] = e.year.ID
				j := 1
				for a := 1; a <= ago && a <= len(e.prevYears); a++ {
					if a == 1 || r.Float64() < 0.8 {
						ys[j] = e.prevYears[a-1]
						j++
					}
				}
				ed.OptIns = ys[:j:j]
				veterans = append(veterans, ed.ID)
			} else {
				ed.Trainings = trainings.Take(1)
				ed.Trainings[0] = model.Training{Date: e.summerDay(r, 0), Kind: model.InitialTraining}
				ed.OptIns = optIns.Take(1)
				ed.OptIns[0] = e.year.ID
			}
			if stipendSchool || k == coord {
				m.stipend = true
				ed.Stipends = stipends.Take(1)
				amount := int64(60000)
				if k == coord {
					amount = 100000
				}
				ed.Stipends[0] = model.Stipend{Year: e.year.ID, AmountCents: amount, Source: ro.source}
			}
		case k == 0 || r.Float64() < 0.15:
			// Trained in an earlier year and not volunteering this year:
			// principals usually attended a training.
			m.lapsed = true
			ago := 1 + r.IntN(6)
			ed.Trainings = trainings.Take(1)
			ed.Trainings[0] = model.Training{Date: e.summerDay(r, ago), Kind: model.InitialTraining}
			ed.OptIns = optIns.Take(1)
			ed.OptIns[0] = e.prevYears[ago-1]
		}
	}
	// Last year's teams, so pairing can favour a change.
	pairs := arena.New[model.EducatorID](len(veterans))
	for j := 0; j+1 < len(veterans); j += 2 {
		ro.pastPairs = append(ro.pastPairs, model.PastPair{
			Year:      e.prevYears[0],
			Educators: pairs.CopyOf(veterans[j : j+2]),
		})
	}
}

// summerDay returns a training day in the summer `ago` years before this
// school year; for this year (ago 0), within the training window that ends
// before the first visits.
func (e *env) summerDay(r *rand.Rand, ago int) model.Date {
	if ago == 0 {
		return e.trainFrom.AddDays(r.IntN(e.trainTo.DaysSince(e.trainFrom) + 1))
	}
	return model.NewDate(e.firstYear-ago, time.June, 15).AddDays(r.IntN(57))
}

// Subjects every secondary student takes, one class each.
const secondarySubjects = SecondarySubjects

func subjectName(s int) string {
	switch s {
	case 0:
		return "English"
	case 1:
		return "Math"
	case 2:
		return "Science"
	}
	return "Social Studies"
}

// classNames returns the names of a school's n classes in the order
// timetable makes them: by grade from lo, then subject, then section,
// sections[g] sections of each of the subjects of grade lo+g. A homeroom
// is named by grade and section, "K-2"; a secondary class by subject
// too, "Math 7-1". All n share a single string allocation, as the
// classes' ids do.
func classNames(lo model.Grade, sections []int, subjects, n int) []string {
	if n <= 0 {
		return nil
	}
	// A Builder's string is its buffer, not a copy of it.
	var all strings.Builder
	all.Grow(20 * n)
	ends := make([]int32, 0, n)
	for g := range sections {
		grade := lo + model.Grade(g)
		for s := range subjects {
			for sec := range sections[g] {
				if subjects > 1 {
					all.WriteString(subjectName(s))
					all.WriteByte(' ')
				}
				all.WriteString(grade.String())
				all.WriteByte('-')
				all.WriteString(strconv.Itoa(sec + 1))
				ends = append(ends, int32(all.Len()))
			}
		}
	}
	out := make([]string, len(ends))
	from := int32(0)
	for i, end := range ends {
		out[i], from = all.String()[from:end], end
	}
	return out
}

// timetable creates the classes and gives every student classes and
// teachers of record. Elementary grades have homerooms of about ClassSize;
// secondary grades have sections of each subject, taught by a department.
func (e *env) timetable(ro *roster) {
	lo, hi := ro.kind.span()
	span := int(hi-lo) + 1
	subjects := 1
	if ro.kind != elementary {
		subjects = secondarySubjects
	}
	count := make([]int, span)
	for k := range ro.students {
		count[ro.students[k].Grade-lo]++
	}
	sections := make([]int, span)
	base := make([]int, span)
	nClasses := 0
	for g := range span {
		if count[g] > 0 {
			sections[g] = (count[g] + e.cfg.ClassSize - 1) / e.cfg.ClassSize
		}
		base[g] = nClasses
		nClasses += sections[g] * subjects
	}
	ids := idBlock[model.ClassID](ro.prefix+"C", 4, nClasses)
	ro.classes = make([]model.Class, nClasses)
	grades := make([]model.Grade, nClasses) // one per class: no record shares memory with another
	classTeacher := make([]int32, nClasses)
	teacherIDs := make([]model.EducatorID, nClasses)
	names := classNames(lo, sections, subjects, nClasses)
	nt := ro.nTeachers
	var next [secondarySubjects]int
	c := 0
	for g := range span {
		grade := lo + model.Grade(g)
		for s := range subjects {
			for range sections[g] {
				// Teacher t (1…nt) belongs to department (t-1) % subjects
				// when there are enough teachers for every subject.
				var t int
				if nt >= subjects {
					dept := (nt - s + subjects - 1) / subjects
					t = 1 + s + subjects*(next[s]%dept)
				} else {
					t = 1 + next[s]%nt
				}
				next[s]++
				classTeacher[c] = int32(t)
				teacherIDs[c] = ro.educators[t].ID
				grades[c] = grade
				ro.classes[c] = model.Class{
					ID:       ids[c],
					School:   ro.school.ID,
					Name:     names[c],
					Grade:    &grades[c],
					Teachers: teacherIDs[c : c+1 : c+1],
				}
				c++
			}
		}
	}

	n := len(ro.students)
	classIDs := make([]model.ClassID, n*subjects)
	stTeachIDs := make([]model.EducatorID, 0, n*subjects)
	ro.stTeach = make([]int32, 0, n*subjects)
	ro.stTeachOf = make([]int32, n+1)
	seen := make([]int, span)
	for k := range ro.students {
		st := &ro.students[k]
		g := int(st.Grade - lo)
		j := seen[g]
		seen[g]++
		q, rem := j/sections[g], j%sections[g]
		cls := classIDs[k*subjects : (k+1)*subjects : (k+1)*subjects]
		from := len(stTeachIDs)
		for s := range subjects {
			ci := base[g] + s*sections[g] + (rem+q*s)%sections[g]
			cls[s] = ids[ci]
			t := classTeacher[ci]
			dup := false
			for _, x := range ro.stTeach[from:] {
				dup = dup || x == t
			}
			if !dup {
				ro.stTeach = append(ro.stTeach, t)
				stTeachIDs = append(stTeachIDs, ro.educators[t].ID)
			}
		}
		st.Classes = cls
		st.Teachers = stTeachIDs[from:len(stTeachIDs):len(stTeachIDs)]
		ro.stTeachOf[k+1] = int32(len(ro.stTeach))
	}
}

// linkSiblings makes a few secondary students the older siblings of
// elementary families, so some families have children in two schools. The
// elementary school holds the family's record; the older sibling's own
// single-student family is dropped and the sibling takes the family's home
// language and lunch eligibility. Both schools count the family among
// theirs: each may invite it for its own students and visit them
// (RULES.md: a family with children in two schools is in both schools'
// populations).
func (e *env) linkSiblings(r *rand.Rand, rosters []*roster) {
	var elem []int
	for i, ro := range rosters {
		if ro.kind == elementary {
			elem = append(elem, i)
		}
	}
	if len(elem) == 0 {
		return
	}
	for _, ro := range rosters {
		if ro.kind == elementary {
			continue
		}
		for f := range ro.fam {
			m := &ro.fam[f]
			if m.n != 1 || r.Float64() >= crossSchoolSiblings {
				continue
			}
			owner := rosters[elem[r.IntN(len(elem))]]
			var om *famMeta
			for try := 0; try < 3 && om == nil; try++ {
				if c := &owner.fam[r.IntN(len(owner.fam))]; c.n <= 2 && !c.split {
					om = c
				}
			}
			if om == nil {
				continue
			}
			om.split, m.split = true, true
			m.own = false
			ro.own--
			m.rec = om.rec
			m.lang, m.frl = om.lang, om.frl
			st := &ro.students[m.first]
			st.Family = om.rec.ID
			ell := om.lang != "en" && draw.Chance(r, e.ellGivenNE)
			m.ell = ell
			a := ro.audits[m.first]
			a.ell, a.frl, a.lang = ell, om.frl, om.lang
			ro.attribute(int(m.first), a)
		}
	}
}

// crossSchoolSiblings is the share of single-student secondary families
// whose student turns out to be the older sibling of an elementary family.
const crossSchoolSiblings = 0.4
