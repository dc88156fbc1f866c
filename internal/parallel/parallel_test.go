package parallel

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestForCallsEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 7, 1000} {
			calls := make([]int, n)
			For(n, func(i int) { calls[i]++ })
			for i, c := range calls {
				require.Equal(t, 1, c, "GOMAXPROCS %d, n %d, index %d", procs, n, i)
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}
