module github.com/homevisits/pthv

go 1.26.8
