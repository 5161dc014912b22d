module example.com/gls

go 1.23

require golang.org/x/sync v0.10.0
