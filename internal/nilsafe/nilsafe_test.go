package nilsafe

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExported(t *testing.T) {
	got, err := Exported("testdata/api")
	require.NoError(t, err)
	require.Equal(t, []string{"Box.Get", "Name.String", "Open"}, got)
}

func TestMissing(t *testing.T) {
	noop := func(*testing.T) {}
	missing, stale, err := Missing("testdata/api", Cases{"Open": noop, "Box.Get": noop, "Box.Put": noop})
	require.NoError(t, err)
	require.Equal(t, []string{"Name.String"}, missing)
	require.Equal(t, []string{"Box.Put"}, stale)

	_, _, err = Missing("testdata/none", nil)
	require.Error(t, err)
}

func TestCall(t *testing.T) {
	require.NoError(t, Call(func() {}))
	err := Call(func() { panic("boom") })
	require.ErrorContains(t, err, "panicked: boom")
	err = Call(func() { panic(errors.New("nil map")) })
	require.ErrorContains(t, err, "panicked: nil map")
}
