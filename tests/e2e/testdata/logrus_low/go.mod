module example.com/logruslow

go 1.26.0

require github.com/sirupsen/logrus v1.9.0

// Pinned at the version gotel's runtime requires, so that the plain and
// instrumented builds link the same modules.
require golang.org/x/sys v0.48.0 // indirect
