module gotel.dev/bench/trampoline/target

go 1.23
