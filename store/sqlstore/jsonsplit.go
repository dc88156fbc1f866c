package sqlstore

import (
	"errors"
	"fmt"
)

// The store keeps each record as the bytes model.EncodeDataset writes for
// it: Save encodes the dataset once and cuts the document into its
// members and records with this small scanner, so that a stored record
// is exactly a record of a pthv/v1 file, and Load only has to join them.

var errSplit = errors.New("not a JSON document the store can cut into records")

// member is one member of a JSON object.
type member struct {
	key   string
	value []byte
}

func space(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
			continue
		}
		break
	}
	return i
}

// skipString returns the offset just past the string starting at i.
func skipString(data []byte, i int) (int, error) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, errSplit
}

// skipValue returns the offset just past the JSON value starting at i.
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, errSplit
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipString(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errSplit
	}
	j := i
	for j < len(data) {
		switch data[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return j, nil
		}
		j++
	}
	return j, nil
}

// members returns the members of the JSON object data, in order. Keys
// are taken as written: the encoder writes section names without escapes.
func members(data []byte) ([]member, error) {
	i := space(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, errSplit
	}
	var out []member
	i = space(data, i+1)
	if i < len(data) && data[i] == '}' {
		return out, nil
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return nil, errSplit
		}
		end, err := skipString(data, i)
		if err != nil {
			return nil, err
		}
		key := string(data[i+1 : end-1])
		i = space(data, end)
		if i >= len(data) || data[i] != ':' {
			return nil, errSplit
		}
		i = space(data, i+1)
		vend, err := skipValue(data, i)
		if err != nil {
			return nil, err
		}
		out = append(out, member{key: key, value: data[i:vend]})
		i = space(data, vend)
		if i >= len(data) {
			return nil, errSplit
		}
		switch data[i] {
		case ',':
			i = space(data, i+1)
		case '}':
			return out, nil
		default:
			return nil, errSplit
		}
	}
}

// elements returns the elements of the JSON array data.
func elements(data []byte) ([][]byte, error) {
	i := space(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, fmt.Errorf("want an array: %w", errSplit)
	}
	var out [][]byte
	i = space(data, i+1)
	if i < len(data) && data[i] == ']' {
		return out, nil
	}
	for {
		end, err := skipValue(data, i)
		if err != nil {
			return nil, err
		}
		out = append(out, data[i:end])
		i = space(data, end)
		if i >= len(data) {
			return nil, errSplit
		}
		switch data[i] {
		case ',':
			i = space(data, i+1)
		case ']':
			return out, nil
		default:
			return nil, errSplit
		}
	}
}
