package practices

// judges maps the id of each rule a check judges to the function that
// judges it; fixedJudges has the others. The catalogue test checks that
// every rule has one or the other.
func judges() map[string]func(*run) {
	return map[string]func(*run){
		"P1.notice":                   judgeNotice,
		"P1.no-repeat-pressure":       judgeNoRepeatPressure,
		"P1.no-mandate":               judgeNoMandate,
		"P2.classified-eligible":      judgeClassifiedEligible,
		"P2.refresher":                judgeRefresher,
		"P3.second-visit-offered":     judgeSecondVisitOffered,
		"P3.follow-up":                judgeFollowUp,
		"P3.duration":                 judgeDuration,
		"P4.selection-criteria":       judgeSelectionCriteria,
		"P4.cross-section":            judgeCrossSection,
		"P5.group-size":               judgeGroupSize,
		"P5.reflection":               judgeReflection,
		"P5.bias-reflection":          judgeBiasReflection,
		"P5.pair-variety":             judgePairVariety,
		"R.school-coordinator":        judgeSchoolCoordinator,
		"R.coordinator-not-principal": judgeCoordinatorNotPrincipal,
		"R.district-coordinator":      judgeDistrictCoordinator,
		"R.school-celebration":        judgeSchoolCelebration,
		"R.district-event":            judgeDistrictEvent,
		"L.sequence":                  judgeSequence,
	}
}

// fixedJudges maps the id of each fixed rule — a visit rule whose verdict
// no date or policy changes — to the function that judges one visit by it
// (see fixed.go).
func fixedJudges() map[string]fixedJudge {
	optIns := func(p *Program) bool { return p.recordsOptIns }
	trainings := func(p *Program) bool { return p.recordsTrainings }
	return map[string]fixedJudge{
		"P1.family-consent":        fixedVisit((*Program).schoolRecordsInvitations, familyConsent),
		"P1.educator-consent":      fixedVisitEducator(optIns, educatorConsent),
		"P1.arranged-in-advance":   fixedVisit(nil, arrangedInAdvance),
		"P1.declined-respected":    fixedVisit((*Program).schoolRecordsInvitations, declinedRespected),
		"P2.trained":               fixedVisitEducator(trainings, trained),
		"P2.compensated":           judgeCompensated,
		"P3.first-visit-focus":     fixedNth(1, firstVisitFocus),
		"P3.first-visit-no-agenda": fixedNth(1, func(vf *visitFacts) (outcome, string) { return firstVisitNoAgenda(&vf.booking) }),
		"P3.first-visit-season":    fixedNth(1, firstVisitSeason),
		"P3.second-after-first":    judgeSecondAfterFirst,
		"P3.second-visit-focus":    fixedNth(2, secondVisitFocus),
		"P3.second-visit-season":   fixedNth(2, secondVisitSeason),
		"P3.location":              fixedVisit(nil, location),
		"P5.pair":                  fixedVisit(nil, pair),
		"P5.teacher-on-visit":      fixedVisit(nil, teacherOnVisit),
		"P5.language":              judgeLanguage,
		"R.tracking":               fixedVisit(nil, tracking),
	}
}
