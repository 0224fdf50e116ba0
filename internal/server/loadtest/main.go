// Command loadtest measures `varde serve` on loopback: requests a second,
// latency percentiles and memory for /api/search with typical queries and
// for static pages, on a generated site with and without one huge page.
//
//	go run ./internal/server/loadtest                 # 1,000 pages, then + a 20 MB page
//	go run ./internal/server/loadtest -huge 0         # without the huge page
//	go run ./internal/server/loadtest -c 64 -d 20s    # 64 clients, 20 s a scenario
//	go run ./internal/server/loadtest -serve-only     # print the address and wait (for wrk)
//
// The server runs in this process, on the same cores as the clients, as it
// would beside wrk on one machine; RSS is this process's (server and
// clients), sampled every 20 ms while the load runs. On a shared machine
// the CPU time per request (server and clients together) is the figure
// that does not depend on what else runs: two cores give at most
// 2 s / (CPU per request) requests a second. See
// docs/performance.md ("Serving under load") for the method and figures.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/varde-portal/varde/internal/corpus"
	"github.com/varde-portal/varde/internal/cputime"
	"github.com/varde-portal/varde/internal/server"
)

var (
	profile    string
	acceptGzip bool
	only       string
	memProfile string
)

// queries are typical searches on a municipality's privacy portal.
var queries = []string{
	"personvern", "passord", "informasjonssikkerhet", "risikovurdering", "personvernombud",
	"avvik", "tilgangsstyring", "behandling av personopplysninger", "internkontroll", "logging",
	"beredskap", "opplæring", "leverandør", "databehandleravtale", "sikkerhet",
}

func main() {
	pages := flag.Int("pages", 1000, "pages in the generated site")
	huge := flag.Int("huge", 20, "`MB` of the huge page in the second round (0: no second round)")
	clients := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration of each scenario")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the load scenarios to `file`")
	flag.StringVar(&memProfile, "memprofile", "", "write a heap profile after the load scenarios to `file`")
	serveOnly := flag.Bool("serve-only", false, "build the site (with the huge page when -huge > 0), print the address and serve until interrupted")
	flag.BoolVar(&acceptGzip, "gzip", false, "clients accept gzip (and unzip in this process)")
	flag.StringVar(&only, "only", "", "run only the scenarios whose name contains `text` (e.g. uncached)")
	flag.Parse()
	profile = *cpuProfile

	rounds := []int{0}
	if *huge > 0 {
		rounds = append(rounds, *huge)
	}
	if *serveOnly {
		rounds = []int{*huge}
	}
	for _, mb := range rounds {
		if err := round(*pages, mb, *clients, *dur, *serveOnly); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
	}
}

