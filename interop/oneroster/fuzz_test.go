package oneroster_test

import (
	"bytes"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/oneroster"
)

// FuzzRead feeds arbitrary users.csv and enrollments.csv files, beside the
// sample's other files, to the importer: it must never panic, every
// problem must name its file, and whatever it accepts must be a valid
// dataset. Seeds are the sample's own files and broken variants of them,
// one for each fault the importer was hardened against.
func FuzzRead(f *testing.F) {
	base := sample(f)
	users, enrollments := base["users.csv"].Data, base["enrollments.csv"].Data
	f.Add(users, enrollments)
	f.Add([]byte("sourcedId,role\n"), enrollments)
	f.Add(users, []byte("\xef\xbb\xbfsourcedId,classSourcedId,userSourcedId,role,primary\r\ne1,cl-k,t-101,teacher,true\r\n"))
	f.Add([]byte("sourcedId,role,orgSourcedIds,grades,agentSourcedIds\ns1,student,org-lincoln,\"K\nG\",\"g1,g1\"\ng1,parent,,,s1\n"), []byte(""))
	f.Add([]byte("\"unterminated"), []byte("a,b\n1\n"))
	// The faults the importer was hardened against: bytes that are not
	// UTF-8, CR-only line ends, a CRLF inside quotes, a value over
	// MaxFieldBytes, a dangling reference, a role that is not imported.
	f.Add(bytes.Replace(users, []byte("Maria,Alvarez"), []byte("Maria,\xc1lvarez"), 1), enrollments)
	f.Add(bytes.ReplaceAll(bytes.ReplaceAll(users, []byte("\r\n"), []byte("\r")), []byte("\n"), []byte("\r")),
		bytes.ReplaceAll(enrollments, []byte("\r\n"), []byte("\r")))
	f.Add(bytes.Replace(users, []byte(",Maria,"), []byte(",\"Maria\r\nJos\xc3\xa9\","), 1), enrollments)
	f.Add(append([]byte("sourcedId,role,orgSourcedIds,givenName\ns1,teacher,org-lincoln,"), bytes.Repeat([]byte("a"), oneroster.MaxFieldBytes+1)...), enrollments)
	f.Add(users, bytes.Replace(enrollments, []byte(",cl-k,"), []byte(",cl-nowhere,"), 1))
	f.Add(bytes.Replace(users, []byte(",teacher,jokafor,"), []byte(",proctor,jokafor,"), 1), enrollments)
	f.Fuzz(func(t *testing.T, users, enrollments []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["users.csv"] = &fstest.MapFile{Data: users}
		fsys["enrollments.csv"] = &fstest.MapFile{Data: enrollments}
		ds, err := oneroster.ReadOptions(fsys, opts)
		if err != nil {
			require.Nil(t, ds)
			es, ok := errors.AsType[oneroster.Errors](err)
			require.True(t, ok, "%v", err)
			require.NotEmpty(t, es)
			require.LessOrEqual(t, len(es), oneroster.MaxErrors+1)
			for i, e := range es {
				require.NotEmpty(t, e.Error())
				if errors.Is(e, oneroster.ErrMore) {
					require.Equal(t, len(es)-1, i, "only the last entry counts the rest")
					continue
				}
				require.NotEmpty(t, e.File)
			}
			return
		}
		require.NoError(t, ds.Validate())
	})
}
