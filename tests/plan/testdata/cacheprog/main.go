// Command cacheprog is a GOCACHEPROG program for tests/plan/cacheprog.sh: a
// build cache shared by several "machines" through one directory (-store),
// each machine handing the go command its objects from a local directory
// (-local) as a remote cache client would. It speaks the protocol of
// cmd/go/internal/cacheprog (Go 1.24+): one JSON object per line each way,
// the first response announcing the known commands, a put's body following
// its request as a base64 JSON string. Every get and put is logged (-log) as
// "get hit|miss <action id>" or "put <action id> <output id>", so the test
// can count what the second machine took from the shared store. With -seed,
// a miss in the store is looked up in an ordinary GOCACHE directory and,
// when found there, copied into the store first ("get seed <action id>"): a
// store other builds filled before, as a CI fleet's remote cache is.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// entry is what the store keeps under an action id.
type entry struct {
	OutputID string
	Size     int64
	Time     time.Time
}

type cache struct {
	store, local, seed string
	mu                 sync.Mutex
	logf               *os.File
}

func main() {
	store := flag.String("store", "", "shared directory (the remote cache)")
	local := flag.String("local", "", "this machine's directory for the objects it hands out")
	logPath := flag.String("log", "", "file to append get/put lines to")
	seed := flag.String("seed", "", "GOCACHE directory that fills the store's misses (optional)")
	flag.Parse()
	if *store == "" || *local == "" || *logPath == "" {
		log.Fatal("cacheprog: -store, -local and -log are required")
	}
	for _, d := range []string{filepath.Join(*store, "a"), filepath.Join(*store, "o"), *local} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			log.Fatal(err)
		}
	}
	lf, err := os.OpenFile(*logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	c := &cache{store: *store, local: *local, seed: *seed, logf: lf}
	bw := bufio.NewWriter(os.Stdout)
	w := json.NewEncoder(bw)
	send := func(r *response) {
		if err := w.Encode(r); err != nil {
			log.Fatal(err)
		}
		if err := bw.Flush(); err != nil {
			log.Fatal(err)
		}
	}
	send(&response{KnownCommands: []string{"get", "put", "close"}})
	in := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var req request
		if err := in.Decode(&req); err != nil {
			if err == io.EOF {
				return
			}
			log.Fatal(err)
		}
		var body []byte
		if req.Command == "put" && req.BodySize > 0 {
			// The body: a JSON string, base64 of the bytes ([]byte decodes it).
			if err := in.Decode(&body); err != nil {
				log.Fatal(err)
			}
			if int64(len(body)) != req.BodySize {
				log.Fatalf("cacheprog: put body of %d bytes, announced %d", len(body), req.BodySize)
			}
		}
		res := &response{ID: req.ID}
		switch req.Command {
		case "get":
			c.get(&req, res)
		case "put":
			c.put(&req, body, res)
		case "close":
			send(res)
			return
		default:
			res.Err = "unknown command " + req.Command
		}
		send(res)
	}
}

func (c *cache) logLine(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.logf, format+"\n", args...)
}

// writeFile writes data under path through a temporary file and a rename,
// so a reader never sees a partial object.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// fetch copies the object out of the shared store into this machine's
// directory, as a remote cache client downloads it.
func (c *cache) fetch(oid string) (string, error) {
	dst := filepath.Join(c.local, oid)
	if _, err := os.Stat(dst); err == nil {
		return dst, nil
	}
	data, err := os.ReadFile(filepath.Join(c.store, "o", oid))
	if err != nil {
		return "", err
	}
	return dst, writeFile(dst, data)
}

// fromSeed copies the seed directory's entry for aid, and its output, into
// the store. A GOCACHE entry is the line "v1 <action id> <output id> <size>
// <time in ns>" in <aa>/<action id>-a, its output <oo>/<output id>-d.
func (c *cache) fromSeed(aid string) bool {
	if c.seed == "" {
		return false
	}
	line, err := os.ReadFile(filepath.Join(c.seed, aid[:2], aid+"-a"))
	f := strings.Fields(string(line))
	if err != nil || len(f) != 5 || f[0] != "v1" || f[1] != aid {
		return false
	}
	oid := f[2]
	if len(oid) != len(aid) {
		return false
	}
	size, err1 := strconv.ParseInt(f[3], 10, 64)
	ns, err2 := strconv.ParseInt(f[4], 10, 64)
	data, err3 := os.ReadFile(filepath.Join(c.seed, oid[:2], oid+"-d"))
	if err1 != nil || err2 != nil || err3 != nil || int64(len(data)) != size || c.keep(aid, oid, data, time.Unix(0, ns)) != nil {
		return false
	}
	c.logLine("get seed %s", aid)
	return true
}

// keep writes an output and the entry naming it into the store.
func (c *cache) keep(aid, oid string, data []byte, t time.Time) error {
	if err := writeFile(filepath.Join(c.store, "o", oid), data); err != nil {
		return err
	}
	e, _ := json.Marshal(entry{OutputID: oid, Size: int64(len(data)), Time: t})
	return writeFile(filepath.Join(c.store, "a", aid), e)
}

func (c *cache) get(req *request, res *response) {
	aid := hex.EncodeToString(req.ActionID)
	data, err := os.ReadFile(filepath.Join(c.store, "a", aid))
	if err != nil && c.fromSeed(aid) {
		data, err = os.ReadFile(filepath.Join(c.store, "a", aid))
	}
	var e entry
	if err == nil {
		err = json.Unmarshal(data, &e)
	}
	var path string
	if err == nil {
		path, err = c.fetch(e.OutputID)
	}
	if err != nil {
		c.logLine("get miss %s", aid)
		res.Miss = true
		return
	}
	c.logLine("get hit %s", aid)
	res.OutputID, _ = hex.DecodeString(e.OutputID)
	res.Size = e.Size
	res.Time = &e.Time
	res.DiskPath = path
}

func (c *cache) put(req *request, body []byte, res *response) {
	aid, oid := hex.EncodeToString(req.ActionID), hex.EncodeToString(req.OutputID)
	if err := c.keep(aid, oid, body, time.Now()); err != nil {
		res.Err = err.Error()
		return
	}
	path, err := c.fetch(oid)
	if err != nil {
		res.Err = err.Error()
		return
	}
	c.logLine("put %s %s", aid, oid)
	res.DiskPath = path
}
