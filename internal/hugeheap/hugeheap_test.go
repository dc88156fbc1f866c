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
// pages on advice only: memory allocated after Reserve lies in a mapping
// advised for them (smaps' "hg" flag, which is Reserve's doing). Whether
// the kernel found free huge pages at that moment is its own affair — it
// may not, on a machine whose memory is fragmented — so the pages it gave
// are logged, not required.
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
	m := mappingAt(t, uintptr(unsafe.Pointer(&b[n/2])))
	require.Contains(t, strings.Fields(m["VmFlags"]), "hg", "the mapping holding the allocation is advised for huge pages")
	t.Logf("huge pages backing the mapping: %s", m["AnonHugePages"])
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

// mappingAt returns the fields of the process's mapping that holds
// address at, as /proc/self/smaps lists them (name, then the value as
// written: "AnonHugePages" → "2048 kB", "VmFlags" → "rd wr mr mw me ac hg").
func mappingAt(t *testing.T, at uintptr) map[string]string {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	require.NoError(t, err)
	var found map[string]string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(f[0], "-"); ok && !strings.HasSuffix(f[0], ":") {
			from, err1 := strconv.ParseUint(lo, 16, 64)
			to, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				if found != nil {
					return found // the next mapping begins
				}
				if uint64(at) >= from && uint64(at) < to {
					found = map[string]string{}
				}
				continue
			}
		}
		if name, ok := strings.CutSuffix(f[0], ":"); ok && found != nil {
			found[name] = strings.Join(f[1:], " ")
		}
	}
	if found == nil {
		t.Fatalf("no mapping holds %#x in /proc/self/smaps", at)
	}
	return found
}
