// Package practicestest is a conformance kit for implementations of the
// PTHV rule catalogue, in the spirit of [testing/fstest]: rapid generators
// of program records, a harness that runs a compliance checker against
// them, and one that checks a district's [practices.Lookup].
//
// A district system that checks its own records — a student information
// system, a family-engagement app — proves it follows the catalogue of
// [practices.Rules] by adapting its checker to a [Checker] and calling
// [TestChecker] from a test:
//
//	func TestConformance(t *testing.T) {
//		if err := practicestest.TestChecker(myChecker, 20, 1); err != nil {
//			t.Fatal(err)
//		}
//	}
//
// A district system that implements [practices.Lookup] over its own
// database, for [practices.Guard], proves it answers as a [model.Index]
// over the same records would with [TestLookup]:
//
//	if err := practicestest.TestLookup(myLookup, ds); err != nil {
//		t.Fatal(err)
//	}
//
// [practices.NewLookup] is the ready in-memory Lookup, as fstest.MapFS is
// the ready file system.
//
// # Generators
//
// [CompliantDataset] draws programs that keep every rule; [Violating] draws
// programs that break one rule and only the rules [Implied] lists for it;
// [Dataset] draws programs with arbitrary practice. They have the shapes
// of real districts, which a checker must read per student (RULES.md):
// families with children in two schools, each school inviting and
// visiting its own; siblings sharing a visit or visited apart; plans per
// school, per grade, class or teacher, samples and invitations with no
// plan; families' own requests; invitations that name their students and
// the school year they are for. All are pgregory.net/rapid generators, for
// use in property tests:
//
//	rapid.Check(t, func(t *rapid.T) {
//		ds := practicestest.Violating("P5.pair").Draw(t, "dataset")
//		…
//	})
//
// Generated datasets are valid ([model.Dataset.Validate]) and are meant to
// be judged as of [AsOf], when every unit is due. They name people by id
// only; their optional contacts section is filled with made-up names,
// addresses and phone numbers, so that a test can check none of them leaks
// into findings.
//
// The package does not import testing: its harness returns an error, and
// works under *testing.T and *rapid.T alike.
package practicestest
