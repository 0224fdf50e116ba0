package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles starts the profiles a developer asks for in the
// environment (VARDE_CPUPROFILE, VARDE_TRACE, VARDE_MEMPROFILE for allocations: file
// names) and returns the
// function that stops them. Measuring a real `varde build` on a large site
// is how the figures in docs/performance.md were found; a flag would put a
// developer's tool into every editor's --help.
func startProfiles(stderr io.Writer) (stop func()) {
	var stops []func()
	if name := os.Getenv("VARDE_CPUPROFILE"); name != "" {
		if f, err := os.Create(name); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_CPUPROFILE: %v\n", err)
		} else if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_CPUPROFILE: %v\n", err)
			f.Close()
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if name := os.Getenv("VARDE_TRACE"); name != "" {
		if f, err := os.Create(name); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_TRACE: %v\n", err)
		} else if err := trace.Start(f); err != nil {
			fmt.Fprintf(stderr, "varde: VARDE_TRACE: %v\n", err)
			f.Close()
		} else {
			stops = append(stops, func() { trace.Stop(); f.Close() })
		}
	}
	if name := os.Getenv("VARDE_MEMPROFILE"); name != "" {
		stops = append(stops, func() {
			f, err := os.Create(name)
			if err == nil {
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
			if err != nil {
				fmt.Fprintf(stderr, "varde: VARDE_MEMPROFILE: %v\n", err)
			}
		})
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}
