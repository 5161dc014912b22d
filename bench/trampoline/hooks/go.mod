module gotel.dev/bench/trampoline/hooks

go 1.23

require gotel.dev/runtime v0.0.0
