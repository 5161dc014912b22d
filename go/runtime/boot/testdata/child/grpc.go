//go:build grpc

package main

import _ "gotel.dev/runtime/boot/otlpgrpc"
