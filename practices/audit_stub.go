package practices

// AuditResult is the targeting audit of one school and attribute.
type AuditResult struct{}

func judgeCrossSection(r *run) {}
