package target

// Twice is in a second file of the package: the directive's declarations
// exist once per package, not once per file.
//
//gotel:span attrs=n
func Twice(n int) int { return 2 * n }
