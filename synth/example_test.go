package synth_test

import (
	"fmt"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/synth"
)

func ExampleDistrict() {
	ds, err := synth.District(synth.DefaultConfig(), 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	completed := 0
	for _, v := range ds.Visits {
		if v.Status == model.Completed {
			completed++
		}
	}
	fmt.Println("schools:", len(ds.Schools))
	fmt.Println("educators:", len(ds.Educators))
	fmt.Println("students:", len(ds.Students))
	fmt.Println("families:", len(ds.Families))
	fmt.Println("invitations:", len(ds.Invitations))
	fmt.Println("visits:", len(ds.Visits), "completed:", completed)
	fmt.Println("first visit:", ds.Visits[0].ID, ds.Visits[0].Kind, ds.Visits[0].Start.Format("2006-01-02 15:04 MST"))
	// Output:
	// schools: 3
	// educators: 64
	// students: 1086
	// families: 611
	// invitations: 311
	// visits: 186 completed: 182
	// first visit: S001-V00001 first 2025-08-03 13:30 PDT
}
