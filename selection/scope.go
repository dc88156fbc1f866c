package selection

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/internal/indexview"
	"github.com/homevisits/pthv/model"
)

// scopeKeys are the only keys a scope may use, in canonical order.
var scopeKeys = [...]string{"school", "grade", "class", "teacher"}

// IsScopeKey reports whether key (case-insensitive) may narrow a plan's
// population: school, grade, class (or its synonym section) and teacher.
// Every other key is targeting.
func IsScopeKey(key string) bool {
	_, ok := canonicalKey(key)
	return ok
}

func canonicalKey(key string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(key))
	switch k {
	case "school", "grade", "class", "teacher":
		return k, true
	case "section":
		return "class", true
	}
	return k, false
}

// Scope is what a plan may narrow its population by: schools, grades,
// classes (sections) and teachers — what schools legitimately do (RTI: "some
// secondary schools made school-wide decisions to visit students in certain
// classes"). There is deliberately no field for a student attribute.
//
// A student is in scope when it matches every non-empty field, and a field
// with several values matches any of them. The zero Scope is the whole
// dataset. A family is in scope when at least one of its students is.
type Scope struct {
	Schools  []model.SchoolID
	Grades   []model.Grade
	Classes  []model.ClassID
	Teachers []model.EducatorID
}

// ParseScope parses the command-line form "school=S1,grade=3", where
// several values of one key are written "class=C1|C2" or by repeating the
// key. Keys are case-insensitive. Any key other than school, grade, class
// (section) or teacher — "ell=yes", "attendance<0.9", "iep" — returns a
// [*ScopeError] wrapping [ErrTargeting] that names it. The empty string is
// the zero Scope.
func ParseScope(s string) (Scope, error) {
	var sc Scope
	if strings.TrimSpace(s) == "" {
		return sc, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, value, hasValue := strings.Cut(part, "=")
		if !hasValue {
			key = part
		}
		if _, ok := canonicalKey(key); !ok {
			if strings.TrimSpace(key) == "" {
				return Scope{}, &ScopeError{Key: strings.TrimSpace(part), Err: fmt.Errorf("%w: missing key", ErrInvalidScope)}
			}
			return Scope{}, &ScopeError{Key: targetName(key), Err: ErrTargeting}
		}
		if !hasValue {
			return Scope{}, &ScopeError{Key: strings.TrimSpace(part), Err: fmt.Errorf("%w: want key=value", ErrInvalidScope)}
		}
		if err := sc.Set(key, value); err != nil {
			return Scope{}, err
		}
	}
	return sc, nil
}

// leadingName returns the name at the start of an expression such as
// "attendance<0.9" or "iep!=no".
func leadingName(s string) string {
	s = strings.TrimSpace(s)
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r == '_' || r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	})
	if end < 0 {
		return s
	}
	return s[:end]
}

// targetName names the attribute in a rejected key, lower-cased:
// "attendance" for "attendance<0.9" or "Attendance <", the whole key
// otherwise.
func targetName(key string) string {
	key = strings.TrimSpace(key)
	name := leadingName(key)
	if rest := strings.TrimSpace(key[len(name):]); name != "" && (rest == "" || strings.ContainsRune("<>!=~", rune(rest[0]))) {
		return strings.ToLower(name)
	}
	return strings.ToLower(key)
}

// ScopeFromMap builds a scope from its map form, as in a recorded
// [model.Plan]'s Scope. Keys are checked in sorted order and every key that
// is not a scope key is reported, each a [*ScopeError] wrapping
// [ErrTargeting].
func ScopeFromMap(m map[string]string) (Scope, error) {
	var sc Scope
	var errs []error
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := sc.Set(k, m[k]); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return Scope{}, errors.Join(errs...)
	}
	return sc, nil
}

