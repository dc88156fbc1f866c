package api

// Tested is in a test file and is not part of the API.
func Tested() {}
