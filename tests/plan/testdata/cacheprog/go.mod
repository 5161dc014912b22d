module gotel.dev/tests/cacheprog

go 1.24
