package rueidis

const pkgName = "rueidis"
