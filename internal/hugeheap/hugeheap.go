// Package hugeheap prepares the Go heap for a large read that is about to
// fill it, by asking the kernel to back it with transparent huge pages.
//
// Reading the national year builds half a gigabyte of records and facts in
// fresh memory, and on a virtual machine the kernel's work of handing out
// that memory one 4 KiB page at a time — a fault for each of 125,000 pages
// — costs about as much CPU as decoding the records does. Linux backs a
// range advised with MADV_HUGEPAGE with 2 MiB pages instead: 512 times
// fewer faults for the same memory. The Go runtime gives no such advice of
// its own (it stopped in Go 1.21.1, because a long-running server's heap
// can then keep memory it no longer uses); a command that reads one file,
// works and exits has no such concern.
//
// [Reserve] makes the runtime map the address range the coming
// allocations will take, advises it, and hands it back to the runtime
// unused: nothing is touched, so nothing is resident until it is used.
// Where the advice cannot help (not Linux, huge pages off or already
// used for every range, strict overcommit, a small read) it does nothing.
package hugeheap

// Minimum is the smallest reservation worth making: below it the faults
// saved cost less than the reservation's collection.
const Minimum = 32 << 20

// Disabled names the environment variable that turns the advice off when
// set to "off", "0", "false" or "no" (in any case), for a system where compacting memory into
// huge pages would stall.
const Disabled = "PTHV_HUGEPAGES"
