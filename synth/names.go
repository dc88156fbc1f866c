package synth

import (
	"github.com/homevisits/pthv/internal/draw"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/homevisits/pthv/model"
)

// placeNames name schools and streets.
const placeNames = `Maple Oak Cedar Willow Lincoln Jefferson Roosevelt Garfield Madison
Sequoia Redwood Sierra Pioneer Valley Hillside Lakeview Riverside Sunrise Harbor
Meadow Parkway Highland Bayside Central Westside Eastside Northgate Southport
Fairview Greenwood Aspen Juniper Magnolia Cypress Sycamore Chavez Huerta Tubman
Douglass Kennedy Franklin Hamilton Monroe Adams Jackson Marshall Parks Mendez
Ochoa Yamato Kahlo Banneker Carver Keller Earhart Muir Sagan Ride Hopper`

// givenNames and familyNames are fake names, drawn from many origins, for
// the optional contacts section.
const givenNames = `Ana Luis Maria Jose Sofia Mateo Camila Diego Valeria Carlos
Emma Liam Olivia Noah Ava Ethan Mia Lucas Amelia Mason Harper Elijah Evelyn
Linh Minh Thao Duc Mai Anh Wei Jing Li Ming Xiu Hao Fatima Omar Layla Yusuf
Amina Hassan Pa Kou Mee Tou Nou Chue Jasmine Malik Aaliyah Jamal Imani Andre
Priya Arjun Ananya Rohan Isabella Gabriel Daniela Santiago Lucia Andres
Hannah Samuel Grace Benjamin Chloe Henry Zoe Owen Nora Caleb Ruby Miles`

const familyNames = `Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez
Ramirez Torres Flores Rivera Smith Johnson Williams Brown Jones Miller Davis
Wilson Anderson Taylor Thomas Moore Nguyen Tran Le Pham Hoang Vu Chen Wang Li
Zhang Liu Yang Ali Ahmed Hassan Mohamed Vang Xiong Lee Yang Thao Moua Her
Washington Jefferson Robinson Walker Young King Wright Patel Shah Kumar Singh
Kim Park Cho Santos Reyes Cruz Morales Ortiz Gutierrez Chavez Ramos Castillo`

// namer draws fake names; a family's surname follows from its id, so a
// sibling in another school shares it.
type namer struct {
	given, family, streets []string
}

func newNamer(e *env) namer {
	return namer{
		given:   strings.Fields(givenNames),
		family:  strings.Fields(familyNames),
		streets: e.names,
	}
}

func (n namer) surname(f model.FamilyID) string {
	h := fnv.New32a()
	h.Write([]byte(f))
	return n.family[h.Sum32()%uint32(len(n.family))]
}

// makeContacts fills the school's contacts: its families' guardians,
// addresses and phone numbers, its students' and educators' names. Phone
// numbers use the 555-01xx range reserved for fiction.
func (p *program) makeContacts() {
	r := draw.Stream(p.e.seed, streamContacts, p.ro.idx)
	n := newNamer(p.e)
	ro := p.ro
	phone := func() string {
		return "916-555-01" + string(rune('0'+r.IntN(10))) + string(rune('0'+r.IntN(10)))
	}
	c := &p.contacts
	c.Families = make([]model.FamilyContact, 0, ro.own)
	for f := range ro.families {
		if !ro.fam[f].own {
			continue
		}
		id := ro.families[f].ID
		sur := n.surname(id)
		guardians := make([]model.Person, 1+r.IntN(2))
		for g := range guardians {
			guardians[g] = model.Person{Name: n.given[r.IntN(len(n.given))] + " " + sur, Phone: phone()}
		}
		c.Families = append(c.Families, model.FamilyContact{
			Family:    id,
			Guardians: guardians,
			Address:   strconv.Itoa(draw.Between(r, 100, 9999)) + " " + n.streets[r.IntN(len(n.streets))] + " St",
			Phone:     guardians[0].Phone,
		})
	}
	c.Students = make([]model.StudentContact, len(ro.students))
	for k := range ro.students {
		st := &ro.students[k]
		c.Students[k] = model.StudentContact{Student: st.ID, Name: n.given[r.IntN(len(n.given))] + " " + n.surname(st.Family)}
	}
	c.Educators = make([]model.PersonContact, len(ro.educators))
	for k := range ro.educators {
		g, s := n.given[r.IntN(len(n.given))], n.family[r.IntN(len(n.family))]
		c.Educators[k] = model.PersonContact{
			Educator: ro.educators[k].ID,
			Person: model.Person{
				Name:  g + " " + s,
				Email: strings.ToLower(g+"."+s) + strconv.Itoa(ro.idx+1) + "@district.example.org",
			},
		}
	}
}
