// Package simulate runs program designs — invitation share, selection
// method, opt-in and acceptance rates, pairing, second visits, compensation
// — over synthetic districts with the real planners and the real
// practices.Check, for researchers comparing designs. Outcome projections
// follow Sheldon & Jung (2018): associations reported by the study, not
// causal effects.
//
// The simulator is tracked as its own piece of work; this package holds its
// documentation until it lands, so the layer of the design exists.
package simulate
