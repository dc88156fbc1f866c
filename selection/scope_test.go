package selection

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/homevisits/pthv/model"
)

func TestParseScope(t *testing.T) {
	three := model.Grade(3)
	tests := []struct {
		name string
		in   string
		want Scope
		str  string // canonical form
	}{
		{"empty", "", Scope{}, ""},
		{"school", "school=S1", Scope{Schools: []model.SchoolID{"S1"}}, "school=S1"},
		{"school and grade", "school=S1,grade=3", Scope{Schools: []model.SchoolID{"S1"}, Grades: []model.Grade{three}}, "school=S1,grade=3"},
		{"keys any case, spaces", " School = S1 , GRADE=3", Scope{Schools: []model.SchoolID{"S1"}, Grades: []model.Grade{three}}, "school=S1,grade=3"},
		{"section is class", "section=C-9A", Scope{Classes: []model.ClassID{"C-9A"}}, "class=C-9A"},
		{"several classes", "class=C2|C1", Scope{Classes: []model.ClassID{"C1", "C2"}}, "class=C1|C2"},
		{"repeated key adds", "class=C2,class=C1", Scope{Classes: []model.ClassID{"C1", "C2"}}, "class=C1|C2"},
		{"kindergarten and pre-k", "grade=K|pk", Scope{Grades: []model.Grade{model.PreK, model.Kindergarten}}, "grade=PK|K"},
		{"teacher", "teacher=E-T1", Scope{Teachers: []model.EducatorID{"E-T1"}}, "teacher=E-T1"},
		{"empty parts skipped", "school=S1,,", Scope{Schools: []model.SchoolID{"S1"}}, "school=S1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScope(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.str, got.String())
			again, err := ParseScope(got.String())
			require.NoError(t, err)
			assert.Equal(t, got, again, "round trip")
		})
	}
}

func TestParseScopeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		key  string // the key the error names
		err  error
	}{
		{"ell", "school=S1,ell=yes", "ell", ErrTargeting},
		{"iep", "iep=yes", "iep", ErrTargeting},
		{"free lunch", "frl=yes", "frl", ErrTargeting},
		{"race", "race=black", "race", ErrTargeting},
		{"neighborhood", "neighborhood=Meadowview", "neighborhood", ErrTargeting},
		{"attendance comparison", "attendance<0.9", "attendance", ErrTargeting},
		{"bare attribute", "iep", "iep", ErrTargeting},
		{"grades as scores", "gpa=2.0", "gpa", ErrTargeting},
		{"discipline", "Discipline=referral", "discipline", ErrTargeting},
		{"unknown key is targeting too", "schol=S1", "schol", ErrTargeting},
		{"comparison with spaces", "Attendance <= 0.9", "attendance", ErrTargeting},
		{"key with a space", "home language=es", "home language", ErrTargeting},
		{"missing key", "=S1", "=S1", ErrInvalidScope},
		{"scope key without value", "school", "school", ErrInvalidScope},
		{"empty value", "grade=", "grade", ErrInvalidScope},
		{"bad grade", "grade=13", "grade", ErrInvalidScope},
		{"empty part of a list", "class=C1||C2", "class", ErrInvalidScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScope(tt.in)
			require.ErrorIs(t, err, tt.err)
			se, ok := errors.AsType[*ScopeError](err)
			require.True(t, ok, "a *ScopeError")
			assert.Equal(t, tt.key, se.Key)
			assert.Contains(t, err.Error(), tt.key)
		})
	}
}

func TestScopeJSON(t *testing.T) {
	var sc Scope
	require.NoError(t, json.Unmarshal([]byte(`{"school":"S1","grade":3,"class":"C1|C2"}`), &sc))
	assert.Equal(t, "school=S1,grade=3,class=C1|C2", sc.String())
	b, err := json.Marshal(sc)
	require.NoError(t, err)
	assert.JSONEq(t, `{"school":"S1","grade":"3","class":"C1|C2"}`, string(b))

	err = json.Unmarshal([]byte(`{"school":"S1","ell":"yes","iep":true}`), &sc)
	require.ErrorIs(t, err, ErrTargeting)
	assert.Contains(t, err.Error(), `"ell"`)
	assert.Contains(t, err.Error(), `"iep"`, "every targeting key is named")

	require.ErrorIs(t, json.Unmarshal([]byte(`["school"]`), &sc), ErrInvalidScope)
	require.ErrorIs(t, json.Unmarshal([]byte(`{"grade":[3]}`), &sc), ErrInvalidScope)
}

