package hugeheap_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/internal/hugeheap"
)

func TestReserveSkipsSmallReads(t *testing.T) {
	for _, n := range []int64{-1, 0, 1 << 20, hugeheap.Minimum - 1} {
		require.Zero(t, hugeheap.Reserve(n), "n=%d", n)
	}
}

func TestReserveCanBeTurnedOff(t *testing.T) {
	for _, v := range []string{"off", "0", "false", "OFF"} {
		t.Setenv(hugeheap.Disabled, v)
		require.Zero(t, hugeheap.Reserve(64<<20), "%s=%s", hugeheap.Disabled, v)
	}
}

// TestReserveBacksTheHeapWithHugePages runs where the kernel gives huge
// pages on advice only: memory allocated after Reserve and touched is
// backed by them.
func TestReserveBacksTheHeapWithHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[madvise]") {
		t.Skip("transparent huge pages are not on advice here")
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || strings.TrimSpace(string(b)) == "2" {
		t.Skip("strict overcommit: Reserve does nothing")
	}
	const n = 64 << 20
	before := anonHugePages(t)
	got := hugeheap.Reserve(2 * n)
	require.Greater(t, got, int64(2*n-4<<20), "advised bytes")
	b := make([]byte, n)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	require.Greater(t, anonHugePages(t)-before, int64(2<<20), "huge pages backing the heap")
	_ = b[len(b)-1]
}

// anonHugePages returns the bytes of the process's memory backed by
// transparent huge pages.
func anonHugePages(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps_rollup")
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "AnonHugePages:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			require.NoError(t, err)
			return kb << 10
		}
	}
	t.Fatal("no AnonHugePages in /proc/self/smaps_rollup")
	return 0
}
