package boot

import (
	"os"
	"syscall"
)

// The Go runtime turns CTRL_C_EVENT and CTRL_BREAK_EVENT into SIGINT, and
// CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT and CTRL_SHUTDOWN_EVENT into SIGTERM.
var watched = []os.Signal{syscall.SIGINT, syscall.SIGTERM}

// statusControlCExit (STATUS_CONTROL_C_EXIT) is the exit code with which
// the default console control handler ends a process.
const statusControlCExit uint32 = 0xC000013A

// raise ends the process as the default console control handler would
// have: a console event cannot be sent to this process alone, and once
// boot's channel took the event the runtime has told Windows it is handled.
func raise(os.Signal) {
	code := statusControlCExit // a variable: the constant overflows a 32-bit int
	os.Exit(int(code))
}
