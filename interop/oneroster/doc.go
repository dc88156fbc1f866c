// Package oneroster imports a district roster exported from its student
// information system as OneRoster 1.1/1.2 bulk CSV into a pthv/v1 dataset:
// schools, educators, students, families and classes. Names, emails and
// phones go only into the dataset's optional contacts section.
//
// The importer is tracked as its own piece of work; this package holds its
// documentation until it lands.
package oneroster