// Set adds the values of one key: value may hold several, separated by
// "|". It returns a [*ScopeError] wrapping [ErrTargeting] for any key that
// is not a scope key, and wrapping [ErrInvalidScope] for an empty value or
// a grade that is not PK, K or 1–12. A nil *Scope is an error wrapping
// [ErrInvalidScope].
func (s *Scope) Set(key, value string) error {
	if s == nil {
		return &ScopeError{Key: key, Value: value, Err: fmt.Errorf("%w: nil scope", ErrInvalidScope)}
	}
	k, ok := canonicalKey(key)
	switch {
	case k == "":
		return &ScopeError{Key: key, Value: value, Err: fmt.Errorf("%w: missing key", ErrInvalidScope)}
	case !ok:
		return &ScopeError{Key: targetName(key), Value: value, Err: ErrTargeting}
	}
	var vals []string
	for v := range strings.SplitSeq(value, "|") {
		v = strings.TrimSpace(v)
		if v == "" {
			return &ScopeError{Key: k, Value: value, Err: fmt.Errorf("%w: empty value", ErrInvalidScope)}
		}
		vals = append(vals, v)
	}
	switch k {
	case "school":
		s.Schools = addIDs(s.Schools, vals)
	case "class":
		s.Classes = addIDs(s.Classes, vals)
	case "teacher":
		s.Teachers = addIDs(s.Teachers, vals)
	case "grade":
		for _, v := range vals {
			g, err := parseGrade(v)
			if err != nil {
				return &ScopeError{Key: k, Value: v, Err: err}
			}
			if !slices.Contains(s.Grades, g) {
				s.Grades = append(s.Grades, g)
			}
		}
		slices.Sort(s.Grades)
	}
	return nil
}

func addIDs[ID ~string](ids []ID, vals []string) []ID {
	for _, v := range vals {
		if !slices.Contains(ids, ID(v)) {
			ids = append(ids, ID(v))
		}
	}
	slices.Sort(ids)
	return ids
}

func parseGrade(v string) (model.Grade, error) {
	switch strings.ToUpper(v) {
	case "PK":
		return model.PreK, nil
	case "K":
		return model.Kindergarten, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || !model.Grade(n).Valid() {
		return 0, fmt.Errorf("%w: grade must be PK, K or 1 to 12", ErrInvalidScope)
	}
	return model.Grade(n), nil
}

// IsZero reports whether s is the whole dataset.
func (s Scope) IsZero() bool {
	return len(s.Schools) == 0 && len(s.Grades) == 0 && len(s.Classes) == 0 && len(s.Teachers) == 0
}

// Keys returns the keys s uses, in the order school, grade, class,
// teacher. They are what an invitation records as its criteria.
func (s Scope) Keys() []string {
	var out []string
	for _, k := range scopeKeys {
		if s.values(k) != "" {
			out = append(out, k)
		}
	}
	return out
}

// values returns the "|"-joined values of key k.
func (s Scope) values(k string) string {
	switch k {
	case "school":
		if len(s.Schools) == 1 {
			return string(s.Schools[0]) // a school's scope, asked for by every audit
		}
		return joinIDs(s.Schools)
	case "grade":
		return joinGrades(s.Grades)
	case "class":
		return joinIDs(s.Classes)
	case "teacher":
		return joinIDs(s.Teachers)
	}
	return ""
}

// joinIDs returns ids joined by "|".
func joinIDs[T ~string](ids []T) string {
	n := max(len(ids)-1, 0)
	for _, id := range ids {
		n += len(id)
	}
	var b strings.Builder
	b.Grow(n)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(string(id))
	}
	return b.String()
}

// joinGrades returns grades joined by "|", each as Grade.String writes it.
func joinGrades(grades []model.Grade) string {
	parts := make([]string, len(grades))
	for i, g := range grades {
		parts[i] = g.String()
	}
	return strings.Join(parts, "|")
}

// Map returns the map form of s, as recorded in [model.Plan].Scope.
func (s Scope) Map() map[string]string {
	m := map[string]string{}
	for _, k := range s.Keys() {
		m[k] = s.values(k)
	}
	return m
}

