package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// shells are the shells "pthv completion" writes a script for.
var shells = []string{"bash", "zsh", "fish"}

func runCompletion(args []string, stdout, stderr io.Writer) int {
	f := newFlags("completion", "bash|zsh|fish", "Completion prints a shell completion script for pthv: commands, the kinds of\n"+
		"import and export, and every command's flags, from the same tables that\n"+
		"parse them. Load it with\n\n"+
		"  bash:  source <(pthv completion bash)   (or save it in /etc/bash_completion.d/pthv)\n"+
		"  zsh:   source <(pthv completion zsh)    (after compinit; or save it as _pthv on $fpath)\n"+
		"  fish:  pthv completion fish | source    (or save it in ~/.config/fish/completions/pthv.fish)", stdout, stderr)
	pos, code, done := f.parse(args, 1, 1)
	if done {
		return code
	}
	if !slices.Contains(shells, pos[0]) {
		return f.fail("unknown shell %q (want %s)", pos[0], orList(shells))
	}
	specs := commandSpecs(commands())
	var script string
	switch pos[0] {
	case "bash":
		script = bashCompletion(specs)
	case "zsh":
		script = zshCompletion(specs)
	default:
		script = fishCompletion(specs)
	}
	if _, err := io.WriteString(stdout, script); err != nil {
		return inputError(stderr, "completion", err)
	}
	return exitOK
}

// cmdSpec is what completion knows of one command: its name, summary,
// kinds (import oneroster, export payroll, completion bash) and flags.
type cmdSpec struct {
	name, summary string
	flags         []flagSpec
	kinds         []kindSpec
}

// kindSpec is one kind of a command that has kinds, with its own flags.
type kindSpec struct {
	name  string
	flags []flagSpec
}

// flagSpec is one flag: its long name, its short letter ("" for none),
// its usage, and whether it takes a value.
type flagSpec struct {
	long, short, usage string
	value              bool
}

// flagCollector stands in for stdout when completion asks a command for
// its flags: the command declares them as it always does, and parse, on
// "--help", hands its flag set here instead of printing usage. kinds
// collects the kinds of a command that has them, the same way.
type flagCollector struct {
	sets  []*pflag.FlagSet
	kinds []string
}

func (c *flagCollector) Write(p []byte) (int, error) { return len(p), nil }
func (c *flagCollector) add(f *flags)                { c.sets = append(c.sets, f.FlagSet) }

// collect runs a command, or one of its kinds, for its flags and kinds.
func collect(c command, args ...string) *flagCollector {
	col := &flagCollector{}
	c.run(append(args, "--help"), col, io.Discard)
	return col
}

// commandSpecs reads every command's flags and kinds from the command
// itself, so that completion cannot drift from what parses.
func commandSpecs(cmds []command) []cmdSpec {
	var out []cmdSpec
	for _, c := range cmds {
		spec := cmdSpec{name: c.name, summary: c.summary}
		col := collect(c)
		for _, fs := range col.sets {
			spec.flags = append(spec.flags, flagSpecs(fs)...)
		}
		for _, k := range col.kinds {
			ks := kindSpec{name: k}
			for _, fs := range collect(c, k).sets {
				ks.flags = append(ks.flags, flagSpecs(fs)...)
			}
			spec.kinds = append(spec.kinds, ks)
		}
		if c.name == "completion" {
			for _, sh := range shells {
				spec.kinds = append(spec.kinds, kindSpec{name: sh})
			}
		}
		out = append(out, spec)
	}
	return out
}

func flagSpecs(fs *pflag.FlagSet) []flagSpec {
	var out []flagSpec
	fs.VisitAll(func(fl *pflag.Flag) {
		_, usage := pflag.UnquoteUsage(fl)
		out = append(out, flagSpec{long: fl.Name, short: fl.Shorthand, usage: usage, value: takesValue(fl)})
	})
	return out
}

// words returns the flags as typed: --long, and -s for a short one.
// valued restricts them to those that take a value.
func words(flags []flagSpec, valued bool) []string {
	var out []string
	for _, f := range flags {
		if valued && !f.value {
			continue
		}
		out = append(out, "--"+f.long)
		if f.short != "" {
			out = append(out, "-"+f.short)
		}
	}
	return out
}

