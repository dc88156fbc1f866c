package selection

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/nilarg"
	"github.com/homevisits/pthv/internal/strictjson"
	"github.com/homevisits/pthv/model"
)

// Method is how a plan chooses families.
type Method string

// Methods.
const (
	// All invites every family in scope — the first option of core
	// practice 4 ("visit all or a cross-section of students").
	All Method = "all"
	// Stratified draws an equal-probability sample of a share or a count,
	// allocated to strata in exact proportion.
	Stratified Method = "stratified"
)

// Request asks for a plan. The zero value is not a valid request: set a
// Share or a Count, or Method [All].
//
// A request has no filter of any kind. Scope narrows the population by
// school, grade, class or teacher; Balance names attributes (language, ELL,
// grade…) whose every value the sample represents in proportion. Decoding a
// request whose scope uses any other key fails with [ErrTargeting].
type Request struct {
	Scope  Scope  `json:"scope,omitzero"`
	Method Method `json:"method,omitempty"`
	// Share is the fraction of families to invite, above 0 and up to 1. The
	// sample size is Share × population rounded to the nearest family
	// (halves up), and at least one.
	Share float64 `json:"share,omitempty"`
	// Count is the number of families to invite, 1 to the population.
	Count int `json:"count,omitempty"`
	// Balance lists attributes to stratify on, most important first: the
	// strata are the cells of their cross-classification. The margins of
	// the first two are guaranteed within 1 of proportional.
	Balance []string `json:"balance,omitempty"`
	// Seed drives every random draw; the same seed and dataset give the
	// same plan, byte for byte.
	Seed uint64 `json:"seed"`
	// TeacherCap is the most families one teacher may be asked to visit;
	// zero leaves the dataset policy's TeacherCap. When both are set the
	// smaller applies.
	TeacherCap int `json:"teacher_cap,omitempty"`
	// Priority lists families educators want to reach first. It applies
	// only within a stratum — a stratum's quota never changes — so the
	// cross-section holds (RTI: educators "can prioritize certain students"
	// when they cannot visit all). Families outside the scope are ignored.
	Priority []model.FamilyID `json:"priority,omitempty"`
}

// DecodeRequest reads a JSON plan request strictly (unknown fields are
// errors). A scope key other than school, grade, class or teacher returns a
// [*ScopeError] wrapping [ErrTargeting]. name (a file path, say) starts
// every error message, followed by the line and the field's JSON path
// where they are known ("plan.json:3: scope.shcool: …"). A nil r is an
// error wrapping [ErrInvalidRequest].
func DecodeRequest(name string, r io.Reader) (Request, error) {
	if nilarg.Is(r) {
		return Request{}, fmt.Errorf("%s: %w", name, requestErr("nil reader"))
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Request{}, fmt.Errorf("%s: %w", name, err)
	}
	var req Request
	if e := strictjson.Decode(data, &req); e != nil {
		at := name
		if e.Line > 0 {
			at += ":" + strconv.Itoa(e.Line)
		}
		if e.Field != "" {
			at += ": " + e.Field
		}
		if se, ok := errors.AsType[*ScopeError](e.Err); ok {
			return Request{}, fmt.Errorf("%s: %w", at, se)
		}
		return Request{}, fmt.Errorf("%s: %w", at, requestErr("%s", e.Reason))
	}
	return req, nil
}

// Basis says what a plan's inclusion probabilities mean.
type Basis string

// Probability bases.
const (
	// DesignProbability: exact probabilities over the seeded draw. Without
	// caps or priority every family in scope has the same one, n/N.
	DesignProbability Basis = "design"
	// StratumShare: the share of the family's stratum that was chosen
	// (with priority, 1 or 0 for prioritized families). Reported when a
	// binding teacher cap or more than two balance attributes adjust the
	// allocation, which makes the exact probability intractable. For
	// families not prioritized it lies within 1/population of the
	// stratum's proportional share.
	StratumShare Basis = "stratum-share"
)

