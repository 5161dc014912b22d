package boot

import "os"

// Plan 9 delivers notes; "interrupt" is the one a program can catch and
// that ends it when not handled ("kill" cannot be caught, and there is no
// SIGTERM).
var watched = []os.Signal{os.Interrupt}

// raise posts the note again to this process (os.Process.Signal writes it
// to /proc/<pid>/note); with boot's channel stopped and no handler of the
// program, the runtime exits with the note as its status, as without gotel.
func raise(s os.Signal) {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Signal(s)
	}
}