func names(specs []cmdSpec) []string {
	out := []string{"help"}
	for _, s := range specs {
		out = append(out, s.name)
	}
	return out
}

func kindNames(kinds []kindSpec) []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.name)
	}
	return out
}

// bashCompletion writes a bash completion function: the command as the
// first word, a kind as the second for commands that have kinds, then
// flags for a word starting with "-", and files otherwise (and for a
// flag's value).
func bashCompletion(specs []cmdSpec) string {
	var b strings.Builder
	b.WriteString(`# bash completion for pthv, written by "pthv completion bash".
# Load it with: source <(pthv completion bash)
_pthv() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd=${COMP_WORDS[1]} kind="" kinds="" flags="" valued=""
	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		COMPREPLY=($(compgen -W "` + strings.Join(names(specs), " ") + `" -- "$cur"))
		return
	fi
	((COMP_CWORD > 2)) && kind=${COMP_WORDS[2]}
	case $cmd in
	help)
		((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W "` + strings.Join(names(specs)[1:], " ") + `" -- "$cur"))
		return
		;;
`)
	for _, s := range specs {
		fmt.Fprintf(&b, "\t%s)\n", s.name)
		if len(s.kinds) > 0 {
			fmt.Fprintf(&b, "\t\tkinds=%q\n", strings.Join(kindNames(s.kinds), " "))
			b.WriteString("\t\tcase $kind in\n")
			for _, k := range s.kinds {
				if len(k.flags) == 0 {
					continue
				}
				fmt.Fprintf(&b, "\t\t%s)\n\t\t\tflags=%q\n\t\t\tvalued=%q\n\t\t\t;;\n", k.name,
					strings.Join(words(k.flags, false), " "), strings.Join(words(k.flags, true), " "))
			}
			if len(s.flags) > 0 { // a command run without a kind (simulate) has flags of its own
				fmt.Fprintf(&b, "\t\t*)\n\t\t\tflags=%q\n\t\t\tvalued=%q\n\t\t\t;;\n",
					strings.Join(words(s.flags, false), " "), strings.Join(words(s.flags, true), " "))
			}
			b.WriteString("\t\tesac\n")
		} else if len(s.flags) > 0 {
			fmt.Fprintf(&b, "\t\tflags=%q\n\t\tvalued=%q\n", strings.Join(words(s.flags, false), " "), strings.Join(words(s.flags, true), " "))
		}
		b.WriteString("\t\t;;\n")
	}
	b.WriteString(`	esac
	if [[ -n $kinds && $cur != -* ]] && ((COMP_CWORD == 2)); then
		COMPREPLY=($(compgen -W "$kinds" -- "$cur"))
		return
	fi
	if [[ " $valued " == *" $prev "* ]]; then
		return # a flag's value: the shell's own completion (files)
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	fi
}
complete -o default -F _pthv pthv
`)
	return b.String()
}