// Plan is a chosen set of families with its explanation: the request, each
// stratum's population, quota and chosen count, each family's inclusion
// probability, and the seed (in Request). Same request, same dataset: same
// plan, byte for byte.
type Plan struct {
	Request Request `json:"request"`
	// Population is the number of families in scope; Size the number
	// chosen.
	Population int   `json:"population"`
	Size       int   `json:"size"`
	Basis      Basis `json:"probability_basis"`
	// MaxMarginDeviation is the largest |chosen − quota| over the margins
	// of the balance attributes: below 1 for up to two attributes.
	MaxMarginDeviation float64       `json:"max_margin_deviation"`
	Strata             []Stratum     `json:"strata"`
	Margins            []Margin      `json:"margins,omitempty"`
	Chosen             []Choice      `json:"chosen"`
	TeacherLoads       []TeacherLoad `json:"teacher_loads,omitempty"`

	pop          *Population // the population planned
	rowCell      []int32     // stratum of each population row
	rows         []int32     // chosen rows, ascending
	priorityProb map[int32]float64
}

// Stratum is one cell of the balance attributes' cross-classification (or
// the whole population when there are none).
type Stratum struct {
	// Key names the cell, such as "ell=yes,language=es"; "all" when the
	// plan has no balance attributes. "(not recorded)" marks families
	// without a value.
	Key        string   `json:"key"`
	Levels     []string `json:"levels,omitempty"`
	Population int      `json:"population"`
	// Quota is the proportional quota, population × n / N; Chosen is
	// within 1 of it.
	Quota  float64 `json:"quota"`
	Chosen int     `json:"chosen"`
	// Probability is the inclusion probability of the stratum's families
	// that are not on the priority list.
	Probability float64 `json:"probability"`
}

// Margin is one value of one balance attribute, over all strata.
type Margin struct {
	Attribute  string  `json:"attribute"`
	Level      string  `json:"level"`
	Population int     `json:"population"`
	Quota      float64 `json:"quota"`
	Chosen     int     `json:"chosen"`
}

// Choice is one chosen family.
type Choice struct {
	Family model.FamilyID `json:"family"`
	// Teacher is who the plan asks to visit (one of the family's teachers
	// in scope, load-balanced and capped); empty when none is recorded.
	Teacher     model.EducatorID `json:"teacher,omitempty"`
	Probability float64          `json:"probability"`
	// Priority is the family's 1-based rank on the priority list; 0 when
	// it is not on it.
	Priority int `json:"priority,omitempty"`
}

// TeacherLoad is how many chosen families a teacher is asked to visit.
type TeacherLoad struct {
	Teacher  model.EducatorID `json:"teacher"`
	Families int              `json:"families"`
}

// notRecorded labels families without a value in output.
const notRecorded = "(not recorded)"

// Streams of the PCG generator, one per phase, so that changing how one
// phase draws cannot shift another.
const (
	streamAllocation = 0x616c6c6f63617465 // "allocate"
	streamSelection  = 0x73656c6563742121 // "select!!"
)

// NewPlan derives the population of req.Scope from ds and plans over it.
// See [Population.Plan].
func NewPlan(ds *model.Dataset, req Request) (*Plan, error) {
	pop, err := NewPopulation(ds, req.Scope)
	if err != nil {
		return nil, err
	}
	return pop.Plan(req)
}

