//go:build !unix

package main

// freeBytes is unknown here: doctor does not check the free space.
func freeBytes(dir string) (uint64, bool) { return 0, false }
