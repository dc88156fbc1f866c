package api

// Open is exported.
func Open() {}

func close() {}

// Box is an exported generic type.
type Box[T any] struct{ v T }

// Get is an exported method of a generic type.
func (b *Box[T]) Get() T { return b.v }

func (b *Box[T]) set(v T) { b.v = v }

type hidden struct{}

// Shown is exported but its type is not.
func (hidden) Shown() {}

// Name is an exported value type.
type Name string

// String is an exported method of a value receiver.
func (n Name) String() string { return string(n) }
