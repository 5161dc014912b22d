// Empty: lets span.go declare peekPanic without a body (the compiler then
// drops -complete). The body is runtime.gotel_peekPanic, injected by the
// runtime module's rules into every instrumented build.