func round(pages, hugeMB, clients int, dur time.Duration, serveOnly bool) error {
	dir, err := os.MkdirTemp("", "varde-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	site := filepath.Join(dir, "site")
	if err := corpus.Generate(site, corpus.Options{Pages: pages, Seed: 1, Search: true}); err != nil {
		return err
	}
	label := fmt.Sprintf("%d pages", pages)
	if hugeMB > 0 {
		if err := addHugePage(site, hugeMB); err != nil {
			return err
		}
		label += fmt.Sprintf(" + one %d MB page", hugeMB)
	}
	fmt.Printf("== %s, %d clients, %v a scenario, GOMAXPROCS %d\n", label, clients, dur, runtime.GOMAXPROCS(0))

	s := server.New(server.Options{Source: site, Port: 0, Log: os.Stderr})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- s.Run(ctx, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		return fmt.Errorf("server: %v", err)
	}
	addr = strings.TrimSuffix(addr, "/")
	if info := <-s.Rebuilt; !info.OK {
		return fmt.Errorf("the site did not build (see above)")
	}
	// The bleve index follows the first build in the background.
	for {
		resp, err := http.Get(addr + "/api/search?q=personvern")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Printf("built and indexed in %.1f s; peak RSS so far %d MB\n", time.Since(start).Seconds(), hwmMB())
	if serveOnly {
		fmt.Printf("serving at %s (Ctrl-C to stop); e.g. wrk -t2 -c32 -d10s '%s/api/search?q=personvern'\n", addr, addr)
		if profile != "" { // the server's CPU under an outside load (wrk)
			f, err := os.Create(profile)
			if err != nil {
				return err
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
		// Until interrupted, then clean up the generated site. With
		// -memprofile, each SIGUSR1 writes a heap profile (file.1, file.2,
		// …): two of them, before and after a wrk run, give what the run
		// allocated (go tool pprof -sample_index=alloc_space -base file.1
		// file.2).
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM, syscall.SIGUSR1)
		for n := 1; ; n++ {
			if <-sig != syscall.SIGUSR1 {
				break
			}
			if memProfile == "" {
				continue
			}
			if err := writeHeapProfile(fmt.Sprintf("%s.%d", memProfile, n)); err != nil {
				return err
			}
		}
		cancel()
		<-done
		return nil
	}
	runtime.GC()
	debug.FreeOSMemory()

	var search []string
	for _, q := range queries {
		search = append(search, addr+"/api/search?lang=nb&q="+strings.ReplaceAll(q, " ", "+"))
	}
	// The same searches made distinct for the server's answer cache: a
	// word of punctuation after the query changes the cache key (the query
	// as given) but not what is searched (punctuation analyzes to nothing).
	// 1,296 variants of each of the 15 queries, each client taking every
	// 32nd (see load), are never asked twice within the cache's 512
	// answers: this is the cost of a search itself.
	var uncached []string
	const marks = "!?.,;:"
	for v := 0; v < 6*6*6*6; v++ {
		w := []byte{marks[v%6], marks[v/6%6], marks[v/36%6], marks[v/216%6]}
		for _, u := range search {
			uncached = append(uncached, u+"+"+url.QueryEscape(string(w)))
		}
	}
	var static []string
	for _, p := range []string{"/", "/veiledere/", "/sok/", "/css/", "/robots.txt", "/sitemap.xml"} {
		static = append(static, addr+p)
	}
	for i := 1; i <= 20; i++ { // content pages of every section (internal/corpus names them so)
		static = append(static, fmt.Sprintf("%s/%s/side-%05d/", addr, corpus.Sections[i%len(corpus.Sections)], i))
	}
	static = reachable(static)
	fmt.Printf("%-18s %9s %8s %8s %8s %8s %6s %6s %8s %10s\n", "scenario", "req/s", "p50 ms", "p99 ms", "max ms", "requests", "503", "other", "RSS MB", "CPU µs/req")
	if profile != "" {
		f, err := os.Create(fmt.Sprintf("%s.%dmb", profile, hugeMB))
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	for _, sc := range []struct {
		name string
		urls []string
	}{{"api/search", search}, {"api/search uncached", uncached}, {"static pages", static}} {
		if !strings.Contains(sc.name, only) {
			continue
		}
		r := load(sc.urls, clients, dur)
		fmt.Printf("%-18s %9.0f %8.2f %8.2f %8.2f %8d %6d %6d %8d %10d\n", sc.name, r.rps, ms(r.p50), ms(r.p99), ms(r.max), r.n, r.busy, r.other, r.rssMB, r.cpuPerReq.Microseconds())
	}
	fmt.Printf("peak RSS of the process, build included: %d MB\n", hwmMB())
	if memProfile != "" {
		if err := writeHeapProfile(fmt.Sprintf("%s.%dmb", memProfile, hugeMB)); err != nil {
			return err
		}
	}
	cancel()
	<-done
	return nil
}

// addHugePage writes one page of mb MB of prose that matches the typical
// queries everywhere, and raises the page size limit to let it in.
func addHugePage(site string, mb int) error {
	cfg := filepath.Join(site, "config.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		return err
	}
	if strings.Contains(string(data), "[markup]") {
		return fmt.Errorf("the generated config.toml has [markup] already")
	}
	data = append(data, fmt.Sprintf("\n[markup]\nmaxPageSize = \"%dMB\"\n", mb+1)...)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(site, "content", "veiledere", "stor-side.md"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "---\ntitle: En svært stor side\ndescription: Én side med svært mye tekst, for å måle søket.\n---\n\n")
	size := 0
	for i := 0; size < mb<<20; i++ {
		q := queries[i%len(queries)]
		n, _ := fmt.Fprintf(w, "Avsnitt %d om %s: kommunen skal ha oversikt over behandlingene sine og vurdere risiko før tiltak settes i verk, og %s er et lederansvar som følges opp i internkontrollen.\n\n", i, q, q)
		size += n
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// reachable keeps the URLs that answer 200.
func reachable(urls []string) []string {
	var out []string
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			out = append(out, u)
		}
	}
	return out
}

type result struct {
	rps                   float64
	p50, p99, max         time.Duration
	n, busy, other, rssMB int
	cpuPerReq             time.Duration // CPU of the process (server and clients) per request
}

// load runs clients goroutines, each requesting urls in turn over one
// kept-alive connection, for d.
func load(urls []string, clients int, d time.Duration) result {
	// No Accept-Encoding, as wrk sends none: the server gzips text for
	// clients that ask (static.go), and Go's client would then spend more
	// CPU unzipping than the server spends answering, which this process's
	// CPU time per request would count against the server. -gzip measures
	// that case.
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, DisableCompression: !acceptGzip}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var (
		mu          sync.Mutex
		lat         []time.Duration
		busy, other atomic.Int64
		wg          sync.WaitGroup
		peak        atomic.Int64
	)
	stop := make(chan struct{})
	go func() { // RSS while the load runs
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if r := int64(rssMB()); r > peak.Load() {
					peak.Store(r)
				}
			}
		}
	}()
	cpu0 := cputime.Self()
	start := time.Now()
	deadline := start.Add(d)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			// Client c asks urls[c], urls[c+clients], …: clients that
			// took neighbouring URLs in turn would ask each URL right after
			// one another, which a cache answers.
			for i := c; time.Now().Before(deadline); i += clients {
				t0 := time.Now()
				resp, err := client.Get(urls[i%len(urls)])
				if err != nil {
					other.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				switch resp.StatusCode {
				case http.StatusOK:
				case http.StatusServiceUnavailable:
					busy.Add(1)
				default:
					other.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	took := time.Since(start)
	cpu := cputime.Self() - cpu0
	close(stop)
	slices.Sort(lat)
	r := result{n: len(lat), busy: int(busy.Load()), other: int(other.Load()), rssMB: int(peak.Load())}
	if len(lat) > 0 {
		r.rps = float64(len(lat)) / took.Seconds()
		r.p50 = lat[len(lat)/2]
		r.p99 = lat[len(lat)*99/100]
		r.max = lat[len(lat)-1]
		r.cpuPerReq = cpu / time.Duration(len(lat))
	}
	return r
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// rssMB and hwmMB read VmRSS and VmHWM from /proc (0 elsewhere).
func rssMB() int { return procStatus("VmRSS:") }
func hwmMB() int { return procStatus("VmHWM:") }

func procStatus(key string) int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.Atoi(f[1])
				return kb / 1024
			}
		}
	}
	return 0
}

// writeHeapProfile writes a heap profile after a collection.
func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	runtime.GC()
	err = pprof.WriteHeapProfile(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
