package sentinel

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSubIsItsParent(t *testing.T) {
	parent := errors.New("duplicate id")
	other := errors.New("refers to no record")
	e := Sub("duplicate sourcedId", parent)
	require.Equal(t, "duplicate sourcedId", e.Error())
	require.ErrorIs(t, e, parent)
	require.ErrorIs(t, fmt.Errorf("users.csv:3: %w", e), parent)
	require.NotErrorIs(t, e, other)
	require.NotErrorIs(t, parent, e)
}
