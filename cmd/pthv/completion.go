package main

// flagCollector is a stand-in for stdout that collects command flag sets.
type flagCollector struct{ sets []*flags }

func (c *flagCollector) Write(p []byte) (int, error) { return len(p), nil }
func (c *flagCollector) add(f *flags)                { c.sets = append(c.sets, f) }
