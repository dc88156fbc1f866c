package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/homevisits/pthv/httpapi"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/store/sqlstore"
	"github.com/homevisits/pthv/synth"
)

const token = "test-token-123"

// fixture is a service over a synthetic district in SQLite, with a family
// that agreed to a visit, two educators who may visit it, and when.
type fixture struct {
	store    *sqlstore.Store
	handler  http.Handler
	family   model.FamilyID
	visitors []model.EducatorID
	student  model.StudentID
	asOf     time.Time
	start    time.Time
}

func newFixture(t *testing.T) *fixture {
	cfg := synth.DefaultConfig()
	cfg.Schools = 1
	cfg.Deviations = synth.Compliant()
	ds, err := synth.District(cfg, 7)
	require.NoError(t, err)
	f := &fixture{}
	for _, inv := range ds.Invitations {
		start := inv.RespondedAt.Add(96 * time.Hour)
		if inv.Answer() == model.Accepted && !inv.RespondedAt.IsZero() && ds.Year.Contains(model.DateOf(start.In(ds.Calendar.Location()))) {
			f.family, f.asOf = inv.Family, inv.RespondedAt.Add(24*time.Hour)
			break
		}
	}
	for _, e := range ds.Educators {
		if _, trained := e.TrainedBy(model.DateOf(f.asOf)); trained && e.OptedIn(ds.Year.ID) && len(f.visitors) < 2 {
			f.visitors = append(f.visitors, e.ID)
		}
	}
	for _, st := range ds.Students {
		if st.Family == f.family {
			f.student = st.ID
		}
	}
	f.start = f.asOf.Add(72 * time.Hour)
	ctx := context.Background()
	f.store, err = sqlstore.Open(ctx, filepath.Join(t.TempDir(), "pthv.db"))
	require.NoError(t, err)
	t.Cleanup(func() { f.store.Close() })
	require.NoError(t, f.store.Save(ctx, ds))
	f.handler, err = httpapi.New(httpapi.Config{Store: f.store, Token: token, Now: func() time.Time { return f.asOf }})
	require.NoError(t, err)
	return f
}

// openapi compiles the served document's schemas.
type openapi struct {
	doc map[string]any
	c   *jsonschema.Compiler
}

func loadOpenAPI(t *testing.T) *openapi {
	raw := httpapi.OpenAPI()
	var doc map[string]any
	require.NoError(t, json.Unmarshal(raw, &doc))
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	require.NoError(t, c.AddResource("openapi.json", inst))
	return &openapi{doc: doc, c: c}
}

func (o *openapi) schema(t *testing.T, ptr string) *jsonschema.Schema {
	s, err := o.c.Compile("openapi.json#" + ptr)
	require.NoError(t, err, ptr)
	return s
}

// responseSchema returns the pointer of the schema documented for a
// response, and its media type.
func (o *openapi) responseSchema(t *testing.T, path, method string, status int) (string, string) {
	op, ok := o.doc["paths"].(map[string]any)[path].(map[string]any)[strings.ToLower(method)].(map[string]any)
	require.True(t, ok, "%s %s is not documented", method, path)
	resp, ok := op["responses"].(map[string]any)[fmt.Sprint(status)].(map[string]any)
	require.True(t, ok, "%s %s: status %d is not documented", method, path, status)
	if ref, ok := resp["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/responses/")
		resp = o.doc["components"].(map[string]any)["responses"].(map[string]any)[name].(map[string]any)
	}
	for mt, c := range resp["content"].(map[string]any) {
		s := c.(map[string]any)["schema"].(map[string]any)
		if ref, ok := s["$ref"].(string); ok {
			return strings.TrimPrefix(ref, "#"), mt
		}
		return "", mt
	}
	return "", ""
}

func validate(t *testing.T, s *jsonschema.Schema, body []byte) {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	require.NoError(t, err, "not JSON: %s", body)
	require.NoError(t, s.Validate(inst), "%s", body)
}

