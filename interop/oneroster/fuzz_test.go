package oneroster_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/interop/oneroster"
)

// FuzzRead feeds arbitrary users.csv and enrollments.csv files, beside the
// sample's other files, to the importer: it must never panic, every
// problem must name its file, and whatever it accepts must be a valid
// dataset. Seeds are the sample's own files and broken variants of them.
func FuzzRead(f *testing.F) {
	base := sample(f)
	users, enrollments := base["users.csv"].Data, base["enrollments.csv"].Data
	f.Add(users, enrollments)
	f.Add([]byte("sourcedId,role\n"), enrollments)
	f.Add(users, []byte("\xef\xbb\xbfsourcedId,classSourcedId,userSourcedId,role,primary\r\ne1,cl-k,t-101,teacher,true\r\n"))
	f.Add([]byte("sourcedId,role,orgSourcedIds,grades,agentSourcedIds\ns1,student,org-lincoln,\"K\nG\",\"g1,g1\"\ng1,parent,,,s1\n"), []byte(""))
	f.Add([]byte("\"unterminated"), []byte("a,b\n1\n"))
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
			for _, e := range es {
				require.NotEmpty(t, e.File)
				require.NotEmpty(t, e.Error())
			}
			return
		}
		require.NoError(t, ds.Validate())
	})
}
