//go:build unix

package boot

import (
	"os"
	"syscall"
)

var watched = []os.Signal{syscall.SIGINT, syscall.SIGTERM}

// raise sends s again to this process; with boot's channel stopped and no
// handler of the program, the runtime's default action kills the process
// with s, so its parent sees the same wait status as without gotel.
func raise(s os.Signal) {
	syscall.Kill(syscall.Getpid(), s.(syscall.Signal))
}
