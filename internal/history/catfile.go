package history

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"sync"
)

// catFile is one long-lived `git cat-file --batch` process. Requests are
// written to its standard input one object name per line and answered in
// order, so a mutex makes it safe for concurrent callers: reading a blob
// costs a round trip on a pipe instead of starting a process.
type catFile struct {
	mu      sync.Mutex
	in      *bufio.Writer
	out     *bufio.Reader
	closeIn io.Closer
	wait    func() error
	stderr  *lockedBuffer
	err     error // set once the process has failed; every later call returns it
}

func startCatFile(ctx context.Context, dir string) (*catFile, error) {
	cmd := command(ctx, dir, "cat-file", "--batch")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, &GitError{Args: cmd.Args[1:], Err: err}
	}
	return &catFile{
		in:      bufio.NewWriter(stdin),
		out:     bufio.NewReaderSize(stdout, 64<<10),
		closeIn: stdin,
		wait:    cmd.Wait,
		stderr:  stderr,
	}, nil
}

// object is an answer of cat-file.
type object struct {
	name string // the resolved object name
	typ  string // blob, tree, commit or tag
	data []byte
}

// object returns the object named by rev (an object name or any revision
// expression such as "v1^{commit}" or "main:content"); found is false when
// git does not know rev.
func (c *catFile) object(rev string) (obj object, found bool, err error) {
	if strings.ContainsAny(rev, "\n\x00") {
		return object{}, false, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return object{}, false, c.err
	}
	obj, found, err = c.request(rev)
	if err != nil {
		c.err = fmt.Errorf("git cat-file: %w%s", err, c.stderrNote())
		return object{}, false, c.err
	}
	return obj, found, nil
}

func (c *catFile) request(rev string) (object, bool, error) {
	if _, err := c.in.WriteString(rev + "\n"); err != nil {
		return object{}, false, err
	}
	if err := c.in.Flush(); err != nil {
		return object{}, false, err
	}
	line, err := c.out.ReadString('\n')
	if err != nil {
		return object{}, false, unexpectedEOF(err)
	}
	line = strings.TrimSuffix(line, "\n")
	// "<name> <type> <size>", or "<rev> missing" / "<rev> ambiguous".
	f := strings.Fields(line)
	if len(f) >= 2 && (f[len(f)-1] == "missing" || f[len(f)-1] == "ambiguous") {
		return object{}, false, nil
	}
	if len(f) != 3 {
		return object{}, false, fmt.Errorf("unexpected answer %q", line)
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return object{}, false, fmt.Errorf("unexpected answer %q", line)
	}
	data := make([]byte, size+1) // the content and a newline
	if _, err := io.ReadFull(c.out, data); err != nil {
		return object{}, false, unexpectedEOF(err)
	}
	return object{name: f[0], typ: f[1], data: data[:size]}, true, nil
}

func (c *catFile) stderrNote() string {
	if s := strings.TrimSpace(c.stderr.String()); s != "" {
		return " (" + s + ")"
	}
	return ""
}

// close ends the process: git exits when its input ends.
func (c *catFile) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.wait == nil {
		return nil
	}
	_ = c.closeIn.Close()
	err := c.wait()
	c.wait = nil
	if c.err == nil {
		c.err = fs.ErrClosed
	}
	return err
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// lockedBuffer collects a process's standard error, which git writes from
// its own goroutine while a failed request may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 4<<10 {
		return len(p), nil // enough to explain a failure
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