// String returns the command-line form, such as "school=S1,grade=3"; the
// zero Scope is "".
func (s Scope) String() string {
	var parts []string
	for _, k := range s.Keys() {
		parts = append(parts, k+"="+s.values(k))
	}
	return strings.Join(parts, ",")
}

// MarshalJSON writes s as an object of strings, such as
// {"grade":"3","school":"S1"}.
func (s Scope) MarshalJSON() ([]byte, error) { return json.Marshal(s.Map()) }

// UnmarshalJSON reads an object whose values are strings (several values
// separated by "|") or numbers (grades). Any key that is not a scope key is
// a [*ScopeError] wrapping [ErrTargeting]. A nil *Scope is an error
// wrapping [ErrInvalidScope].
func (s *Scope) UnmarshalJSON(b []byte) error {
	if s == nil {
		return fmt.Errorf("selection: %w: nil scope", ErrInvalidScope)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("selection: %w: scope must be an object of strings", ErrInvalidScope)
	}
	m := make(map[string]string, len(raw))
	for k, v := range raw {
		var str string
		var num json.Number
		switch {
		case json.Unmarshal(v, &str) == nil:
			m[k] = str
		case decodeNumber(v, &num) == nil:
			m[k] = num.String()
		default:
			if !IsScopeKey(k) {
				m[k] = string(v)
				continue
			}
			return &ScopeError{Key: k, Value: string(v), Err: fmt.Errorf("%w: want a string or a number", ErrInvalidScope)}
		}
	}
	sc, err := ScopeFromMap(m)
	if err != nil {
		return err
	}
	*s = sc
	return nil
}

func decodeNumber(b []byte, n *json.Number) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	num, ok := v.(json.Number)
	if !ok {
		return fmt.Errorf("not a number")
	}
	*n = num
	return nil
}

// matcher decides scope membership for students of one dataset, and
// numbers the teachers and classes it meets: a population's candidate
// teachers are gathered as numbers, and each class's teachers are looked
// up once, not once per student of the class.
type matcher struct {
	ix       *model.Index
	schools  map[model.SchoolID]bool
	grades   map[model.Grade]bool
	classes  map[model.ClassID]bool
	teachers map[model.EducatorID]bool

	// The last school asked about and its answer: a scope's candidates
	// come school by school, so most students ask about the school the
	// student before did, and comparing an id costs less than hashing it.
	// By position (matchAt), lastSchoolAt is the school's position.
	lastSchool   model.SchoolID
	lastSchoolAt int32
	lastSchoolIn bool
	askedSchool  bool

	// educators numbers the teachers met; teacherIn[k] is whether
	// teacher k is in the scope.
	educators numbering[model.EducatorID]
	teacherIn []bool
	// classIDs numbers the classes met; classIn[k] is whether class k is
	// in the scope, and its teachers in the scope, by number, are
	// classTeachers[classAt[k]:classAt[k+1]]: kept to the scope once,
	// when the class is met, rather than at each of its students.
	classIDs      numbering[model.ClassID]
	classIn       []bool
	classAt       []int32
	classTeachers []int32

	// byPosition is set when the index has the positions validation found
	// for the students' classes and teachers and the classes' teachers
	// (refs, indexview.References): matchAt then numbers teachers and
	// classes by position, looking up no id, and educators and classIDs
	// stay empty. teacherNo[e] is 1 + the number of the educator at
	// position e of Educators, 0 while it is not met, and teacherPos[k]
	// the position of teacher k; classNo and classPos likewise for
	// Classes. teacherNo and classNo are sized by their sections and
	// zero but for the positions met, which forget clears: a school's
	// population meets a few dozen of a national year's educators.
	byPosition           bool
	refs                 indexview.PeopleRefs
	teacherNo, classNo   []int32
	teacherPos, classPos []int32

	// spare holds the teachers match gathers for inScopeAt, which
	// drops them.
	spare []int32
}

