package target

// count is in a second file: both files are woven, one generated file.
func count() int { return 1 }
