module github.com/homevisits/pthv

go 1.26.8

require (
	github.com/arran4/golang-ical v0.3.4
	github.com/stretchr/testify v1.12.1
	golang.org/x/text v0.44.0
	gonum.org/v1/gonum v0.17.0
	pgregory.net/rapid v1.3.0
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