func set[T comparable](xs []T) map[T]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[T]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// check reports the first scope value that names no record of ix.
func (s Scope) check(ix *model.Index) error {
	for _, id := range s.Schools {
		if _, ok := ix.School(id); !ok {
			return &ScopeError{Key: "school", Value: string(id), Err: fmt.Errorf("%w: no such school", ErrInvalidScope)}
		}
	}
	for _, id := range s.Classes {
		if _, ok := ix.Class(id); !ok {
			return &ScopeError{Key: "class", Value: string(id), Err: fmt.Errorf("%w: no such class", ErrInvalidScope)}
		}
	}
	for _, id := range s.Teachers {
		if _, ok := ix.Educator(id); !ok {
			return &ScopeError{Key: "teacher", Value: string(id), Err: fmt.Errorf("%w: no such educator", ErrInvalidScope)}
		}
	}
	return nil
}

func newMatcher(s Scope, ix *model.Index) *matcher {
	m := new(matcher)
	m.reset(s, ix)
	return m
}

// reset makes m, new or forgotten, a matcher of scope s over ix.
func (m *matcher) reset(s Scope, ix *model.Index) {
	m.ix = ix
	m.schools, m.grades, m.classes, m.teachers = set(s.Schools), set(s.Grades), set(s.Classes), set(s.Teachers)
	m.lastSchool, m.lastSchoolIn, m.askedSchool = "", false, false
	m.teacherIn = m.teacherIn[:0]
	m.classIn = m.classIn[:0]
	m.classAt = append(m.classAt[:0], 0)
	m.classTeachers = m.classTeachers[:0]
	m.refs, m.byPosition = indexview.References(ix)
	if m.byPosition {
		ds := ix.Dataset()
		m.teacherNo = zeroed(m.teacherNo, len(ds.Educators))
		m.classNo = zeroed(m.classNo, len(ds.Classes))
	}
}

// zeroed returns an array of n zeros: a, when it has room, whose
// elements are zero (forget leaves them so), else a new one.
func zeroed(a []int32, n int) []int32 {
	if cap(a) < n {
		return make([]int32, n)
	}
	return a[:n]
}

// forget drops what m met, keeping its arrays for the next reset: a
// pooled matcher holds no dataset's records.
func (m *matcher) forget() {
	m.ix, m.schools, m.grades, m.classes, m.teachers, m.lastSchool = nil, nil, nil, nil, nil, ""
	m.educators.reset()
	m.classIDs.reset()
	for _, e := range m.teacherPos {
		m.teacherNo[e] = 0
	}
	for _, c := range m.classPos {
		m.classNo[c] = 0
	}
	m.teacherPos, m.classPos = m.teacherPos[:0], m.classPos[:0]
	m.refs, m.byPosition = indexview.PeopleRefs{}, false
}

// trustSchools makes m take every student it is asked about to be at a
// school of its scope, without asking: for candidates that are the
// students of the scope's schools, as the index lists them.
func (m *matcher) trustSchools() { m.schools = nil }

// teachersMet returns how many teachers m has numbered.
func (m *matcher) teachersMet() int {
	if m.byPosition {
		return len(m.teacherPos)
	}
	return len(m.educators.ids)
}

// teacherID returns the id of teacher k.
func (m *matcher) teacherID(k int32) model.EducatorID {
	if m.byPosition {
		return m.ix.Dataset().Educators[m.teacherPos[k]].ID
	}
	return m.educators.ids[k]
}

// compareTeachers orders teachers a and b by id: by their positions
// when the dataset's educators are in id order, which is then the same
// order and costs no comparison of text.
func (m *matcher) compareTeachers(a, b int32) int {
	if m.byPosition && m.refs.EducatorsByID {
		return cmp.Compare(m.teacherPos[a], m.teacherPos[b])
	}
	return strings.Compare(string(m.teacherID(a)), string(m.teacherID(b)))
}

