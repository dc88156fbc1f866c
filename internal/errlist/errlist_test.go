package errlist

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMessage(t *testing.T) {
	require.Equal(t, "", Message([]error{}))
	require.Equal(t, "a\nb", Message([]error{errors.New("a"), errors.New("b")}))
	var many []error
	for i := range Shown + 3 {
		many = append(many, fmt.Errorf("e%d", i))
	}
	msg := Message(many)
	require.Equal(t, Shown+1, strings.Count(msg, "\n")+1)
	require.True(t, strings.HasSuffix(msg, "… and 3 more"))
}

func TestUnwrap(t *testing.T) {
	sentinel := errors.New("sentinel")
	es := []error{errors.New("x"), fmt.Errorf("wrapped: %w", sentinel)}
	require.ErrorIs(t, errors.Join(Unwrap(es)...), sentinel)
	require.Len(t, Unwrap(es), 2)
}
