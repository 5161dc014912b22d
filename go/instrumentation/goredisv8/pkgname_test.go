package goredisv8

const pkgName = "goredisv8"
