package oneroster_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/oneroster"
)

// BenchmarkRead imports generated OneRoster 1.1 exports of growing size
// (schools of 500 students, 20 classes each, siblings, one or two
// guardians per family, demographics for every student). Target: a
// 100,000-student export in under 1 s. Run with
//
//	go test ./interop/oneroster -run '^$' -bench Read -benchtime 3x
func BenchmarkRead(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("students=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeExport(b, dir, n)
			fsys := os.DirFS(dir)
			b.ReportAllocs()
			for b.Loop() {
				ds, err := oneroster.ReadOptions(fsys, opts)
				if err != nil {
					b.Fatal(err)
				}
				if len(ds.Students) != n {
					b.Fatalf("got %d students, want %d", len(ds.Students), n)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "students/s")
		})
	}
}

func TestGeneratedExport(t *testing.T) {
	dir := t.TempDir()
	writeExport(t, dir, 1200)
	ds, err := oneroster.ReadOptions(os.DirFS(dir), opts)
	require.NoError(t, err)
	require.Len(t, ds.Students, 1200)
	require.Len(t, ds.Schools, 3)
	require.Less(t, len(ds.Families), 1200, "siblings share families")
	require.NoError(t, ds.Validate())
}

// writeExport writes a OneRoster 1.1 bulk export of n students into dir.
func writeExport(t testing.TB, dir string, n int) {
	t.Helper()
	const perSchool, perClass = 500, 25
	files := map[string]*bufio.Writer{}
	var closers []*os.File
	open := func(name, header string) *bufio.Writer {
		f, err := os.Create(filepath.Join(dir, name))
		require.NoError(t, err)
		closers = append(closers, f)
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(header + "\n")
		files[name] = w
		return w
	}
	manifest := open("manifest.csv", "propertyName,value")
	manifest.WriteString("manifest.version,1.0\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\nfile.classes,bulk\nfile.enrollments,bulk\nfile.academicSessions,bulk\nfile.demographics,bulk\n")
	sessions := open("academicSessions.csv", "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear")
	sessions.WriteString("sy,active,,2025-26,schoolYear,2025-07-01,2026-06-30,,2026\n")
	sessions.WriteString("fall,active,,Fall,semester,2025-08-18,2025-12-19,sy,2026\nspring,active,,Spring,semester,2026-01-05,2026-06-05,sy,2026\n")
	orgs := open("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId")
	orgs.WriteString("d,active,,District,district,D,\n")
	users := open("users.csv", "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,metadata.homeLanguage,metadata.ell,metadata.iep,metadata.frl")
	classes := open("classes.csv", "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods")
	enrollments := open("enrollments.csv", "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate")
	demographics := open("demographics.csv", "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity")
	grades := []string{"KG", "01", "02", "03", "04", "05"}
	langs := []string{"en", "en", "es", "en", "vi", "en", "es", "hmn"}
	enr := 0
	for s := 0; s*perSchool < n; s++ {
		school := fmt.Sprintf("sch%03d", s)
		fmt.Fprintf(orgs, "%s,active,,School %d,school,%d,d\n", school, s, s)
		fmt.Fprintf(users, "%s-p,active,,true,%s,administrator,p%d,,Pat,Principal%d,,,p%d@example.org,,,,,,en,,,\n", school, school, s, s, s)
		students := min(perSchool, n-s*perSchool)
		for c := 0; c*perClass < students; c++ {
			class, teacher := fmt.Sprintf("%s-c%02d", school, c), fmt.Sprintf("%s-t%02d", school, c)
			grade := grades[c%len(grades)]
			fmt.Fprintf(users, "%s,active,,true,%s,teacher,%s,,Terry,Teacher%d,,,%s@example.org,,555-0100,,,,en,,,\n", teacher, school, teacher, c, teacher)
			fmt.Fprintf(classes, "%s,active,,Class %d,%s,,,homeroom,,%s,fall,,,\n", class, c, grade, school)
			enr++
			fmt.Fprintf(enrollments, "e%d,active,,%s,%s,%s,teacher,true,,\n", enr, class, school, teacher)
			for k := c * perClass; k < min((c+1)*perClass, students); k++ {
				i := s*perSchool + k
				student := fmt.Sprintf("st%06d", i)
				// Families of one or two children: an even student and the
				// next one share guardians one time in three.
				fam := i
				if i%6 == 1 {
					fam = i - 1
				}
				g1, g2 := fmt.Sprintf("g%06d", fam), fmt.Sprintf("h%06d", fam)
				agents := g1
				if fam%2 == 0 {
					agents = `"` + g1 + "," + g2 + `"`
				}
				lang := langs[i%len(langs)]
				flag := func(m int) string {
					if i%m == 0 {
						return "true"
					}
					return "false"
				}
				fmt.Fprintf(users, "%s,active,,true,%s,student,%s,,Sam,Student%d,,,,,,%s,%s,,%s,%s,%s,%s\n",
					student, school, student, i, agents, grade, lang, flag(7), flag(9), flag(2))
				if fam == i {
					fmt.Fprintf(users, "%s,active,,true,,parent,%s,,Alex,Parent%d,,,%s@mail.example,555-0199,555-0199,%s,,,%s,,,\n", g1, g1, i, g1, student, lang)
					if fam%2 == 0 {
						fmt.Fprintf(users, "%s,active,,true,,guardian,%s,,Jo,Parent%d,,,,,,%s,,,%s,,,\n", g2, g2, i, student, lang)
					}
				}
				enr++
				fmt.Fprintf(enrollments, "e%d,active,,%s,%s,%s,student,false,2025-08-18,2026-06-05\n", enr, class, school, student)
				sex := "female"
				if i%2 == 0 {
					sex = "male"
				}
				fmt.Fprintf(demographics, "%s,active,,2018-03-04,%s,false,%s,false,false,%s,false,%s\n", student, sex, flag(5), flag(3), flag(4))
			}
		}
	}
	for _, w := range files {
		require.NoError(t, w.Flush())
	}
	for _, f := range closers {
		require.NoError(t, f.Close())
	}
}
