// Package first is what the boot file of an instrumented main package
// imports: in each build gotel overlays this file with blank imports of
// the runtime and the hook packages the plan needs.
//
// It exists for its import path. The go command gives each package a build
// priority from a depth-first walk of the imports, sorted by path; gotel's
// own paths (gotel.dev/...) sort after most of a program's, so the
// OpenTelemetry SDK and its exporters, reached only through them, would
// compile last, one after another, on a single core. A path starting with
// "0" sorts before any a program imports, and they compile among the
// first instead, beside the program's own dependencies.
package first