// TestOpenAPIDescribesTheRoutes: every route the handler serves is in the
// document, and the document has no route the handler does not serve.
func TestOpenAPIDescribesTheRoutes(t *testing.T) {
	o := loadOpenAPI(t)
	require.Equal(t, "3.1.0", o.doc["openapi"])
	var documented []string
	for path, ops := range o.doc["paths"].(map[string]any) {
		for method := range ops.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	served := httpapi.Routes()
	slices.Sort(documented)
	slices.Sort(served)
	require.Equal(t, served, documented)
	for name := range o.doc["components"].(map[string]any)["schemas"].(map[string]any) {
		o.schema(t, "/components/schemas/"+name) // every schema compiles
	}
}

type exchange struct {
	name    string
	method  string
	path    string
	auth    string // "" for the right token, "-" for none
	ctype   string
	body    string
	status  int
	field   string   // the problem's field, when one is expected
	rules   []string // rule ids the problem or verdict must name
	allowed *bool
}

func ptr[T any](v T) *T { return &v }

// TestExchanges sends the service good and bad requests, and checks
// each answer's status, its field or rules, and that its body is valid
// against the schema the OpenAPI document gives for it. The bad requests
// change nothing: only the one good booking is recorded.
func TestExchanges(t *testing.T) {
	f := newFixture(t)
	o := loadOpenAPI(t)
	visit := func(extra string, visitors ...model.EducatorID) string {
		vs, _ := json.Marshal(visitors)
		return fmt.Sprintf(`{"visit":{"family":%q,"visitors":%s,"start":%q,"topics":[{"kind":"hopes-and-dreams","raised_by":"educator"}]%s},"as_of":%q}`,
			f.family, vs, f.start.Format(time.RFC3339), extra, f.asOf.Format(time.RFC3339))
	}
	pair := f.visitors
	good := visit(`,"id":"V-GOOD"`, pair...)
	cases := []exchange{
		{name: "health", method: "GET", path: "/healthz", auth: "-", status: 200},
		{name: "document", method: "GET", path: "/v1/openapi.json", auth: "-", status: 200},
		{name: "guard allows", method: "POST", path: "/v1/guard", body: visit("", pair...), status: 200, allowed: ptr(true)},
		{name: "guard refuses a solo visit", method: "POST", path: "/v1/guard", body: visit("", pair[0]), status: 200,
			allowed: ptr(false), rules: []string{"P5.pair"}},
		{name: "guard without token", method: "POST", path: "/v1/guard", auth: "-", body: visit("", pair...), status: 401},
		{name: "book without token", method: "POST", path: "/v1/bookings", auth: "-", body: good, status: 401},
		{name: "book with a wrong token", method: "POST", path: "/v1/bookings", auth: "Bearer nope", body: good, status: 401},
		{name: "book with basic auth", method: "POST", path: "/v1/bookings", auth: "Basic " + token, body: good, status: 401},
		{name: "malformed JSON", method: "POST", path: "/v1/bookings", body: `{"visit":{"family":`, status: 400},
		{name: "empty body", method: "POST", path: "/v1/bookings", body: ``, status: 400},
		{name: "no visit", method: "POST", path: "/v1/bookings", body: `{"as_of":"2025-09-01T00:00:00Z"}`, status: 400, field: "visit"},
		{name: "unknown field", method: "POST", path: "/v1/bookings", body: strings.Replace(good, `"visitors"`, `"visitor"`, 1),
			status: 400, field: "visit.visitor"},
		{name: "unknown top field", method: "POST", path: "/v1/bookings", body: `{"visit":{},"asof":"x"}`, status: 400, field: "asof"},
		{name: "wrong type", method: "POST", path: "/v1/bookings", body: strings.Replace(good, `"visitors":[`, `"visitors":[1,`, 1),
			status: 400, field: "visit.visitors"},
		{name: "bad time", method: "POST", path: "/v1/bookings", body: strings.Replace(good, `"start":"`, `"start":"x`, 1),
			status: 400, field: "visit.start"},
		{name: "bad as_of", method: "POST", path: "/v1/bookings", body: strings.Replace(good, `"as_of":"`, `"as_of":"x`, 1),
			status: 400, field: "as_of"},
		{name: "bad enum", method: "POST", path: "/v1/bookings", body: visit(`,"location":{"kind":"moon"}`, pair...),
			status: 400, field: "visit.location"},
		{name: "missing start", method: "POST", path: "/v1/bookings", body: strings.Replace(good, `"start":`, `"arranged_at":`, 1),
			status: 400, field: "visit.start"},
		{name: "negative duration", method: "POST", path: "/v1/bookings", body: visit(`,"duration":"-5m"`, pair...),
			status: 400, field: "visit.duration"},
		{name: "two values", method: "POST", path: "/v1/bookings", body: good + good, status: 400},
		{name: "not JSON", method: "POST", path: "/v1/bookings", ctype: "text/plain", body: good, status: 415},
		{name: "too large", method: "POST", path: "/v1/bookings", body: `{"visit":{"family":"` + strings.Repeat("a", httpapi.MaxBody) + `"}}`, status: 413},
		{name: "query on a booking", method: "POST", path: "/v1/bookings?dry=1", body: good, status: 400, field: "dry"},
		{name: "unknown family", method: "POST", path: "/v1/bookings", body: strings.Replace(good, string(f.family), "F-NOPE", 1),
			status: 422, field: "visit.family"},
		{name: "unknown educator", method: "POST", path: "/v1/bookings", body: visit("", pair[0], "E-NOPE"),
			status: 422, field: "visit.visitors[1]"},
		{name: "refused by a rule", method: "POST", path: "/v1/bookings", body: visit(`,"id":"V-SOLO"`, pair[0]),
			status: 422, rules: []string{"P5.pair"}},
		{name: "book", method: "POST", path: "/v1/bookings", body: good, status: 201},
		{name: "id taken", method: "POST", path: "/v1/bookings", body: good, status: 409, field: "visit.id"},
		{name: "clash", method: "POST", path: "/v1/bookings", body: visit(`,"id":"V-AGAIN"`, pair...), status: 409},
		{name: "status", method: "GET", path: "/v1/students/" + string(f.student) + "/status", status: 200},
		{name: "status as of", method: "GET", path: "/v1/students/" + string(f.student) + "/status?as_of=2026-06-01", status: 200},
		{name: "status without token", method: "GET", path: "/v1/students/" + string(f.student) + "/status", auth: "-", status: 401},
		{name: "status of nobody", method: "GET", path: "/v1/students/NOPE/status", status: 404, field: "id"},
		{name: "status bad as_of", method: "GET", path: "/v1/students/" + string(f.student) + "/status?as_of=June", status: 400, field: "as_of"},
		{name: "status unknown query", method: "GET", path: "/v1/students/" + string(f.student) + "/status?when=1", status: 400, field: "when"},
		{name: "check", method: "POST", path: "/v1/check?as_of=2026-06-05", status: 200},
		{name: "check now", method: "POST", path: "/v1/check", status: 200},
		{name: "check bad as_of", method: "POST", path: "/v1/check?as_of=2026-13-01", status: 400, field: "as_of"},
		{name: "check with a body", method: "POST", path: "/v1/check", body: good, status: 400},
		{name: "check without token", method: "POST", path: "/v1/check", auth: "-", status: 401},
	}
	before, err := f.store.Load(context.Background())
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
			switch c.auth {
			case "":
				req.Header.Set("Authorization", "Bearer "+token)
			case "-":
			default:
				req.Header.Set("Authorization", c.auth)
			}
			if c.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			if c.ctype != "" {
				req.Header.Set("Content-Type", c.ctype)
			}
			rec := httptest.NewRecorder()
			f.handler.ServeHTTP(rec, req)
			body := rec.Body.Bytes()
			require.Equal(t, c.status, rec.Code, "%s", body)
			path, _, _ := strings.Cut(c.path, "?")
			if strings.HasPrefix(path, "/v1/students/") {
				path = "/v1/students/{id}/status"
			}
			ptr, mt := o.responseSchema(t, path, c.method, c.status)
			require.Equal(t, mt, strings.Split(rec.Header().Get("Content-Type"), ";")[0])
			if ptr != "" {
				validate(t, o.schema(t, ptr), body)
			}
			var got struct {
				Field   string   `json:"field"`
				Rules   []string `json:"rules"`
				Allowed *bool    `json:"allowed"`
			}
			if c.status != 200 || !strings.HasSuffix(c.path, "openapi.json") && !strings.HasPrefix(c.path, "/v1/check") {
				require.NoError(t, json.Unmarshal(body, &got))
			}
			if c.field != "" {
				require.Equal(t, c.field, got.Field, "%s", body)
			}
			for _, r := range c.rules {
				require.Contains(t, got.Rules, r)
			}
			if c.allowed != nil {
				require.Equal(t, *c.allowed, *got.Allowed, "%s", body)
			}
			if c.status == 401 {
				require.Equal(t, `Bearer realm="pthv"`, rec.Header().Get("WWW-Authenticate"))
			}
			if c.body != "" && c.status < 300 {
				validate(t, o.schema(t, "/components/schemas/GuardRequest"), []byte(c.body))
			}
		})
	}
	after, err := f.store.Load(context.Background())
	require.NoError(t, err)
	require.Equal(t, before.Revision+1, after.Revision, "only the good booking changed the store")
	require.Len(t, after.Visits, len(before.Visits)+1)
	require.Equal(t, model.VisitID("V-GOOD"), after.Visits[len(after.Visits)-1].ID)
}

