package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/homevisits/pthv/internal/strictjson"
	"github.com/homevisits/pthv/model"
	"github.com/homevisits/pthv/practices"
	"github.com/homevisits/pthv/store/sqlstore"
)

// MaxBody is the largest request body the service reads: 1 MB.
const MaxBody = 1 << 20

// requestTimeout bounds the work of one request.
const requestTimeout = 50 * time.Second

// Config is what the service serves and how.
type Config struct {
	// Store is the program served. Required.
	Store *sqlstore.Store
	// Token is the bearer token every /v1 route but the OpenAPI document
	// requires. Required: the service refuses to run without one.
	Token string
	// Log receives one line per request (method, route pattern, status,
	// time): nil logs nothing.
	Log *slog.Logger
	// Now is the clock for a request that gives no as_of; nil is
	// time.Now.
	Now func() time.Time
}

// ErrConfig is the error of a Config that cannot serve.
var ErrConfig = errors.New("httpapi: cannot serve")

// route is one route of the service.
type route struct {
	method, path string
	auth         bool
	handle       func(s *service, w http.ResponseWriter, r *http.Request)
}

// routes lists every route the handler serves; the OpenAPI document must
// describe exactly these (a test checks).
var routes = []route{
	{http.MethodGet, "/healthz", false, (*service).health},
	{http.MethodGet, "/v1/openapi.json", false, (*service).openapi},
	{http.MethodPost, "/v1/guard", true, (*service).guard},
	{http.MethodPost, "/v1/bookings", true, (*service).book},
	{http.MethodGet, "/v1/students/{id}/status", true, (*service).status},
	{http.MethodPost, "/v1/check", true, (*service).check},
}

// Routes returns "METHOD PATH" for every route the handler serves, in
// the order of the package documentation.
func Routes() []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.method + " " + r.path
	}
	return out
}

type service struct {
	store *sqlstore.Store
	token [sha256.Size]byte
	log   *slog.Logger
	now   func() time.Time
}

// New returns the service's handler. A Config without a store or token is
// an error wrapping [ErrConfig].
func New(cfg Config) (http.Handler, error) {
	switch {
	case cfg.Store == nil:
		return nil, fmt.Errorf("%w: no store", ErrConfig)
	case strings.TrimSpace(cfg.Token) == "":
		return nil, fmt.Errorf("%w: no token: writes must be authenticated", ErrConfig)
	}
	s := &service{store: cfg.Store, token: sha256.Sum256([]byte(cfg.Token)), log: cfg.Log, now: cfg.Now}
	if s.now == nil {
		s.now = time.Now
	}
	mux := http.NewServeMux()
	for _, rt := range routes {
		h := rt.handle
		auth := rt.auth
		mux.HandleFunc(rt.method+" "+rt.path, func(w http.ResponseWriter, r *http.Request) {
			if auth && !s.authorized(r) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="pthv"`)
				problem(w, http.StatusUnauthorized, "unauthorized", "a bearer token is required: Authorization: Bearer TOKEN", nil)
				return
			}
			ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
			defer cancel()
			h(s, w, r.WithContext(ctx))
		})
	}
	mux.HandleFunc("/", s.fallback)
	return s.logged(mux), nil
}

// NewServer returns an http.Server for h on addr with the service's
// limits: headers read within 5 s, a request within 15 s, a response
// written within 60 s, idle connections closed after 2 minutes, headers
// at most 64 KB.
func NewServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr: addr, Handler: h,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
	}
}

func (s *service) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(got[:], s.token[:]) == 1
}

// fallback answers a path the service does not serve, or a method a path
// does not take, as a problem.
func (s *service) fallback(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, rt := range routes {
		if matchPath(rt.path, r.URL.Path) {
			allow = append(allow, rt.method)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		problem(w, http.StatusMethodNotAllowed, "method-not-allowed",
			fmt.Sprintf("%s takes %s", r.URL.Path, strings.Join(allow, ", ")), nil)
		return
	}
	problem(w, http.StatusNotFound, "not-found", "no such route: see /v1/openapi.json", nil)
}

// matchPath reports whether path matches pattern, whose {name} segments
// match any one segment.
func matchPath(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], "{") && ps[i] != xs[i] {
			return false
		}
	}
	return true
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// logged logs each request: method, route pattern, status and time —
// never the path (it holds ids), the query or the body.
func (s *service) logged(next http.Handler) http.Handler {
	if s.log == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" || route == "/" {
			route = "(no route)"
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("route", route),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start)))
	})
}

// Problem is an RFC 9457 problem detail as the service writes it.
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail"`
	Field    string              `json:"field,omitempty"`
	Rules    []string            `json:"rules,omitempty"`
	Findings []practices.Finding `json:"findings,omitempty"`
	Clashes  []sqlstore.Clash    `json:"clashes,omitempty"`
}

// problem writes a problem of kind with status and detail; extra, when
// set, adds the field, rules, findings or clashes.
func problem(w http.ResponseWriter, status int, kind, detail string, extra *Problem) {
	p := Problem{}
	if extra != nil {
		p = *extra
	}
	p.Type, p.Title, p.Status, p.Detail = "urn:pthv:problem:"+kind, http.StatusText(status), status, detail
	writeJSON(w, status, "application/problem+json", p)
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"title":"Internal Server Error","status":500}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// internal answers an unexpected error: logged by kind only, answered
// without its text (it may name the database).
func (s *service) internal(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		problem(w, http.StatusServiceUnavailable, "unavailable", "the request took too long; try again", nil)
		return
	case errors.Is(err, sqlstore.ErrEmpty):
		problem(w, http.StatusServiceUnavailable, "unavailable", "the store holds no program yet", nil)
		return
	}
	if s.log != nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "internal error", slog.String("route", r.Pattern), slog.String("error", err.Error()))
	}
	problem(w, http.StatusInternalServerError, "internal", "the service met an error; it is logged", nil)
}

