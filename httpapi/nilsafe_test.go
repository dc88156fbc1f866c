package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/httpapi"
	"github.com/homevisits/pthv/internal/nilsafe"
)

func TestNilSafety(t *testing.T) {
	nilsafe.Check(t, ".", nilsafe.Cases{
		"New": func(t *testing.T) {
			_, err := httpapi.New(httpapi.Config{})
			require.ErrorIs(t, err, httpapi.ErrConfig)
		},
		"NewServer": func(t *testing.T) {
			s := httpapi.NewServer("", nil)
			require.Positive(t, s.ReadTimeout)
			require.Positive(t, s.WriteTimeout)
			require.Positive(t, s.ReadHeaderTimeout)
			var _ http.Handler = s.Handler
		},
		"OpenAPI": func(t *testing.T) { require.NotEmpty(t, httpapi.OpenAPI()) },
		"Routes":  func(t *testing.T) { require.NotEmpty(t, httpapi.Routes()) },
	})
}