func TestWrongMethodAndPath(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		method, path string
		status       int
	}{{"GET", "/v1/guard", 405}, {"DELETE", "/v1/bookings", 405}, {"GET", "/v2/guard", 404}, {"POST", "/healthz", 405}} {
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		require.Equal(t, c.status, rec.Code, "%s %s", c.method, c.path)
		require.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	}
}

func TestNewRefusesAnIncompleteConfig(t *testing.T) {
	f := newFixture(t)
	_, err := httpapi.New(httpapi.Config{Store: f.store})
	require.ErrorIs(t, err, httpapi.ErrConfig)
	_, err = httpapi.New(httpapi.Config{Token: token})
	require.ErrorIs(t, err, httpapi.ErrConfig)
}

// TestLogsCarryNoRecords: the log names routes, never a path with ids or
// a body.
func TestLogsCarryNoRecords(t *testing.T) {
	f := newFixture(t)
	var logs bytes.Buffer
	h, err := httpapi.New(httpapi.Config{Store: f.store, Token: token, Log: slogTo(&logs)})
	require.NoError(t, err)
	req := httptest.NewRequest("GET", "/v1/students/"+string(f.student)+"/status", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	h.ServeHTTP(httptest.NewRecorder(), req)
	req = httptest.NewRequest("POST", "/v1/guard", strings.NewReader(`{"visit":{"family":"`+string(f.family)+`"}}`))
	req.Header.Set("Authorization", "Bearer "+token)
	h.ServeHTTP(httptest.NewRecorder(), req)
	out := logs.String()
	require.Contains(t, out, "/v1/students/{id}/status")
	require.NotContains(t, out, string(f.student))
	require.NotContains(t, out, string(f.family))
	require.NotContains(t, out, token)
}