// Plan chooses families of p as req asks. req.Scope must be p's scope or
// zero. Errors wrap [ErrInvalidRequest], [ErrUnknownAttribute] (a balance
// attribute no family records) or [ErrTeacherCap] (a [*CapError] naming the
// teachers). A population with no family (nil or zero) is a [*ScopeError]
// wrapping [ErrEmptyScope].
func (p *Population) Plan(req Request) (*Plan, error) {
	if p.Len() == 0 {
		return nil, &ScopeError{Key: "scope", Value: p.Scope().String(), Err: ErrEmptyScope}
	}
	req, n, bal, err := p.normalize(req)
	if err != nil {
		return nil, err
	}
	N := int64(len(p.families))
	rowCell, table := p.cells(bal)
	nCells := len(table.size)

	x := table.size
	basis := DesignProbability
	if req.Method == Stratified {
		x = allocate(table, n, N, rand.New(rand.NewPCG(req.Seed, streamAllocation)))
		if len(bal) > 2 {
			improveMargins(table, x, n, N)
			basis = StratumShare
		}
	}

	// Group rows by stratum (counting sort, rows ascending within each).
	start := make([]int32, nCells+1)
	for _, c := range rowCell {
		start[c+1]++
	}
	for c := range nCells {
		start[c+1] += start[c]
	}
	perm := make([]int32, N)
	fill := slices.Clone(start[:nCells])
	for row, c := range rowCell {
		perm[fill[c]] = int32(row)
		fill[c]++
	}

	rank, byCell := p.priorities(req.Priority, rowCell)
	chosen := make([]bool, N)
	r := rand.New(rand.NewPCG(req.Seed, streamSelection))
	for c := range nCells {
		seg := perm[start[c]:start[c+1]]
		take := int(x[c])
		if pr := byCell[int32(c)]; len(pr) > 0 {
			rest := seg[:0:0]
			for _, row := range seg {
				if rank[row] == 0 {
					rest = append(rest, row)
				}
			}
			copy(seg, pr)
			copy(seg[len(pr):], rest)
			head := min(take, len(pr))
			for _, row := range seg[:head] {
				chosen[row] = true
			}
			seg, take = seg[len(pr):], take-head
		}
		// Partial Fisher–Yates: the first take rows of seg become a
		// uniform random subset.
		for i := range take {
			j := i + r.IntN(len(seg)-i)
			seg[i], seg[j] = seg[j], seg[i]
			chosen[seg[i]] = true
		}
	}

	capN := effectiveCap(req.TeacherCap, p.teacherCap)
	assign, loads, err := p.assignTeachers(chosen, rowCell, perm, start, capN)
	if err != nil {
		return nil, err
	}
	if capN > 0 && p.capCanBind(capN) {
		basis = StratumShare
	}

	pl := &Plan{
		Request:    req,
		Population: int(N),
		Basis:      basis,
		pop:        p,
		rowCell:    rowCell,
	}
	pl.strata(table, x, n, N, bal, byCell)
	pl.margins(table, n, N, bal)
	pl.MaxMarginDeviation = float64(marginDeviation(table, x, n, N)) / float64(N)

	pl.rows = make([]int32, 0, n)
	for row, ok := range chosen {
		if ok {
			pl.rows = append(pl.rows, int32(row))
		}
	}
	pl.Size = len(pl.rows)
	pl.Chosen = make([]Choice, len(pl.rows))
	for i, row := range pl.rows {
		ch := Choice{Family: p.families[row], Probability: pl.rowProbability(row)}
		if rank != nil {
			ch.Priority = int(rank[row])
		}
		if assign != nil && assign[row] >= 0 {
			ch.Teacher = p.teachers[assign[row]]
		}
		pl.Chosen[i] = ch
	}
	if busy := len(loads) - countZero(loads); busy > 0 {
		pl.TeacherLoads = make([]TeacherLoad, 0, busy)
	}
	for t, l := range loads {
		if l > 0 {
			pl.TeacherLoads = append(pl.TeacherLoads, TeacherLoad{Teacher: p.teachers[t], Families: int(l)})
		}
	}
	return pl, nil
}

// countZero returns how many of xs are 0.
func countZero(xs []int32) int {
	n := 0
	for _, x := range xs {
		n += boolInt(x == 0)
	}
	return n
}

