// Readme is the library example of README.md, kept here so that it
// compiles and runs in the tests; a test checks that README.md shows
// exactly this file.
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/homevisits/pthv/model"
)

func main() {
	f, err := os.Open("district.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	ds, err := model.DecodeDataset("district.json", f)
	if err != nil {
		log.Fatal(err) // e.g. district.json:212: visit "V-12": duration: invalid value: must not be negative
	}
	x := model.NewIndex(ds)
	for _, v := range x.VisitsOf("F1") {
		fmt.Println(v.ID, v.Status, len(v.Visitors), "visitors")
	}
}
