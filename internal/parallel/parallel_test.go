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

func TestForRaisesAPanicOnTheCaller(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		got := func() (r any) {
			defer func() { r = recover() }()
			For(100, func(i int) {
				if i == 37 {
					panic("index 37")
				}
			})
			return nil
		}()
		runtime.GOMAXPROCS(prev)
		require.Equal(t, "index 37", got, "GOMAXPROCS %d", procs)
	}
}