func effectiveCap(a, b int) int {
	switch {
	case a <= 0:
		return max(b, 0)
	case b <= 0:
		return a
	}
	return min(a, b)
}

// normalize checks req against p and returns it with its method and scope
// filled in, the sample size, and the balance attributes' indices.
func (p *Population) normalize(req Request) (Request, int64, []int, error) {
	N := len(p.families)
	if !req.Scope.IsZero() && req.Scope.String() != p.scope.String() {
		return req, 0, nil, requestErr("scope %q is not the population's scope %q", req.Scope.String(), p.scope.String())
	}
	req.Scope = p.scope
	req.Balance = slices.Clone(req.Balance)
	req.Priority = slices.Clone(req.Priority)
	if req.Method == "" {
		if req.Share == 0 && req.Count == 0 {
			return req, 0, nil, requestErr("want a share, a count or method %q", All)
		}
		req.Method = Stratified
	}
	var n int
	switch req.Method {
	case All:
		if req.Share != 0 || req.Count != 0 {
			return req, 0, nil, requestErr("method %q takes no share or count", All)
		}
		n = N
	case Stratified:
		switch {
		case req.Share != 0 && req.Count != 0:
			return req, 0, nil, requestErr("want a share or a count, not both")
		case req.Count != 0:
			if req.Count < 1 || req.Count > N {
				return req, 0, nil, requestErr("count %d: want 1 to the %d families in scope", req.Count, N)
			}
			n = req.Count
		default:
			if math.IsNaN(req.Share) || req.Share <= 0 || req.Share > 1 {
				return req, 0, nil, requestErr("share %v: want above 0 and up to 1", req.Share)
			}
			n = min(max(int(math.Floor(req.Share*float64(N)+0.5)), 1), N)
		}
	default:
		return req, 0, nil, requestErr("method %q: want %q or %q", req.Method, All, Stratified)
	}
	if req.TeacherCap < 0 {
		return req, 0, nil, requestErr("teacher cap %d: want 0 (none) or more", req.TeacherCap)
	}
	bal := make([]int, 0, len(req.Balance))
	for i, name := range req.Balance {
		if slices.Contains(req.Balance[:i], name) {
			return req, 0, nil, requestErr("balance attribute %q listed twice", name)
		}
		a, ok := p.attrIndex(name)
		if !ok {
			return req, 0, nil, fmt.Errorf("selection: balance %q: %w: no family in scope records it", name, ErrUnknownAttribute)
		}
		bal = append(bal, a)
	}
	return req, int64(n), bal, nil
}

