package valkeygo

const pkgName = "valkeygo"
