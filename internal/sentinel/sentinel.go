// Package sentinel makes the narrower sentinel errors of the import
// packages: an error with its own text that [errors.Is] also matches
// against the model's sentinel it is a case of, so that a caller can ask
// errors.Is(err, model.ErrDuplicateID) of any pthv error whatever package
// reported it.
package sentinel

// Sub returns an error whose message is text and which is a case of
// parent: errors.Is(Sub(text, parent), parent) holds.
func Sub(text string, parent error) error { return &sub{text, parent} }

type sub struct {
	text   string
	parent error
}

func (e *sub) Error() string { return e.text }
func (e *sub) Unwrap() error { return e.parent }
