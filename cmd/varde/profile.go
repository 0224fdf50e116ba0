package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles starts the profiles a developer asks for in the
// environment (VARDE_CPUPROFILE, VARDE_TRACE, VARDE_MEMPROFILE for
// allocations: file names) and returns the function that stops them.
// Measuring a real `varde build` on a large site is how the figures in
// docs/performance.md were found; a flag would put a developer's tool into
// every editor's --help.
func startProfiles(stderr io.Writer) (stop func()) {
	var stops []func()
	// run starts one profile into the file named by env, if it is set.
	run := func(env string, start func(io.Writer) error, stop func()) {
		name := os.Getenv(env)
		if name == "" {
			return
		}
		f, err := os.Create(name)
		if err == nil {
			if err = start(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "varde: %s: %v\n", env, err)
			return
		}
		stops = append(stops, func() { stop(); f.Close() })
	}
	run("VARDE_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	run("VARDE_TRACE", trace.Start, trace.Stop)
	var allocs io.Writer
	run("VARDE_MEMPROFILE", func(w io.Writer) error { allocs = w; return nil }, func() {
		if err := pprof.Lookup("allocs").WriteTo(allocs, 0); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_MEMPROFILE: %v\n", err)
		}
	})
	return func() {
		for _, s := range stops {
			s()
		}
	}
}
