module gotel.dev/runtime

go 1.23
