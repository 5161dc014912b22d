module example.com/custom

go 1.26.0

require example.com/sdk v0.0.0

// The company's internal SDK: its own module, never edited to be traced.
replace example.com/sdk => ./sdk