func (s *service) health(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.Version(r.Context())
	if err != nil {
		problem(w, http.StatusServiceUnavailable, "unavailable", "the database does not answer", nil)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"status": "ok", "schema_version": v})
}

func (s *service) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(openapiDoc)
}

// bodyError is a request the service cannot read, naming the field.
type bodyError struct {
	status int
	kind   string
	field  string
	detail string
}

func (e *bodyError) Error() string { return e.detail }

func (e *bodyError) write(w http.ResponseWriter) {
	problem(w, e.status, e.kind, e.detail, &Problem{Field: e.field})
}

// GuardRequest is the body of POST /v1/guard and POST /v1/bookings.
type GuardRequest struct {
	Visit *json.RawMessage `json:"visit"`
	AsOf  *time.Time       `json:"as_of,omitempty"`
}

// readRequest reads and checks a guard or booking request.
func (s *service) readRequest(w http.ResponseWriter, r *http.Request) (model.Visit, time.Time, *bodyError) {
	var v model.Visit
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return v, time.Time{}, &bodyError{http.StatusUnsupportedMediaType, "unsupported-media-type", "", "the body must be application/json"}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return v, time.Time{}, &bodyError{http.StatusRequestEntityTooLarge, "too-large", "", fmt.Sprintf("the body is over %d bytes", MaxBody)}
		}
		return v, time.Time{}, &bodyError{http.StatusBadRequest, "invalid-body", "", "the body could not be read"}
	}
	var req GuardRequest
	if e := decodeStrict(body, &req, ""); e != nil {
		return v, time.Time{}, e
	}
	if req.Visit == nil {
		return v, time.Time{}, &bodyError{http.StatusBadRequest, "invalid-body", "visit", "visit: required: the proposed visit"}
	}
	if e := decodeStrict(*req.Visit, &v, "visit."); e != nil {
		return v, time.Time{}, e
	}
	asOf := s.now()
	if req.AsOf != nil {
		asOf = *req.AsOf
	}
	return v, asOf, nil
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// anything after the value, as every pthv reader does
// (internal/strictjson), and names the field at fault (prefix is the path
// of the value, such as "visit.").
func decodeStrict(data []byte, v any, prefix string) *bodyError {
	bad := func(field, detail string) *bodyError {
		return &bodyError{http.StatusBadRequest, "invalid-body", field, detail}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return bad(strings.TrimSuffix(prefix, "."), "the body is empty: want a JSON object")
	}
	e := strictjson.Decode(data, v)
	if e == nil {
		return nil
	}
	if e.Field == "" && e.Err != nil {
		// An error of a field's own decoder (a time, an enum, a
		// duration): find the member at fault.
		e.Field = strictjson.FaultyMember(data, func() any { return newOf(v) })
	}
	if e.Field == "" {
		return bad(strings.TrimSuffix(prefix, "."), e.Error())
	}
	e.Field = prefix + e.Field
	return bad(e.Field, e.Error())
}

// newOf returns a fresh value of the request type v points to.
func newOf(v any) any {
	switch v.(type) {
	case *model.Visit:
		return new(model.Visit)
	case *GuardRequest:
		return new(GuardRequest)
	}
	return new(map[string]any)
}