// attributeKey draws a key that is not a scope key: a student attribute a
// district might hold, in any case, or any other word.
var attributeKey = rapid.OneOf(
	rapid.SampledFrom([]string{"attendance", "discipline", "grades", "gpa", "score", "iep", "ell", "frl",
		"free_lunch", "income", "race", "ethnicity", "neighborhood", "zip", "home_language", "language", "Ell", "IEP"}),
	rapid.StringMatching(`[a-z][a-z_]{0,12}`),
).Filter(func(k string) bool { return !IsScopeKey(k) })

// TestTargetingRejectedEverywhere checks every way a scope enters the
// package: the command-line string, Scope.Set, the map of a recorded plan,
// a JSON scope, and a JSON plan request.
func TestTargetingRejectedEverywhere(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key := attributeKey.Draw(t, "key")
		value := rapid.StringMatching(`[A-Za-z0-9]{1,6}`).Draw(t, "value")
		want := strings.ToLower(key)
		check := func(entry string, err error) {
			require.ErrorIs(t, err, ErrTargeting, entry)
			require.Contains(t, err.Error(), want, entry)
		}
		_, err := ParseScope("school=S1," + key + "=" + value)
		check("ParseScope", err)

		var sc Scope
		check("Scope.Set", sc.Set(key, value))

		_, err = ScopeFromMap(map[string]string{"grade": "3", key: value})
		check("ScopeFromMap", err)

		doc, _ := json.Marshal(map[string]any{"share": 0.25, "scope": map[string]string{key: value}})
		_, err = DecodeRequest("plan.json", strings.NewReader(string(doc)))
		check("DecodeRequest", err)
		require.Contains(t, err.Error(), "plan.json")
	})
}

func TestScopeSetAcceptsScopeKeys(t *testing.T) {
	for _, k := range []string{"school", "grade", "class", "section", "teacher", "SCHOOL"} {
		assert.True(t, IsScopeKey(k), k)
	}
	var sc Scope
	require.NoError(t, sc.Set("teacher", "T1|T2"))
	require.NoError(t, sc.Set("grade", "5"))
	assert.Equal(t, []string{"grade", "teacher"}, sc.Keys())
	assert.Equal(t, map[string]string{"grade": "5", "teacher": "T1|T2"}, sc.Map())
}

func TestDecodeRequest(t *testing.T) {
	req, err := DecodeRequest("r.json", strings.NewReader(`{"scope":{"school":"S1"},"share":0.25,"balance":["ell","language"],"seed":7}`))
	require.NoError(t, err)
	assert.Equal(t, Request{Scope: Scope{Schools: []model.SchoolID{"S1"}}, Share: 0.25, Balance: []string{"ell", "language"}, Seed: 7}, req)

	_, err = DecodeRequest("r.json", strings.NewReader(`{"share":0.25,"filter":{"ell":"yes"}}`))
	require.ErrorIs(t, err, ErrInvalidRequest, "unknown fields are errors")
	_, err = DecodeRequest("r.json", strings.NewReader(`{"share":0.25} {}`))
	require.ErrorIs(t, err, ErrInvalidRequest)

	// Errors name the file, the line and the field's path.
	_, err = DecodeRequest("r.json", strings.NewReader("{\n  \"share\": 0.25,\n  \"balance\": [\"ell\"],\n  \"filter\": {}\n}"))
	require.ErrorIs(t, err, ErrInvalidRequest)
	require.Equal(t, "r.json:4: filter: selection: invalid plan request: unknown field", err.Error())
	_, err = DecodeRequest("r.json", strings.NewReader("{\n  \"share\": \"a quarter\"\n}"))
	require.ErrorIs(t, err, ErrInvalidRequest)
	require.Contains(t, err.Error(), "r.json:2: share: ")
	_, err = DecodeRequest("r.json", strings.NewReader("{\"share\": 0.25,\n \"scope\": {\"ell\": \"yes\"}}"))
	require.ErrorIs(t, err, ErrTargeting, "a targeting scope stays a scope error")
}

