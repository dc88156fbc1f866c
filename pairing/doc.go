// Package pairing decides who visits together: the standing teams of a
// school year, and a partner for each visit that is still booked with the
// student's teacher alone. It encodes core practice 5 of the Parent Teacher
// Home Visits model, "Educators always conduct visits in pairs, and after
// the visit they reflect on the experience with their partner":
//
//	Pairing teachers helps to create a safer environment for both teachers
//	and families, and it also gives visiting teachers someone who can help
//	them reflect on the interaction and how it might be applied in the
//	classroom. (Organizing Engagement, "Parent Teacher Home Visit Model")
//
// Visits go "in teams of two—the child's teacher and a trusted colleague";
// RTI International's implementation study found educators visiting "in
// pairs, or sometimes in groups of three or four", that "planning a
// successful home visit often starts with creating an intentional pairing"
// and that educators "recommended varying types of pairs". Classified
// staff — family engagement liaisons and paraprofessionals — "were critical
// supports", often bilingual and "trusted and known to many families". The
// planners turn these findings into hard rules and scores.
//
// # Order of work
//
// [Teams] forms standing teams at the start of the year; like every
// judgement of the library it takes the moment it plans as of (asOf: who
// is trained by then) after the dataset, and like every planner it plans
// under the dataset's policy unless its options carry one
// (docs/conventions.md). Scheduling then
// books visits; a visit booked with a standing team already has two
// educators. [Partners] finally adds a partner to each visit that has only
// the student's teacher, so that no visit goes out solo (P5.pair).
//
// # Hard rules and scores
//
// Neither planner ever places an educator who has not opted in for the
// year or has not completed PTHV training (core practices 1 and 2), nor two
// educators when either asked not to visit with the other. Teams are scored
// by [TeamWeights] (shared availability, the families' languages, a
// certificated–classified mix, a change from last year's pairs, requests)
// and chosen by an exact matching; partners are priced by [PartnerCosts] and
// chosen by an exact minimum-cost flow under availability, language and
// load caps. Every educator left out of the teams and every visit left
// without a partner comes back with a [Reason] and a plain-language detail:
// nothing is dropped silently.
//
// # Matching
//
// [MaxWeightMatching] and [Match] compute an exact maximum-weight (or
// maximum-cardinality, maximum-weight) matching on a general graph with
// Edmonds' blossom algorithm in integer arithmetic. They are exported
// because other tools need them too; gonum has no general-graph matching.
//
// The package does no I/O, reads no clock and holds no global state; the
// same input always gives the same result.
package pairing
