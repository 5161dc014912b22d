module example.com/gls

go 1.26.0

require golang.org/x/sync v0.10.0
