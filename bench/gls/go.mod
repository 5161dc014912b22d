module gotel.dev/bench/gls

go 1.26
