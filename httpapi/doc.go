// Package httpapi is the HTTP JSON service of `pthv serve`: the booking
// guard, bookings, a student's status and the program's check over a
// [sqlstore.Store], for district systems not written in Go (most student
// information systems are Java, C#, PHP or Python).
//
// The routes, and the OpenAPI 3.1 document that describes them (served
// at /v1/openapi.json, and checked against the handlers by the tests):
//
//	GET  /healthz                   the service and its database answer
//	GET  /v1/openapi.json           the OpenAPI document
//	POST /v1/guard                  judge a proposed visit; record nothing
//	POST /v1/bookings               judge and record, in one transaction
//	GET  /v1/students/{id}/status   visited this year? what is next
//	POST /v1/check?as_of=DATE       the stored program's report
//
// Every /v1 route but the document needs the bearer token the service
// was given, compared in constant time. Bodies are capped at 1 MB and
// decoded strictly (an unknown field is an error). Errors are RFC 9457
// problem details (application/problem+json) naming the field at fault
// or the ids of the rules a refused booking breaks; a request refused
// changes nothing. The rules themselves live in package practices only:
// the service asks the store, and the store asks practices.Guard.
//
// Logs carry the method, the route's pattern (never the path, which holds
// ids), the status and the time taken: no body, no query, no personal
// data.
package httpapi