// cells assigns each row its stratum: the cell of the balance attributes'
// cross-classification, numbered in level order with the first attribute
// most significant.
func (p *Population) cells(bal []int) ([]int32, cellTable) {
	N := len(p.families)
	t := cellTable{nLevels: make([]int, len(bal))}
	for i, a := range bal {
		t.nLevels[i] = len(p.levels[a])
	}
	rowCell := make([]int32, N)
	if len(bal) == 0 {
		t.size = []int64{int64(N)}
		t.levels = [][]int32{{}}
		return rowCell, t
	}
	// Mixed-radix key of each row; a dense table when it is small.
	space, overflow := uint64(1), false
	for _, l := range t.nLevels {
		hi, lo := bits.Mul64(space, uint64(l))
		overflow = overflow || hi != 0
		space = lo
	}
	key := func(row int) uint64 {
		var k uint64
		for i, a := range bal {
			k = k*uint64(t.nLevels[i]) + uint64(p.codes[a][row])
		}
		return k
	}
	// decode writes the levels of key k to lv and returns it.
	decode := func(k uint64, lv []int32) []int32 {
		for i := len(bal) - 1; i >= 0; i-- {
			lv[i] = int32(k % uint64(t.nLevels[i]))
			k /= uint64(t.nLevels[i])
		}
		return lv
	}
	if !overflow && space <= 1<<22 {
		count := make([]int32, space)
		for row := range N {
			k := key(row)
			count[k]++
			rowCell[row] = int32(k)
		}
		id := make([]int32, space)
		cells := len(count) - countZero(count)
		t.size = make([]int64, 0, cells)
		t.levels = make([][]int32, 0, cells)
		lvs := make([]int32, cells*len(bal)) // every cell's levels, one array
		for k, c := range count {
			if c > 0 {
				id[k] = int32(len(t.size))
				t.size = append(t.size, int64(c))
				lv := lvs[:len(bal):len(bal)]
				lvs = lvs[len(bal):]
				t.levels = append(t.levels, decode(uint64(k), lv))
			}
		}
		for row, k := range rowCell {
			rowCell[row] = id[k]
		}
		return rowCell, t
	}
	// Sparse: the codes of every attribute fit in 32 bits, so a key of
	// the codes themselves orders cells the same way.
	keys := make(map[string]int64)
	rowKey := make([]string, N)
	var b strings.Builder
	for row := range N {
		b.Reset()
		for _, a := range bal {
			c := p.codes[a][row]
			b.WriteByte(byte(c >> 24))
			b.WriteByte(byte(c >> 16))
			b.WriteByte(byte(c >> 8))
			b.WriteByte(byte(c))
		}
		rowKey[row] = b.String()
		keys[rowKey[row]]++
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	id := make(map[string]int32, len(sorted))
	for i, k := range sorted {
		id[k] = int32(i)
		t.size = append(t.size, keys[k])
		lv := make([]int32, len(bal))
		for j := range bal {
			lv[j] = int32(uint32(k[4*j])<<24 | uint32(k[4*j+1])<<16 | uint32(k[4*j+2])<<8 | uint32(k[4*j+3]))
		}
		t.levels = append(t.levels, lv)
	}
	for row, k := range rowKey {
		rowCell[row] = id[k]
	}
	return rowCell, t
}

// priorities returns each row's 1-based priority rank (0 when not listed;
// nil when nobody is) and, per stratum, its prioritized rows in rank
// order.
func (p *Population) priorities(list []model.FamilyID, rowCell []int32) ([]int32, map[int32][]int32) {
	if len(list) == 0 {
		return nil, nil
	}
	rank := make([]int32, len(p.families))
	byCell := map[int32][]int32{}
	next := int32(0)
	for _, f := range list {
		row, ok := p.row(f)
		if !ok || rank[row] != 0 {
			continue
		}
		next++
		rank[row] = next
		byCell[rowCell[row]] = append(byCell[rowCell[row]], row)
	}
	return rank, byCell
}

// strata fills in the per-stratum report and the probabilities of
// prioritized families.
func (pl *Plan) strata(t cellTable, x []int64, n, N int64, bal []int, byCell map[int32][]int32) {
	p := pl.pop
	pl.Strata = make([]Stratum, len(t.size))
	for c, size := range t.size {
		// Teacher caps swap families only within a stratum, so its count
		// is its allocation.
		st := Stratum{Key: "all", Population: int(size), Chosen: int(x[c])}
		if len(bal) > 0 {
			parts := make([]string, len(bal))
			st.Levels = make([]string, len(bal))
			for i, a := range bal {
				v := p.levels[a][t.levels[c][i]]
				if v == "" {
					v = notRecorded
				}
				st.Levels[i] = v
				parts[i] = p.attrs[a] + "=" + v
			}
			st.Key = strings.Join(parts, ",")
		}
		v := n * size // quota in units of 1/N
		st.Quota = float64(v) / float64(N)
		pr := byCell[int32(c)]
		m := int64(len(pr))
		switch {
		case pl.Request.Method == All:
			st.Probability = 1
		case pl.Basis == DesignProbability && m == 0:
			st.Probability = float64(n) / float64(N)
		case pl.Basis == DesignProbability:
			// The quota rounds up with probability frac, down otherwise;
			// prioritized families fill it first, in rank order.
			fl, frac := v/N, float64(v%N)/float64(N)
			if size > m {
				st.Probability = ((1-frac)*float64(max(0, fl-m)) + frac*float64(max(0, fl+1-m))) / float64(size-m)
			}
			for i, row := range pr {
				switch r := int64(i + 1); {
				case r <= fl:
					pl.setPriorityProb(row, 1)
				case r == fl+1:
					pl.setPriorityProb(row, frac)
				default:
					pl.setPriorityProb(row, 0)
				}
			}
		default:
			if size > m {
				st.Probability = float64(max(0, x[c]-m)) / float64(size-m)
			}
			for i, row := range pr {
				pl.setPriorityProb(row, float64(boolInt(int64(i+1) <= x[c])))
			}
		}
		if pl.Request.Method == All {
			for _, row := range pr {
				pl.setPriorityProb(row, 1)
			}
		}
		pl.Strata[c] = st
	}
}

func (pl *Plan) setPriorityProb(row int32, v float64) {
	if pl.priorityProb == nil {
		pl.priorityProb = map[int32]float64{}
	}
	pl.priorityProb[row] = v
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// margins fills in the per-attribute margins of the balance attributes.
func (pl *Plan) margins(t cellTable, n, N int64, bal []int) {
	p := pl.pop
	for i, a := range bal {
		popN := make([]int64, t.nLevels[i])
		got := make([]int64, t.nLevels[i])
		for c, size := range t.size {
			popN[t.levels[c][i]] += size
			got[t.levels[c][i]] += int64(pl.Strata[c].Chosen)
		}
		for l, m := range popN {
			if m == 0 {
				continue
			}
			v := p.levels[a][l]
			if v == "" {
				v = notRecorded
			}
			pl.Margins = append(pl.Margins, Margin{
				Attribute: p.attrs[a], Level: v, Population: int(m),
				Quota: float64(n*m) / float64(N), Chosen: int(got[l]),
			})
		}
	}
}

// marginDeviation returns the largest |chosen·N − quota·N| over the
// balance margins.
func marginDeviation(t cellTable, x []int64, n, N int64) int64 {
	var worst int64
	for i := range t.nLevels {
		dev := make([]int64, t.nLevels[i])
		for c, size := range t.size {
			dev[t.levels[c][i]] += x[c]*N - n*size
		}
		for _, d := range dev {
			worst = max(worst, abs(d))
		}
	}
	return worst
}

// rowProbability returns the inclusion probability of a population row.
func (pl *Plan) rowProbability(row int32) float64 {
	if v, ok := pl.priorityProb[row]; ok {
		return v
	}
	return pl.Strata[pl.rowCell[row]].Probability
}

// Probability returns family f's inclusion probability under the plan (see
// [Plan.Basis]); ok is false when f is not in scope, and for a plan that
// [Population.Plan] did not make (nil, zero, or with its strata removed).
func (pl *Plan) Probability(f model.FamilyID) (p float64, ok bool) {
	if pl == nil || pl.pop == nil {
		return 0, false
	}
	row, ok := pl.pop.row(f)
	if !ok || int(row) >= len(pl.rowCell) || int(pl.rowCell[row]) >= len(pl.Strata) {
		return 0, false
	}
	return pl.rowProbability(row), true
}

// Families returns the chosen families, sorted by id; nil for a nil *Plan.
func (pl *Plan) Families() []model.FamilyID {
	if pl == nil {
		return nil
	}
	out := make([]model.FamilyID, len(pl.Chosen))
	for i, c := range pl.Chosen {
		out[i] = c.Family
	}
	return out
}

// PopulationOf returns the population the plan was drawn from; nil for a
// plan that [Population.Plan] did not make.
func (pl *Plan) PopulationOf() *Population {
	if pl == nil {
		return nil
	}
	return pl.pop
}

// Record returns the plan as a dataset record with id: its request
// ([Request.Record]) and its population, so that [ReplayPlan] can re-run it
// and tell what changed. The teacher cap recorded is the one that applied
// (the request's or the dataset policy's, the smaller), and the priority
// list keeps the families in scope, each once — the others had no effect.
// A nil *Plan gives a record with the id alone.
func (pl *Plan) Record(id model.PlanID) model.Plan {
	if pl == nil {
		return model.Plan{ID: id}
	}
	req := pl.Request
	if pl.pop != nil { // a plan made by Population.Plan
		req.TeacherCap = effectiveCap(req.TeacherCap, pl.pop.teacherCap)
		req.Priority = nil
		for _, f := range pl.Request.Priority {
			if pl.pop.Contains(f) && !slices.Contains(req.Priority, f) {
				req.Priority = append(req.Priority, f)
			}
		}
	}
	rec := req.Record(id)
	rec.Population = pl.Population
	return rec
}

// Invitations returns one first-visit invitation per chosen family, in id
// order, sent at sentAt by the family's assigned teacher and recording the
// plan that chose it: Plan id, Method, and Criteria (the scope keys). An
// invitation's id is "<plan id>/<family id>"; it lists the family's
// students in scope and has no response yet. A nil *Plan invites no one.
func (pl *Plan) Invitations(id model.PlanID, sentAt time.Time) []model.Invitation {
	if pl == nil {
		return nil
	}
	criteria := pl.Request.Scope.Keys()
	// The invitations' ids, students and criteria are cut from one
	// string and two arrays, each piece capped at its length, rather
	// than allocated one by one: a school invites hundreds of families
	// at once.
	rows := pl.chosenRows()
	idLen, nStudents := 0, 0
	for i, c := range pl.Chosen {
		idLen += len(id) + 1 + len(c.Family)
		nStudents += len(pl.pop.studentsAt(rows, i, c.Family))
	}
	var ids strings.Builder
	ids.Grow(idLen)
	students := make([]model.StudentID, 0, nStudents)
	var crit []string
	if len(criteria) > 0 {
		crit = make([]string, 0, len(criteria)*len(pl.Chosen))
	}
	out := make([]model.Invitation, len(pl.Chosen))
	ends := make([]int, len(pl.Chosen)) // where each id ends in ids
	for i, c := range pl.Chosen {
		ids.WriteString(string(id))
		ids.WriteByte('/')
		ids.WriteString(string(c.Family))
		ends[i] = ids.Len()
		var own []model.StudentID
		if in := pl.pop.studentsAt(rows, i, c.Family); in != nil {
			from := len(students)
			students = append(students, in...)
			own = students[from:len(students):len(students)]
		}
		var cr []string
		if crit != nil {
			from := len(crit)
			crit = append(crit, criteria...)
			cr = crit[from:len(crit):len(crit)]
		}
		out[i] = model.Invitation{
			Family:   c.Family,
			Students: own,
			Origin:   model.SchoolInvitation,
			Kind:     model.FirstVisit,
			SentAt:   sentAt,
			By:       c.Teacher,
			Plan:     id,
			Method:   string(pl.Request.Method),
			Criteria: cr,
		}
	}
	all, start := ids.String(), 0
	for i := range out {
		out[i].ID = model.InvitationID(all[start:ends[i]])
		start = ends[i]
	}
	return out
}

// chosenRows returns the population row of each of pl.Chosen when they
// are still the families the plan chose, in order, and nil otherwise (a
// caller may have changed Chosen, or the plan may not be
// [Population.Plan]'s).
func (pl *Plan) chosenRows() []int32 {
	if pl.pop == nil || len(pl.rows) != len(pl.Chosen) {
		return nil
	}
	for i, c := range pl.Chosen {
		if r := pl.rows[i]; int(r) >= len(pl.pop.families) || pl.pop.families[r] != c.Family {
			return nil
		}
	}
	return pl.rows
}
