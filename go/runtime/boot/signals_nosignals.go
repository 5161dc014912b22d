//go:build !unix && !windows && !plan9

package boot

import "os"

// wasip1 and js/wasm deliver no signals: the host ends the program.
// Nothing is watched, so startSignals registers nothing and raise is
// never called; telemetry is flushed when main returns or on os.Exit.
var watched []os.Signal

func raise(os.Signal) {}