// zshCompletion writes a zsh completion function, with the commands'
// summaries and the flags' usage as descriptions.
func zshCompletion(specs []cmdSpec) string {
	var b strings.Builder
	b.WriteString(`#compdef pthv
# zsh completion for pthv, written by "pthv completion zsh".
# Load it with: source <(pthv completion zsh)   (after compinit)
_pthv() {
	local cmd=${words[2]} kind=${words[3]}
	local -a commands kinds flags valued
	commands=(
`)
	for _, s := range specs {
		fmt.Fprintf(&b, "\t\t%s\n", shellQuote(s.name+":"+s.summary))
	}
	b.WriteString(`	)
	if ((CURRENT == 2)); then
		_describe -t commands 'pthv command' commands
		return
	fi
	case $cmd in
	help)
		((CURRENT == 3)) && _describe -t commands 'pthv command' commands
		return
		;;
`)
	zshFlags := func(indent string, flags []flagSpec) {
		fmt.Fprintf(&b, "%sflags=(", indent)
		for _, f := range flags {
			for _, w := range words([]flagSpec{f}, false) {
				fmt.Fprintf(&b, " %s", shellQuote(w+":"+f.usage))
			}
		}
		b.WriteString(" )\n")
		fmt.Fprintf(&b, "%svalued=(%s)\n", indent, strings.Join(words(flags, true), " "))
	}
	for _, s := range specs {
		fmt.Fprintf(&b, "\t%s)\n", s.name)
		if len(s.kinds) > 0 {
			fmt.Fprintf(&b, "\t\tkinds=(%s)\n", strings.Join(kindNames(s.kinds), " "))
			b.WriteString("\t\tcase $kind in\n")
			for _, k := range s.kinds {
				if len(k.flags) == 0 {
					continue
				}
				fmt.Fprintf(&b, "\t\t%s)\n", k.name)
				zshFlags("\t\t\t", k.flags)
				b.WriteString("\t\t\t;;\n")
			}
			if len(s.flags) > 0 {
				b.WriteString("\t\t*)\n")
				zshFlags("\t\t\t", s.flags)
				b.WriteString("\t\t\t;;\n")
			}
			b.WriteString("\t\tesac\n")
		} else if len(s.flags) > 0 {
			zshFlags("\t\t", s.flags)
		}
		b.WriteString("\t\t;;\n")
	}
	b.WriteString(`	esac
	if ((${#kinds} && CURRENT == 3)) && [[ ${words[CURRENT]} != -* ]]; then
		compadd -a kinds
		return
	fi
	if ((${valued[(Ie)${words[CURRENT-1]}]})); then
		_files
		return
	fi
	if [[ ${words[CURRENT]} == -* ]]; then
		_describe -t flags 'pthv flag' flags
		return
	fi
	_files
}
if [[ ${funcstack[1]} == _pthv ]]; then
	_pthv "$@"
else
	compdef _pthv pthv
fi
`)
	return b.String()
}

// fishCompletion writes fish completions: one line per command, kind and
// flag, each with its description.
func fishCompletion(specs []cmdSpec) string {
	var b strings.Builder
	b.WriteString(`# fish completion for pthv, written by "pthv completion fish".
# Load it with: pthv completion fish | source
complete -c pthv -f
`)
	fmt.Fprintf(&b, "complete -c pthv -n __fish_use_subcommand -a help -d %s\n", shellQuote("list the commands, or show one command's flags"))
	flagLines := func(cond string, flags []flagSpec) {
		for _, f := range flags {
			fmt.Fprintf(&b, "complete -c pthv -n %s -l %s", shellQuote(cond), f.long)
			if f.short != "" {
				fmt.Fprintf(&b, " -s %s", f.short)
			}
			if f.value {
				b.WriteString(" -r -F")
			}
			fmt.Fprintf(&b, " -d %s\n", shellQuote(f.usage))
		}
	}
	for _, s := range specs {
		fmt.Fprintf(&b, "complete -c pthv -n __fish_use_subcommand -a %s -d %s\n", s.name, shellQuote(s.summary))
		fmt.Fprintf(&b, "complete -c pthv -n '__fish_seen_subcommand_from help' -a %s -d %s\n", s.name, shellQuote(s.summary))
		in := "__fish_seen_subcommand_from " + s.name
		if len(s.kinds) > 0 {
			all := strings.Join(kindNames(s.kinds), " ")
			fmt.Fprintf(&b, "complete -c pthv -n %s -a %s\n", shellQuote(in+"; and not __fish_seen_subcommand_from "+all), shellQuote(all))
			for _, k := range s.kinds {
				kin := in + "; and __fish_seen_subcommand_from " + k.name
				if len(k.flags) > 0 {
					fmt.Fprintf(&b, "complete -c pthv -n %s -F\n", shellQuote(kin))
				}
				flagLines(kin, k.flags)
			}
			in += "; and not __fish_seen_subcommand_from " + all // the command's own flags, without a kind
		} else if s.name != "demo" && s.name != "synth" && s.name != "simulate" {
			fmt.Fprintf(&b, "complete -c pthv -n %s -F\n", shellQuote(in))
		}
		flagLines(in, s.flags)
	}
	return b.String()
}

// shellQuote quotes s for bash, zsh and fish alike: in single quotes,
// each single quote in s written as a closing quote, a backslash-escaped
// quote and an opening quote.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
