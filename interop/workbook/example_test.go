package workbook_test

import (
	"fmt"
	"os"
	"strings"
	"testing/fstest"

	"github.com/homevisits/pthv/interop/workbook"
	"github.com/homevisits/pthv/model"
)

// A coordinator's workbook, in its CSV form: an educator opts in and an
// invitation's answer comes in; reading the sheets back changes just that.
func Example() {
	f, err := os.Open("testdata/program.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	ds, err := model.DecodeDataset("program.json", f)
	if err != nil {
		fmt.Println(err)
		return
	}
	files, err := workbook.WriteCSV(ds, workbook.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	sheets := fstest.MapFS{}
	for _, f := range files {
		sheets[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	fmt.Print(string(sheets["Educators.csv"].Data))

	edit := func(name, old, new string) {
		sheets[name].Data = []byte(strings.Replace(string(sheets[name].Data), old, new, 1))
	}
	edit("Educators.csv", "administrator,,no", "administrator,,yes")
	edit("Invitations.csv", "accepted,2025-08-04 10:00", "declined,2025-08-05 09:30")
	if err := workbook.ReadCSV("program", sheets, ds, workbook.ReadOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds.Educators[2].ID, "opted in:", ds.Educators[2].OptedIn(ds.Year.ID))
	fmt.Println(ds.Invitations[0].ID, ds.Invitations[0].Response, ds.Invitations[0].RespondedAt.Format("2006-01-02 15:04 MST"))

	edit("Visits.csv", "first,completed", "first,done")
	fmt.Println(workbook.ReadCSV("program", sheets, ds, workbook.ReadOptions{}))
	// Output:
	// educator,school,role,position,languages,opted in
	// E1,S1,certificated,teacher,en,yes
	// E2,S1,classified,liaison,,yes
	// E3,,certificated,administrator,,no
	// E3 opted in: true
	// I1 declined 2025-08-05 09:30 PDT
	// program: Visits!E2: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show
}
