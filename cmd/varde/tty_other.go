//go:build !linux

package main

import "os"

// isTerminal is only known on Linux here; elsewhere `varde build` shows no
// progress line rather than risk writing carriage returns into a log.
func isTerminal(*os.File) bool { return false }
