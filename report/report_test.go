package report_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/report"
	"github.com/homevisits/pthv/synth"
)

func TestHTMLDeterministic(t *testing.T) {
	ds, rep, first := demo(t)
	var second bytes.Buffer
	require.NoError(t, report.HTML(&second, ds, rep, report.Options{}))
	assert.Equal(t, string(first), second.String())
}

// TestHTMLNoContactData: the page names records by id only.
func TestHTMLNoContactData(t *testing.T) {
	ds, _, page := demo(t)
	require.NotNil(t, ds.Contacts, "the demo district has contacts to leak")
	text := string(page)
	var personal []string
	for _, f := range ds.Contacts.Families {
		for _, g := range f.Guardians {
			personal = append(personal, g.Name, g.Phone, g.Email)
		}
		personal = append(personal, f.Address, f.Phone)
	}
	for _, e := range ds.Contacts.Educators {
		personal = append(personal, e.Name, e.Phone, e.Email)
	}
	for _, s := range ds.Contacts.Students {
		personal = append(personal, s.Name)
	}
	checked := 0
	for _, v := range personal {
		if len(v) < 6 {
			continue
		}
		checked++
		require.NotContains(t, text, v)
	}
	assert.Greater(t, checked, 100)
}

// TestHTMLSelfContained: no script, no external resource of any kind.
func TestHTMLSelfContained(t *testing.T) {
	_, _, page := demo(t)
	text := string(page)
	assert.NotContains(t, text, "<script")
	assert.NotRegexp(t, regexp.MustCompile(`(?i)(src|href)="(https?:)?//`), text)
	// url() only names a pattern of the page itself, which fetches nothing.
	assert.NotRegexp(t, regexp.MustCompile(`url\([^#]`), text)
	assert.NotContains(t, text, "@import")
	assert.Contains(t, text, `Content-Security-Policy" content="default-src 'none'`)
	for _, id := range []string{"coverage", "fidelity", "composition", "funnel", "progress", "findings"} {
		assert.Contains(t, text, `<section id="`+id+`">`)
	}
}

func TestHTMLOptions(t *testing.T) {
	ds, rep, _ := demo(t)
	var out bytes.Buffer
	require.NoError(t, report.HTML(&out, ds, rep, report.Options{Title: "Lincoln <Elementary>", MinCellSize: 3, Systematic: 0.25}))
	text := out.String()
	assert.Contains(t, text, "<title>Lincoln &lt;Elementary&gt;</title>", "titles are escaped")
	assert.Contains(t, text, "withheld — a group under 10", "the cell size cannot be lowered below the policy's")
	assert.NotContains(t, text, "under 3")
	assert.NotContains(t, text, "fewer than 3")
	assert.Contains(t, text, `x1="50.0"`, "the systematic line moves to 25%")
	assert.True(t, strings.Contains(text, "25.0% of students"))
}

// TestHTMLUsesTheCallersIndex: a report given the dataset's index is the
// report it builds its own for, byte for byte; an index of another
// dataset is not used.
func TestHTMLUsesTheCallersIndex(t *testing.T) {
	ds, rep, want := demo(t)
	x, err := ds.ValidIndex()
	require.NoError(t, err)
	var got bytes.Buffer
	require.NoError(t, report.HTML(&got, ds, rep, report.Options{Index: x}))
	require.Equal(t, string(want), got.String())

	other, err := synth.District(synth.DefaultConfig(), 2)
	require.NoError(t, err)
	got.Reset()
	require.NoError(t, report.HTML(&got, ds, rep, report.Options{Index: model.NewIndex(other)}))
	require.Equal(t, string(want), got.String())
}