func TestPopulationScope(t *testing.T) {
	ds := district([]model.Student{
		student("A1", "FA", "S1", 3, map[string]string{"ell": "no"}),
		student("A2", "FA", "S1", 5, map[string]string{"ell": "yes"}),
		student("B1", "FB", "S1", 3, map[string]string{"ell": "no"}),
		student("C1", "FC", "S2", 3, nil),
		student("D1", "FD", "S1", 4, map[string]string{"ell": "no"}),
	})
	ds.Students[0].Teachers = []model.EducatorID{"T-S1-5"} // a second teacher of record
	tests := []struct {
		name  string
		scope string
		want  []model.FamilyID
	}{
		{"whole dataset", "", []model.FamilyID{"FA", "FB", "FC", "FD"}},
		{"school", "school=S1", []model.FamilyID{"FA", "FB", "FD"}},
		{"grade", "grade=3", []model.FamilyID{"FA", "FB", "FC"}},
		{"school and grade", "school=S1,grade=3", []model.FamilyID{"FA", "FB"}},
		{"class", "class=C-S1-5", []model.FamilyID{"FA"}},
		{"teacher of a class", "teacher=T-S1-4", []model.FamilyID{"FD"}},
		{"teacher of record", "teacher=T-S1-5", []model.FamilyID{"FA"}},
		{"two grades", "grade=4|5", []model.FamilyID{"FA", "FD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := ParseScope(tt.scope)
			require.NoError(t, err)
			pop, err := NewPopulation(ds, sc)
			require.NoError(t, err)
			assert.Equal(t, tt.want, pop.Families())
		})
	}

	pop, err := NewPopulation(ds, Scope{Grades: []model.Grade{3}})
	require.NoError(t, err)
	v, ok := pop.Attribute("FA", "ell")
	assert.True(t, ok)
	assert.Equal(t, "no", v, "a family's value comes from its students in scope: a flag set for a student in another grade is not the family's here (RULES.md, P4)")
	assert.Equal(t, []model.StudentID{"A1"}, pop.Students("FA"), "only students in scope")
	assert.Equal(t, []model.EducatorID{"T-S1-3", "T-S1-5"}, pop.Teachers("FA"))
	_, ok = pop.Attribute("FC", "ell")
	assert.False(t, ok, "not recorded")
	assert.Equal(t, []string{"no"}, pop.Levels("ell"))

	_, err = NewPopulation(ds, Scope{Schools: []model.SchoolID{"S9"}})
	require.ErrorIs(t, err, ErrInvalidScope)
	assert.Contains(t, err.Error(), "S9")
	_, err = NewPopulation(ds, Scope{Grades: []model.Grade{12}})
	require.ErrorIs(t, err, ErrEmptyScope)
	_, err = NewPopulation(nil, Scope{})
	require.ErrorIs(t, err, ErrInvalidRequest)
}

func FuzzParseScope(f *testing.F) {
	for _, s := range []string{"", "school=S1,grade=3", "class=C1|C2,teacher=T", "ell=yes", "attendance<0.9", "grade=K|PK", "=,=", "school"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ParseScope(s)
		if err != nil {
			if !errors.Is(err, ErrTargeting) && !errors.Is(err, ErrInvalidScope) {
				t.Fatalf("ParseScope(%q): unexpected error kind %v", s, err)
			}
			return
		}
		again, err := ParseScope(sc.String())
		if err != nil || again.String() != sc.String() {
			t.Fatalf("ParseScope(%q) = %q does not round-trip: %q, %v", s, sc.String(), again.String(), err)
		}
	})
}

func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"scope":{"school":"S1","grade":3},"share":0.25,"balance":["ell"],"seed":7}`,
		`{"scope":{"ell":"yes"},"count":3}`,
		`{"method":"all"}`, `[]`, `{"scope":[1]}`, `{"share":"x"}`,
	} {
		f.Add(s)
	}
	ds := school(20)
	f.Fuzz(func(t *testing.T, s string) {
		req, err := DecodeRequest("fuzz.json", strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json:") {
				t.Fatalf("error does not name the source: %v", err)
			}
			return
		}
		// Whatever decodes must plan or fail cleanly.
		if pl, err := NewPlan(ds, req); err == nil {
			if _, err := pl.Audit(nil, Thresholds{}); err != nil {
				t.Fatal(err)
			}
		}
	})
}
