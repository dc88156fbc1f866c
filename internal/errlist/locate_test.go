package errlist

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLocate(t *testing.T) {
	bad := errors.New("must not be negative")
	for _, tt := range []struct {
		where Where
		err   error
		want  string
	}{
		{Where{File: "d.json", Line: 212, Record: `visit "V-12"`, Field: "duration"}, bad, `d.json:212: visit "V-12": duration: must not be negative`},
		{Where{File: "log.csv", Line: 3, Column: 7, Field: "duration"}, bad, "log.csv:3:7: duration: must not be negative"},
		{Where{File: "log.csv", Column: 7}, bad, "log.csv: must not be negative"},
		{Where{Line: 4, Field: "plan.seed"}, bad, "line 4: plan.seed: must not be negative"},
		{Where{Line: 4, Column: 2}, bad, "line 4, column 2: must not be negative"},
		{Where{Record: `visit "V-1"`}, bad, `visit "V-1": must not be negative`},
		{Where{}, bad, "must not be negative"},
		{Where{File: "users.csv", Line: 2, Field: "role"}, nil, "users.csv:2: role"},
		{Where{}, nil, "reader: error"},
	} {
		require.Equal(t, tt.want, Locate(tt.where, tt.err, "reader: error"))
	}
}
