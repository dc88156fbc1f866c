package hugeheap_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

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
// pages on advice only: memory allocated after Reserve and touched lies in
// a mapping backed by them.
func TestReserveBacksTheHeapWithHugePages(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || !strings.Contains(string(mode), "[madvise]") {
		t.Skip("transparent huge pages are not on advice here")
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || strings.TrimSpace(string(b)) == "2" {
		t.Skip("strict overcommit: Reserve does nothing")
	}
	runtime.GC() // what the tests before left: Reserve readies a heap nearly empty
	const n = 64 << 20
	got := hugeheap.Reserve(2 * n)
	require.Greater(t, got, int64(2*n-4<<20), "advised bytes")
	b := make([]byte, n)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	require.Greater(t, anonHugePagesAt(t, uintptr(unsafe.Pointer(&b[n/2]))), int64(2<<20), "huge pages backing the allocation")
	runtime.KeepAlive(b)
}

// TestReserveLeavesAHeapInUseAlone: once the process has built a large
// heap, Reserve does nothing.
func TestReserveLeavesAHeapInUseAlone(t *testing.T) {
	built := make([][]byte, 0, 64)
	for range 64 {
		built = append(built, make([]byte, 1<<20))
	}
	require.Zero(t, hugeheap.Reserve(128<<20))
	require.Len(t, built, 64)
}

// anonHugePagesAt returns the bytes backed by transparent huge pages in
// the process's mapping that holds address at.
func anonHugePagesAt(t *testing.T, at uintptr) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	require.NoError(t, err)
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(f[0], "-"); ok && !strings.HasSuffix(f[0], ":") {
			from, err1 := strconv.ParseUint(lo, 16, 64)
			to, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				in = uint64(at) >= from && uint64(at) < to
				continue
			}
		}
		if in && f[0] == "AnonHugePages:" && len(f) >= 2 {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			require.NoError(t, err)
			return kb << 10
		}
	}
	t.Fatalf("no mapping holds %#x in /proc/self/smaps", at)
	return 0
}