// schoolIn reports whether school s is in scope.
func (m *matcher) schoolIn(s model.SchoolID) bool {
	if m.schools == nil {
		return true
	}
	if !m.askedSchool || s != m.lastSchool {
		m.lastSchool, m.lastSchoolIn, m.askedSchool = s, m.schools[s], true
	}
	return m.lastSchoolIn
}

// schoolInAt is schoolIn of the school of the student at position pos,
// found by the school's position: its id is compared or hashed only
// when the school differs from the last student's.
func (m *matcher) schoolInAt(pos int) bool {
	if m.schools == nil {
		return true
	}
	k := int32(-1)
	if pos >= 0 && pos < len(m.refs.StudentSchools) {
		k = m.refs.StudentSchools[pos]
	}
	if !m.askedSchool || k != m.lastSchoolAt {
		m.lastSchoolAt, m.lastSchoolIn, m.askedSchool = k, k >= 0 && m.schools[m.ix.Dataset().Schools[k].ID], true
	}
	return m.lastSchoolIn
}

// teacher returns the number of teacher t.
func (m *matcher) teacher(t model.EducatorID) int32 {
	k, fresh := m.educators.number(t)
	if fresh {
		m.teacherIn = append(m.teacherIn, m.teachers == nil || m.teachers[t])
	}
	return k
}

// class returns the number of class c, looking up its teachers when c is
// new.
func (m *matcher) class(c model.ClassID) int32 {
	k, fresh := m.classIDs.number(c)
	if fresh {
		m.classIn = append(m.classIn, m.classes == nil || m.classes[c])
		if cl, ok := m.ix.Class(c); ok {
			for _, t := range cl.Teachers {
				if k := m.teacher(t); m.teacherIn[k] {
					m.classTeachers = append(m.classTeachers, k)
				}
			}
		}
		m.classAt = append(m.classAt, int32(len(m.classTeachers)))
	}
	return k
}

// teacherAt returns the number of the teacher at position e of the
// dataset's Educators (matchAt's teacher).
func (m *matcher) teacherAt(e int32) int32 {
	if k := m.teacherNo[e]; k > 0 {
		return k - 1
	}
	k := int32(len(m.teacherPos))
	m.teacherPos = append(m.teacherPos, e)
	m.teacherNo[e] = k + 1
	m.teacherIn = append(m.teacherIn, m.teachers == nil || m.teachers[m.ix.Dataset().Educators[e].ID])
	return k
}

// classAtPosition returns the number of the class at position c of the
// dataset's Classes, numbering its teachers when c is new (matchAt's
// class).
func (m *matcher) classAtPosition(c int32) int32 {
	if k := m.classNo[c]; k > 0 {
		return k - 1
	}
	return m.newClassAt(c)
}

// newClassAt numbers the class at position c, met for the first time,
// and its teachers: classAtPosition's slow path, apart so that the fast
// one is inlined.
func (m *matcher) newClassAt(c int32) int32 {
	k := int32(len(m.classPos))
	m.classPos = append(m.classPos, c)
	m.classNo[c] = k + 1
	m.classIn = append(m.classIn, m.classes == nil || m.classes[m.ix.Dataset().Classes[c].ID])
	for _, e := range positionsAt(&m.refs.ClassTeachers, int(c)) {
		if t := m.teacherAt(e); m.teacherIn[t] {
			m.classTeachers = append(m.classTeachers, t)
		}
	}
	m.classAt = append(m.classAt, int32(len(m.classTeachers)))
	return k
}

// positionsAt is l.At(i), spelled out here so that it is inlined in the
// matcher's loop over every student, where the call cost more than the
// loads.
func positionsAt(l *indexview.Lists, i int) []int32 {
	if uint(i) >= uint(len(l.Start)) || i+1 >= len(l.Start) {
		return nil
	}
	return l.Items[l.Start[i]:l.Start[i+1]]
}

// classInScopeAt reports whether the class at position c is in scope.
func (m *matcher) classInScopeAt(c int32) bool {
	k := m.classAtPosition(c) // may grow classIn
	return m.classIn[k]
}

