// Package safefile writes the files pthv produces without ever losing what
// the user gave it: an output that is an input is refused before anything
// is read, a file is replaced only once its new content is whole, a file
// updated in place keeps its mode and stays behind its symlink, an update
// is refused when someone else changed the file since it was read, and a
// file name built from a record id cannot leave the folder it was given.
//
// Every command of pthv writes through this package; it is the one place
// that knows how.
package safefile

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrIsInput is returned when an output would replace a file the command
// reads (or lies inside a folder it reads).
var ErrIsInput = errors.New("is an input of this command; choose another output")

// ErrChanged is returned when a file to be updated changed on disk after it
// was read, so writing would lose someone else's change.
var ErrChanged = errors.New("changed on disk since it was read; nothing written, run the command again")

// ErrUnsafeName is returned when a file name built from a record id would
// leave its folder or is not a plain file name.
var ErrUnsafeName = errors.New("is not a safe file name")

// IsStdio reports whether path names standard input or output ("" or "-")
// rather than a file.
func IsStdio(path string) bool { return path == "" || path == "-" }

// CheckOutputs refuses, before anything is read or written, an output that
// is — or resolves to, through symlinks or hard links — one of the inputs,
// an output inside an input folder, and two outputs naming the same file.
// Standard streams ("" and "-") and inputs that do not exist are ignored
// (reading them will fail on its own).
func CheckOutputs(inputs, outputs []string) error {
	var seen []string
	for _, out := range outputs {
		if IsStdio(out) {
			continue
		}
		for _, in := range inputs {
			if IsStdio(in) {
				continue
			}
			if same(in, out) {
				return &fs.PathError{Op: "write", Path: out, Err: ErrIsInput}
			}
			if inside(in, out) {
				return &fs.PathError{Op: "write", Path: out, Err: fmt.Errorf("lies inside the input folder %s; choose another output", in)}
			}
		}
		for _, prev := range seen {
			if prev == out || same(prev, out) || sameTarget(prev, out) {
				return &fs.PathError{Op: "write", Path: out, Err: fmt.Errorf("is named by two outputs (also as %s)", prev)}
			}
		}
		seen = append(seen, out)
	}
	return nil
}

// Same reports whether a and b name one existing file, under any spelling,
// symlink or hard link.
func Same(a, b string) bool { return same(a, b) }

func same(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// sameTarget reports whether two paths, neither of which needs to exist
// yet, resolve to the same place.
func sameTarget(a, b string) bool {
	ra, errA := resolve(a)
	rb, errB := resolve(b)
	return errA == nil && errB == nil && ra == rb
}

// inside reports whether out would be written inside the folder dir.
func inside(dir, out string) bool {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return false
	}
	rd, err := resolve(dir)
	if err != nil {
		return false
	}
	ro, err := resolve(out)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(rd, ro)
	return err == nil && filepath.IsLocal(rel)
}

// resolve returns the absolute path a write to path reaches: symlinks
// followed, and for a file that does not exist yet, its folder resolved.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// Join returns dir/name for a name built from a record id, refusing a name
// that is empty, holds a path separator, is "." or "..", or otherwise
// would not stay inside dir.
func Join(dir, name string) (string, error) {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`+"\x00") || !filepath.IsLocal(name) {
		return "", &fs.PathError{Op: "write", Path: name, Err: ErrUnsafeName}
	}
	return filepath.Join(dir, name), nil
}

// File is an output being written: a temporary file in the target's folder
// that replaces the target on Commit, or disappears on Abort. A target
// that exists keeps its mode; a symlink keeps pointing where it did and
// its target is replaced.
type File struct {
	tmp    *os.File
	target string // the real file, symlinks followed
	done   bool
}

// Create starts writing path. Nothing at path changes until Commit.
func Create(path string) (*File, error) {
	target := path
	if li, err := os.Lstat(path); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return nil, &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("symlink to a missing file: %w", err)}
		}
	}
	// A new file is created 0666 less the user's umask, as any created
	// file; a replaced one gets its target's mode back after creation.
	create, keep, replacing := fs.FileMode(0o666), fs.FileMode(0), false
	if st, err := os.Stat(target); err == nil {
		if st.IsDir() {
			return nil, &fs.PathError{Op: "write", Path: path, Err: errors.New("is a folder")}
		}
		if !st.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "write", Path: path, Err: errors.New("is not a regular file")}
		}
		create, keep, replacing = 0o600, st.Mode().Perm(), true
	}
	dir, base := filepath.Split(target)
	var tmp *os.File
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp-"+randomSuffix())
		fh, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, create)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "write", Path: path, Err: errors.Unwrap(err)}
		}
		tmp = fh
		break
	}
	if tmp == nil {
		return nil, &fs.PathError{Op: "write", Path: path, Err: errors.New("no free temporary name")}
	}
	if replacing {
		if err := tmp.Chmod(keep); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, err
		}
	}
	return &File{tmp: tmp, target: target}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Commit flushes the new content to disk and puts it in place of the
// target in one rename.
func (f *File) Commit() error {
	if f.done {
		return errors.New("safefile: Commit after Commit or Abort")
	}
	f.done = true
	err := f.tmp.Sync()
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.target)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
	}
	return err
}

// Abort drops what was written; the target is untouched. Abort after
// Commit does nothing, so "defer f.Abort()" is safe.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// WriteFile writes path with write, replacing it only when write and the
// flush succeed.
func WriteFile(path string, write func(io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	return f.Commit()
}

// Original remembers the content of a file as it was read, so that an
// update can refuse to write over a change made since.
type Original struct {
	path string
	sum  []byte
}

// Reader reads a file and fingerprints what it reads; Original reports
// the fingerprint once the content has been read to its end.
type Reader struct {
	*os.File
	h   hash.Hash
	eof bool
}

// Open opens path to be read and later updated.
func Open(path string) (*Reader, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &Reader{File: fh, h: sha256.New()}, nil
}

// Read reads from the file and adds what it read to the fingerprint.
func (r *Reader) Read(p []byte) (int, error) {
	n, err := r.File.Read(p)
	r.h.Write(p[:n])
	if err == io.EOF {
		r.eof = true
	}
	return n, err
}

// Original returns the fingerprint of the whole file, reading whatever the
// caller's decoder left unread.
func (r *Reader) Original() (Original, error) {
	if !r.eof {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return Original{}, err
		}
	}
	return Original{path: r.Name(), sum: r.h.Sum(nil)}, nil
}

// Path is the file the original was read from.
func (o Original) Path() string { return o.path }

// Replace writes the file's new content with write, as WriteFile does, but
// first checks that the file still holds what was read; otherwise it
// returns ErrChanged and writes nothing.
func (o Original) Replace(write func(io.Writer) error) error {
	if o.sum == nil {
		return errors.New("safefile: Replace on a zero Original")
	}
	f, err := Create(o.path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	now, err := fingerprint(o.path)
	if err != nil {
		return err
	}
	if hex.EncodeToString(now) != hex.EncodeToString(o.sum) {
		return &fs.PathError{Op: "write", Path: o.path, Err: ErrChanged}
	}
	return f.Commit()
}

func fingerprint(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

func randomSuffix() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
