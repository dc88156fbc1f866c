package hugeheap

import (
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page over 4 KiB base pages
// (amd64, and arm64 as most distributions build it).
const hugePage = 2 << 20

// madvHugePage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugePage = 14

// Reserve prepares about n bytes of heap for the allocations that follow
// and returns how many bytes it advised (0 when it did nothing). Call it
// before the allocations, early in a command: it allocates n bytes of
// address space and collects them at once, which is cheap only while the
// heap is small.
func Reserve(n int64) int64 {
	// Only where a huge page is 2 MiB over 4 KiB pages, in a 64-bit
	// address space that has room for the range.
	if n < Minimum || strconv.IntSize < 64 || os.Getpagesize() != 4096 {
		return 0
	}
	if off() || thpMode() != "madvise" || strictOvercommit() || heapInUse() > Minimum {
		return 0
	}
	// Never more than half the machine's memory: the range is only
	// address space until used, but a system that counts committed memory
	// strictly would refuse more.
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) != nil {
		return 0
	}
	n = min(n, int64(info.Totalram)*int64(info.Unit)/2)
	if n < Minimum {
		return 0
	}
	b := make([]byte, n)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	from := (base + hugePage - 1) &^ (hugePage - 1)
	to := (base + uintptr(n)) &^ (hugePage - 1)
	if from >= to {
		return 0
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, from, to-from, madvHugePage); errno != 0 {
		return 0
	}
	runtime.KeepAlive(b)
	b = nil
	// Hand the range back: the runtime's page allocator reuses the lowest
	// free addresses first, so the read's allocations land in it.
	runtime.GC()
	return int64(to - from)
}

// heapInUse returns the bytes of the heap's objects. Reserve readies a
// heap that is still nearly empty: in a process that has built a large
// one already, the read it readies for has happened, and the collection
// that hands the range back would mark all of it.
func heapInUse() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// off reports whether the user turned the advice off.
func off() bool {
	switch strings.ToLower(os.Getenv(Disabled)) {
	case "off", "0", "false", "no":
		return true
	}
	return false
}

// thpMode returns the kernel's transparent huge page mode: "always",
// "madvise" or "never" ("" when unknown). Under "always" every range has
// huge pages already; under "never" the advice is ignored.
func thpMode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	for _, f := range strings.Fields(string(b)) {
		if strings.HasPrefix(f, "[") && strings.HasSuffix(f, "]") {
			return strings.Trim(f, "[]")
		}
	}
	return ""
}

// strictOvercommit reports whether the kernel counts every mapped byte
// against a commit limit (vm.overcommit_memory = 2), where reserving
// address space could make a later allocation fail.
func strictOvercommit() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err != nil || strings.TrimSpace(string(b)) == "2"
}