// matchAt is match of st, the student at position pos of the dataset's
// Students: by the positions of its classes and teachers when m numbers
// them by position, which reads two short arrays of positions instead
// of the student's lists of ids and each id's text.
func (m *matcher) matchAt(pos int, st *model.Student, teachers []int32) (bool, []int32) {
	if !m.byPosition {
		return m.match(st, teachers)
	}
	classes := positionsAt(&m.refs.StudentClasses, pos)
	if !m.schoolInAt(pos) || m.grades != nil && !m.grades[st.Grade] ||
		m.classes != nil && !slices.ContainsFunc(classes, m.classInScopeAt) {
		return false, teachers
	}
	from := len(teachers)
	for _, e := range positionsAt(&m.refs.StudentTeachers, pos) {
		if t := m.teacherAt(e); m.teacherIn[t] && !slices.Contains(teachers[from:], t) {
			teachers = append(teachers, t)
		}
	}
	for _, c := range classes {
		k := m.classAtPosition(c)
		if !m.classIn[k] {
			continue
		}
		for _, t := range m.classTeachers[m.classAt[k]:m.classAt[k+1]] {
			if !slices.Contains(teachers[from:], t) {
				teachers = append(teachers, t)
			}
		}
	}
	if m.teachers != nil && len(teachers) == from {
		return false, teachers
	}
	return true, teachers
}

// inScopeAt reports whether st, the student at position pos of the
// dataset's Students, is in scope: what matchAt reports, without
// gathering the student's teachers. A population works its candidate
// teachers out only when a plan asks for them (an audit never does),
// so deriving it only asks who is in scope; and with teachers in the
// scope the first of the student's within it settles that.
func (m *matcher) inScopeAt(pos int, st *model.Student) bool {
	if !m.byPosition {
		var ok bool
		ok, m.spare = m.match(st, m.spare[:0])
		return ok
	}
	classes := positionsAt(&m.refs.StudentClasses, pos)
	if !m.schoolInAt(pos) || m.grades != nil && !m.grades[st.Grade] ||
		m.classes != nil && !slices.ContainsFunc(classes, m.classInScopeAt) {
		return false
	}
	if m.teachers == nil {
		return true
	}
	for _, e := range positionsAt(&m.refs.StudentTeachers, pos) {
		if m.teacherIn[m.teacherAt(e)] {
			return true
		}
	}
	// A class's teachers are kept to the scope's when it is met.
	for _, c := range classes {
		if k := m.classAtPosition(c); m.classIn[k] && m.classAt[k+1] > m.classAt[k] {
			return true
		}
	}
	return false
}

// classInScope reports whether class c is in scope.
func (m *matcher) classInScope(c model.ClassID) bool {
	k := m.class(c) // may grow classIn
	return m.classIn[k]
}

// match reports whether st is in scope and adds to teachers the numbers
// of the educators who teach st within the scope, each once: its
// teachers of record, then the teachers of its in-scope classes, kept to
// the scope's teachers when it names any.
func (m *matcher) match(st *model.Student, teachers []int32) (bool, []int32) {
	if !m.schoolIn(st.School) || m.grades != nil && !m.grades[st.Grade] ||
		m.classes != nil && !slices.ContainsFunc(st.Classes, m.classInScope) {
		return false, teachers
	}
	from := len(teachers)
	for _, id := range st.Teachers {
		// Each once: a teacher of record usually teaches a class of the
		// student's too.
		if t := m.teacher(id); m.teacherIn[t] && !slices.Contains(teachers[from:], t) {
			teachers = append(teachers, t)
		}
	}
	for _, id := range st.Classes {
		c := m.class(id)
		if !m.classIn[c] {
			continue
		}
		for _, t := range m.classTeachers[m.classAt[c]:m.classAt[c+1]] {
			if !slices.Contains(teachers[from:], t) {
				teachers = append(teachers, t)
			}
		}
	}
	if m.teachers != nil && len(teachers) == from {
		return false, teachers
	}
	return true, teachers
}
