package oneroster

// Caps on what one import reads. A OneRoster export is untrusted input: a
// zip of a few hundred kilobytes can inflate to gigabytes, and a CSV file
// can hold one endless value. The caps keep memory and time bounded; each
// is far above what a district's roster needs (a 100,000-student export
// has files of about 30 MB and values of a few dozen bytes). Going over a
// cap is an [ErrTooLarge] problem, and the file is read no further.
const (
	// MaxFieldBytes caps one value (one cell) of a CSV file.
	MaxFieldBytes = 1 << 20 // 1 MiB
	// MaxRowBytes caps one record: its values and the commas between them.
	MaxRowBytes = 4 << 20 // 4 MiB
	// MaxColumns caps the number of values in one record.
	MaxColumns = 1000
	// MaxFileBytes caps one file, counted on the bytes actually read (for
	// a zip entry, after decompression) and not on the size its directory
	// entry or zip header declares.
	MaxFileBytes = 1 << 30 // 1 GiB
	// MaxTotalBytes caps the files an import reads together, as their
	// sizes are declared; each file's bytes read are held to MaxFileBytes
	// whatever it declares, and zip entries that inflate past their
	// declared size are refused by archive/zip.
	MaxTotalBytes = 4 << 30 // 4 GiB
	// MaxErrors caps the problems an [Errors] lists; a longer list ends
	// with an entry saying how many more there were.
	MaxErrors = 50
)
