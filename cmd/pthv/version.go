package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

func runVersion(args []string, stdout, stderr io.Writer) int {
	f := newFlags("version", "", "Version prints the version of the pthv module this program was built from, the\n"+
		"source revision when the build recorded one, and the Go release and platform.\n"+
		"A program installed with \"go install github.com/homevisits/pthv/cmd/pthv@VERSION\"\n"+
		"reports VERSION; one built in a checkout reports (devel) and, unless version\n"+
		"control stamping was off (-buildvcs=false), its commit.", stdout, stderr)
	if _, code, done := f.parse(args, 0, 0); done {
		return code
	}
	info, _ := debug.ReadBuildInfo()
	io.WriteString(stdout, versionText(info))
	return exitOK
}

// versionText describes the build of a program from its build information
// (nil when the program carries none).
func versionText(info *debug.BuildInfo) string {
	if info == nil {
		return "pthv (unknown version): the program carries no build information\n"
	}
	version := info.Main.Version
	if version == "" {
		version = "(unknown version)"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var b strings.Builder
	fmt.Fprintf(&b, "pthv %s\n", version)
	if info.Main.Path != "" {
		fmt.Fprintf(&b, "module:   %s\n", info.Main.Path)
	}
	switch rev := settings["vcs.revision"]; {
	case rev != "":
		var notes []string
		if at := settings["vcs.time"]; at != "" {
			notes = append(notes, at)
		}
		if settings["vcs.modified"] == "true" {
			notes = append(notes, "with uncommitted changes")
		}
		fmt.Fprintf(&b, "revision: %s", rev)
		if len(notes) > 0 {
			fmt.Fprintf(&b, " (%s)", strings.Join(notes, ", "))
		}
		b.WriteByte('\n')
	case version == "(devel)":
		// Built from a source tree: only version control says which.
		b.WriteString("revision: unknown (built without version control information: -buildvcs=false, or not in a git checkout)\n")
	}
	platform := strings.TrimSpace(settings["GOOS"] + "/" + settings["GOARCH"])
	if platform == "/" {
		platform = ""
	}
	fmt.Fprintf(&b, "go:       %s\n", strings.TrimSpace(info.GoVersion+" "+platform))
	return b.String()
}
