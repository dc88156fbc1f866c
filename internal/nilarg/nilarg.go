// Package nilarg tells whether an argument handed to the library as an
// interface — a writer, a reader, a lookup — is nil, including a nil
// pointer inside a non-nil interface, which a plain == nil comparison
// misses and whose first method call would panic.
package nilarg

import "reflect"

// Is reports whether v is nil, or a nil pointer, map, channel or function
// held in an interface.
func Is(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}
