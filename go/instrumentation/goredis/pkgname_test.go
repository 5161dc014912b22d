package goredis

const pkgName = "goredis"
