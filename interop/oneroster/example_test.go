package oneroster_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"testing/fstest"

	"github.com/homevisits/pthv/interop/oneroster"
)

// A district's roster export becomes a dataset of ids: names, emails and
// phones stay in its contacts section. The rows left out are counted by
// reason.
func ExampleImport() {
	res, err := oneroster.Import(os.DirFS("testdata/sample"), oneroster.Options{TimeZone: "America/Los_Angeles"})
	if err != nil {
		fmt.Println(err)
		return
	}
	ds := res.Dataset
	fmt.Println("district", ds.District.ID, "school year", ds.Year.ID, "from", ds.Year.FirstDay, "to", ds.Year.LastDay)
	fmt.Println(len(ds.Schools), "schools,", len(ds.Educators), "educators,", len(ds.Students), "students in", len(ds.Families), "families")
	s := ds.Students[0]
	fmt.Println(s.ID, "grade", s.Grade, "family", s.Family, "teachers", s.Teachers, "ell", s.Attributes["ell"])
	fmt.Println(len(ds.Contacts.Families), "families with guardians' contacts")
	for _, skip := range res.Skipped {
		fmt.Printf("left out: %d of %s: %s\n", skip.Count, skip.File, skip.Reason)
	}
	// Output:
	// district org-d1 school year 2025-26 from 2025-07-01 to 2026-06-30
	// 2 schools, 13 educators, 31 students in 29 families
	// s-1001 grade K family F-s-1001 teachers [t-101] ell yes
	// 28 families with guardians' contacts
	// left out: 1 of academicSessions.csv: not part of the imported school year
	// left out: 1 of classes.csv: status tobedeleted
	// left out: 2 of enrollments.csv: role "aide": only student and teacher enrollments are imported
	// left out: 1 of enrollments.csv: status tobedeleted
	// left out: 1 of orgs.csv: status tobedeleted
	// left out: 2 of users.csv: status tobedeleted
}

// Every problem of an export comes back from one run — values at fault
// and references to records that do not exist — sorted by file and line,
// each naming the file, line and column of the cell.
func ExampleImport_errors() {
	_, err := oneroster.Import(fstest.MapFS{
		"orgs.csv": {Data: []byte("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n" +
			"org-1,active,,Lincoln Elementary,school,101,\n")},
		"users.csv": {Data: []byte("sourcedId,status,enabledUser,orgSourcedIds,role,givenName,familyName,grades\n" +
			"t-1,active,true,org-1,teacher,Maria,Alvarez,\n" +
			"t-2,active,true,org-1,teachr,James,Okafor,\n" +
			"s-1,active,true,org-9,student,Mateo,Garcia,KG\n")},
		"academicSessions.csv": {Data: []byte("sourcedId,status,title,type,startDate,endDate\n" +
			"sy,active,2025-26,schoolYear,2025-08-18,2026-06-05\n")},
	}, oneroster.Options{TimeZone: "America/Los_Angeles"})
	fmt.Println(err)
	// Output:
	// users.csv:3:5: role: invalid value: unknown role "teachr"
	// users.csv:4:4: orgSourcedIds: refers to no record: no org "org-9" in orgs.csv
}

// ReadOptions returns the dataset alone.
func ExampleReadOptions() {
	ds, err := oneroster.ReadOptions(os.DirFS("testdata/sample"), oneroster.Options{TimeZone: "America/Chicago", SchoolYear: "2024-25"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Year.ID, ds.Year.FirstDay, ds.Year.LastDay, ds.Calendar.TimeZone)
	// Output:
	// 2024-25 2024-07-01 2025-06-30 America/Chicago
}

// A zip archive is read as it is sent, with its files at the root or in
// one folder.
func ExampleImportZip() {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	entries, _ := os.ReadDir("testdata/sample")
	for _, e := range entries {
		data, _ := os.ReadFile("testdata/sample/" + e.Name())
		w, _ := zw.Create("export/" + e.Name())
		w.Write(data)
	}
	zw.Close()
	res, err := oneroster.ImportZip(bytes.NewReader(buf.Bytes()), int64(buf.Len()), oneroster.Options{TimeZone: "America/Los_Angeles"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(res.Dataset.Students), "students,", len(res.Skipped), "reasons to leave rows out")
	// Output:
	// 31 students, 6 reasons to leave rows out
}
