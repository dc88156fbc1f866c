// Package practices is the PTHV rule catalogue: the five non-negotiables of
// the Parent Teacher Home Visits model, RTI International's implementation
// recommendations, and record integrity, each with a stable id.
//
// [Rules] lists the catalogue as data (id, severity, unit, due point,
// whether it is decidable at booking, implied rules, policy fields and the
// source it encodes); docs/rules.md is generated from the same table.
//
// The five non-negotiables, in the words of the RTI implementation study:
//
//   - Visits are always voluntary for educators and families and arranged in advance.
//   - Teachers are trained and compensated for visits outside their school day.
//   - The focus of the first visit is relationship-building; educators and
//     families discuss hopes and dreams.
//   - No targeting – visit all or a cross-section of students so there is no stigma.
//   - Educators conduct visits in pairs and, after the visit, reflect with their partners.
package practices
