package oneroster_test

import (
	"fmt"
	"os"
	"testing/fstest"

	"github.com/homevisits/pthv/interop/oneroster"
)

// A district's roster export becomes a dataset of ids: names, emails and
// phones stay in its contacts section.
func ExampleRead() {
	ds, err := oneroster.Read(os.DirFS("testdata/sample"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("district", ds.District.ID, "school year", ds.Year.ID, "from", ds.Year.FirstDay, "to", ds.Year.LastDay)
	fmt.Println(len(ds.Schools), "schools,", len(ds.Educators), "educators,", len(ds.Students), "students in", len(ds.Families), "families")
	s := ds.Students[0]
	fmt.Println(s.ID, "grade", s.Grade, "family", s.Family, "teachers", s.Teachers, "ell", s.Attributes["ell"])
	fmt.Println(len(ds.Contacts.Families), "families with guardians' contacts")
	// Output:
	// district org-d1 school year 2025-26 from 2025-08-18 to 2026-06-05
	// 2 schools, 13 educators, 31 students in 29 families
	// s-1001 grade K family F-s-1001 teachers [t-101] ell yes
	// 28 families with guardians' contacts
}

// Errors name the file, line and column of the cell at fault.
func ExampleRead_error() {
	_, err := oneroster.Read(fstest.MapFS{
		"orgs.csv": {Data: []byte("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n" +
			"org-1,active,,Lincoln Elementary,school,101,\n")},
		"users.csv": {Data: []byte("sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,grades\n" +
			"t-1,active,true,org-1,teacher,Maria,Alvarez,\n" +
			"t-2,active,true,org-1,teachr,James,Okafor,\n" +
			"s-1,active,true,org-9,student,Mateo,Garcia,KG\n")},
		"academicSessions.csv": {Data: []byte("sourcedId,status,title,type,startDate,endDate\n" +
			"sy,active,2025-26,schoolYear,2025-08-18,2026-06-05\n")},
	})
	fmt.Println(err)
	// Output:
	// users.csv:3:5: role: invalid value: unknown role "teachr"
}
