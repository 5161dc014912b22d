package target

import "strings"

type server struct{ name string }

func (s server) handle(path string) (code int) {
	if strings.HasPrefix(path, "/ok") {
		return 200
	}
	return 404
}

// Serve calls the unexported methods the rules target.
func Serve(name, path string) int { return server{name}.handle(path) + count() - 1 }
