package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestVersionText(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		s := []debug.BuildSetting{{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "amd64"}}
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	const module = "github.com/homevisits/pthv"
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil, "pthv (unknown version): the program carries no build information\n"},
		{"installed at a version", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: module, Version: "v1.2.3"}, Settings: settings()},
			"pthv v1.2.3\nmodule:   " + module + "\ngo:       go1.26.0 linux/amd64\n"},
		{"a checkout, stamped", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: module, Version: "(devel)"},
			Settings: settings("vcs", "git", "vcs.revision", "29ba51d1c2e3", "vcs.time", "2026-11-25T10:00:00Z", "vcs.modified", "false")},
			"pthv (devel)\nmodule:   " + module + "\nrevision: 29ba51d1c2e3 (2026-11-25T10:00:00Z)\ngo:       go1.26.8 linux/amd64\n"},
		{"a checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: module, Version: "v0.0.0-20261125100000-29ba51d1c2e3+dirty"},
			Settings: settings("vcs.revision", "29ba51d1c2e3", "vcs.modified", "true")},
			"pthv v0.0.0-20261125100000-29ba51d1c2e3+dirty\nmodule:   " + module + "\nrevision: 29ba51d1c2e3 (with uncommitted changes)\ngo:       go1.26.8 linux/amd64\n"},
		{"a checkout, not stamped", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: module, Version: "(devel)"}, Settings: settings("-buildvcs", "false")},
			"pthv (devel)\nmodule:   " + module + "\nrevision: unknown (built without version control information: -buildvcs=false, or not in a git checkout)\ngo:       go1.26.8 linux/amd64\n"},
		{"a test binary", &debug.BuildInfo{GoVersion: "go1.26.8"}, "pthv (unknown version)\ngo:       go1.26.8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, versionText(tt.info))
		})
	}
}

func TestVersionCommand(t *testing.T) {
	code, stdout, stderr := pthv(t, "version")
	require.Equal(t, exitOK, code, stderr)
	require.Regexp(t, `^pthv \S`, stdout)
	require.Regexp(t, `(?m)^go: +go1\.`, stdout)
	require.Empty(t, stderr)

	code, stdout, stderr = pthv(t, "version", "extra")
	require.Equal(t, exitUsage, code)
	require.Empty(t, stdout)
	require.Contains(t, stderr, "pthv version")
}
