package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/selection"
)

// known is one kind of thing a flag may name — schools, classes,
// educators, students, attributes, rules — with every id the input has.
// Every command checks the ids its flags name against one, so that an
// unknown id is bad input (exit 2) everywhere, never an empty result, and
// the message reads the same: what was unknown and, when there are few,
// what there is.
type known struct {
	kind, kinds string   // "school", "schools"
	ids         []string // sorted
	source      string   // what has them: the dataset file, the catalogue
	// groups, when set, are listed instead of ids too many to list (the
	// rule catalogue's practices: "P1.*", "P2.*", …).
	groups []string
}

// maxListed is how many ids an error lists; past it, it gives their number.
const maxListed = 12

// check returns an error naming the first of ids that is not known.
func (k known) check(ids ...string) error {
	for _, id := range ids {
		if _, ok := slices.BinarySearch(k.ids, id); !ok {
			return k.unknown(id)
		}
	}
	return nil
}

// unknown says that id is not known, with what is — every id when there
// are few, else their number (and groups) — and the ids it may have
// meant.
func (k known) unknown(id string) error {
	var msg string
	switch {
	case len(k.ids) == 0:
		return fmt.Errorf("unknown %s %q (%s has no %s)", k.kind, id, k.source, k.kinds)
	case len(k.ids) <= maxListed:
		msg = fmt.Sprintf("unknown %s %q (known: %s)", k.kind, id, strings.Join(k.ids, ", "))
	case len(k.groups) > 0:
		msg = fmt.Sprintf("unknown %s %q (%s has %d %s: %s)", k.kind, id, k.source, len(k.ids), k.kinds, strings.Join(k.groups, ", "))
	default:
		msg = fmt.Sprintf("unknown %s %q (%s has %d %s)", k.kind, id, k.source, len(k.ids), k.kinds)
	}
	near := suggest(id, k.ids)
	if len(k.ids) <= maxListed {
		// Every id is listed: point only to one that contains what was
		// typed ("language" for home_language), not to near spellings.
		near = slices.DeleteFunc(near, func(n string) bool {
			return !strings.Contains(strings.ToLower(n), strings.ToLower(id))
		})
	}
	if len(near) > 0 {
		msg += "; did you mean " + orList(near) + "?"
	}
	return errors.New(msg)
}

func knownIDs[T any, ID ~string](kind, kinds, source string, records []T, id func(*T) ID) known {
	k := known{kind: kind, kinds: kinds, source: source, ids: make([]string, len(records))}
	for i := range records {
		k.ids[i] = string(id(&records[i]))
	}
	slices.Sort(k.ids)
	k.ids = slices.Compact(k.ids)
	return k
}

// The kinds of record a flag may name in the dataset read from path.
func knownSchools(ds *model.Dataset, path string) known {
	return knownIDs("school", "schools", path, ds.Schools, func(s *model.School) model.SchoolID { return s.ID })
}

func knownClasses(ds *model.Dataset, path string) known {
	return knownIDs("class", "classes", path, ds.Classes, func(c *model.Class) model.ClassID { return c.ID })
}

func knownEducators(ds *model.Dataset, path string) known {
	return knownIDs("educator", "educators", path, ds.Educators, func(e *model.Educator) model.EducatorID { return e.ID })
}

func knownFamilies(ds *model.Dataset, path string) known {
	return knownIDs("family", "families", path, ds.Families, func(f *model.Family) model.FamilyID { return f.ID })
}

func knownStudents(ds *model.Dataset, path string) known {
	return knownIDs("student", "students", path, ds.Students, func(s *model.Student) model.StudentID { return s.ID })
}

// knownAttributes are the attributes a plan may balance on: those recorded
// for some student, and a family's grade and school (see
// [model.Index.FamilyAttributes]).
func knownAttributes(ds *model.Dataset, path string) known {
	names := map[string]bool{"grade": true, "school": true}
	for i := range ds.Students {
		for a := range ds.Students[i].Attributes {
			names[a] = true
		}
	}
	return known{kind: "attribute", kinds: "attributes", source: path, ids: slices.Sorted(maps.Keys(names))}
}

// checkRules checks the filters of --rules ("P5.*", "P1.notice", "P3"):
// each must match a rule of the catalogue.
func checkRules(filters []string) error {
	var ids, groups []string
	for _, r := range practices.Rules() {
		ids = append(ids, r.ID)
		if g := r.Practice + ".*"; !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	slices.Sort(ids)
	k := known{kind: "rule", kinds: "rules", source: "docs/rules.md", ids: ids, groups: groups}
	for _, fl := range filters {
		if len(practices.MatchRules(strings.TrimSpace(fl))) == 0 {
			return k.unknown(fl)
		}
	}
	return nil
}

// checkScope checks the schools, classes and teachers a --scope names.
func checkScope(sc selection.Scope, ds *model.Dataset, path string) error {
	teachers := knownEducators(ds, path)
	teachers.kind = "teacher"
	for _, c := range []struct {
		k   known
		ids []string
	}{
		{knownSchools(ds, path), ids(sc.Schools)},
		{knownClasses(ds, path), ids(sc.Classes)},
		{teachers, ids(sc.Teachers)},
	} {
		if err := c.k.check(c.ids...); err != nil {
			return err
		}
	}
	return nil
}

func ids[ID ~string](list []ID) []string {
	out := make([]string, len(list))
	for i, id := range list {
		out[i] = string(id)
	}
	return out
}
