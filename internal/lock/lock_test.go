package lock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAcquireWaitsForTheHolderInThisProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "x.lock")
	first, err := Acquire(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	var told []string
	var mu sync.Mutex
	got := make(chan *Lock)
	go func() {
		l, err := Acquire(context.Background(), path, func(h string) {
			mu.Lock()
			told = append(told, h)
			mu.Unlock()
		})
		if err != nil {
			t.Error(err)
		}
		got <- l
	}()
	select {
	case <-got:
		t.Fatal("second Acquire did not wait")
	case <-time.After(300 * time.Millisecond):
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	second := <-got
	mu.Lock()
	if len(told) != 1 || told[0] != "another build in this process" {
		t.Errorf("waiting told %q, want once 'another build in this process'", told)
	}
	mu.Unlock()
	if second == nil {
		t.Fatal("no lock")
	}
	if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), fmt.Sprint(os.Getpid())+"\n") {
		t.Errorf("lock file holds %q, want this process id", b)
	}
	if err := second.Release(); err != nil {
		t.Fatal(err)
	}
	if err := second.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
	if removeOnRelease {
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("lock file left after release: %v", err)
		}
	}
}

func TestAcquireEndsWithItsContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	held, err := Acquire(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	if _, err := Acquire(ctx, path, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
}

// Many goroutines taking turns: never two inside at once, with the lock
// file removed and recreated between holders.
func TestAcquireExcludes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	var inside, max int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				l, err := Acquire(context.Background(), path, nil)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				inside++
				if inside > max {
					max = inside
				}
				mu.Unlock()
				time.Sleep(time.Millisecond)
				mu.Lock()
				inside--
				mu.Unlock()
				l.Release()
			}
		}()
	}
	wg.Wait()
	if max != 1 {
		t.Errorf("%d holders at once", max)
	}
}

// TestHelperHolder is not a test: run by the tests below as a separate
// process, it takes the lock, says so and holds it until killed.
func TestHelperHolder(t *testing.T) {
	path := os.Getenv("VARDE_LOCK_HELPER")
	if path == "" {
		t.Skip("helper process")
	}
	if _, err := Acquire(context.Background(), path, nil); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("held")
	time.Sleep(time.Minute)
	os.Exit(0)
}

// Another process holds the lock: the waiter names it by pid, and gets the
// lock when that process is killed with -9 (the kernel lets go of it).
func TestAnotherProcessHoldsUntilKilled(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("kill -9 is Unix")
	}
	path := filepath.Join(t.TempDir(), "x.lock")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHolder$")
	cmd.Env = append(os.Environ(), "VARDE_LOCK_HELPER="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "held\n" {
		t.Fatalf("helper said %q", line)
	}
	holders := make(chan string, 4)
	done := make(chan *Lock)
	go func() {
		l, err := Acquire(context.Background(), path, func(h string) { holders <- h })
		if err != nil {
			t.Error(err)
		}
		done <- l
	}()
	h := <-holders
	if want := fmt.Sprintf("process %d (", cmd.Process.Pid); !strings.HasPrefix(h, want) || !strings.Contains(h, "TestHelperHolder") {
		t.Errorf("holder %q, want %q… naming its command line", h, want)
	}
	_ = cmd.Process.Signal(os.Kill)
	_ = cmd.Wait()
	select {
	case l := <-done:
		l.Release()
	case <-time.After(5 * time.Second):
		t.Fatal("the lock of a killed process was not freed")
	}
}
