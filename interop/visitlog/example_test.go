package visitlog_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/homevisits/pthv/interop/visitlog"
	"github.com/homevisits/pthv/model"
)

// A coordinator's visit log reads into a dataset and writes back byte for
// byte; cells a spreadsheet would run as formulas carry a leading '.
func Example() {
	f, err := os.Open("testdata/roster.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	ds, err := model.DecodeDataset("roster.json", f)
	if err != nil {
		fmt.Println(err)
		return
	}
	log := "visit_id,family,students,kind,status,cancelled_by,date,start,duration,arranged_at,reschedules,location,location_requested_by,visitors,interpreters,topics,references_first,reflected_at,reflected_by,bias_reflected,paid_educators,minutes_outside,amount,funding_source\n" +
		"V-1,F-s-1001,s-1001;s-1002,first,completed,,2025-08-26,17:30,40,2025-08-20 10:15,,home,,t-101;a-104,,hopes-and-dreams:educator,,2025-08-27,t-101;a-104,yes,t-101;a-104,40;40,26.67;26.67,title-i;title-i\n" +
		"'=V-2,F-s-1004,s-1004,first,scheduled,,2025-10-14,17:00,40,2025-10-01 12:00,2025-10-07 17:00 moved on 2025-10-01 12:00 by family,library,family,t-101;t-103,,,,,,,,,,\n"
	if err := visitlog.Read("visits.csv", strings.NewReader(log), ds); err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range ds.Visits {
		fmt.Println(v.ID, v.Status, v.Start.Format("2006-01-02 15:04 MST"), v.Visitors, len(v.Compensation), "paid", len(v.Reschedules), "moved")
	}
	var out bytes.Buffer
	if err := visitlog.Write(&out, ds); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("byte-identical:", out.String() == log)

	err = visitlog.Read("visits.csv", strings.NewReader(strings.Replace(log, "completed", "done", 1)), ds)
	fmt.Println(err)
	// Output:
	// V-1 completed 2025-08-26 17:30 PDT [t-101 a-104] 2 paid 0 moved
	// =V-2 scheduled 2025-10-14 17:00 PDT [t-101 t-103] 0 paid 1 moved
	// byte-identical: true
	// visits.csv:2:5: status: invalid value: "done": want one of proposed, scheduled, completed, cancelled, no-show
}
