module example.com/zerolognew

go 1.26.0

require github.com/rs/zerolog v1.35.1

require (
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.20 // indirect
)

// Pinned at the version gotel's runtime requires, so that the plain and
// instrumented builds link the same modules.
require golang.org/x/sys v0.48.0 // indirect
