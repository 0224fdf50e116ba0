// Command varde-corpus writes a synthetic site for benchmarks (see
// scripts/bench): varde-corpus -n 10000 -o /tmp/corpus [--hugo] [--search].
// With --search the site has search turned on and realistic Norwegian text,
// for search benchmarks (see internal/corpus).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/varde-portal/varde/internal/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of pages")
	out := flag.String("o", "", "output `folder` (must not exist)")
	seed := flag.Int64("seed", 1, "random seed")
	hugo := flag.Bool("hugo", false, "also write a Hugo configuration and layouts")
	search := flag.Bool("search", false, "turn search on and write realistic Norwegian text, for search benchmarks")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := os.Stat(*out); err == nil {
		fmt.Fprintf(os.Stderr, "varde-corpus: %s exists; remove it first\n", *out)
		os.Exit(2)
	}
	if err := corpus.Generate(*out, corpus.Options{Pages: *n, Seed: *seed, Hugo: *hugo, Search: *search}); err != nil {
		fmt.Fprintln(os.Stderr, "varde-corpus:", err)
		os.Exit(1)
	}
}
