// Guardload is the load test of `pthv serve`: it makes a synthetic
// district of 50,000 students, starts the real pthv binary serving it
// from SQLite on a loopback port, and drives POST /v1/guard from
// concurrent clients for a bounded time, then reports throughput and
// latency (median, 99th percentile) of the whole process. It sends
// traffic to 127.0.0.1 only and stops by itself.
//
//	go build -o pthv ./cmd/pthv
//	go run ./internal/cmd/guardload -bin ./pthv -clients 8 -duration 20s
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/homevisits/pthv/model"
)

func main() {
	bin := flag.String("bin", "./pthv", "the pthv binary to serve with")
	clients := flag.Int("clients", 8, "concurrent clients")
	duration := flag.Duration("duration", 20*time.Second, "how long to drive the service (at most 5m)")
	schools := flag.Int("schools", 125, "schools of 400 students in the district")
	flag.Parse()
	if *duration > 5*time.Minute || *duration <= 0 || *clients < 1 || *clients > 256 {
		log.Fatal("guardload: want 0 < -duration <= 5m and 1 <= -clients <= 256")
	}
	if err := run(*bin, *clients, *duration, *schools, os.Stdout); err != nil {
		log.Fatal("guardload: ", err)
	}
}

func run(bin string, clients int, duration time.Duration, schools int, w io.Writer) error {
	dir, err := os.MkdirTemp("", "guardload")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	district := filepath.Join(dir, "district.json")
	if out, err := exec.Command(bin, "synth", "--schools", fmt.Sprint(schools), "-o", district).CombinedOutput(); err != nil {
		return fmt.Errorf("pthv synth: %v: %s", err, out)
	}
	data, err := os.ReadFile(district)
	if err != nil {
		return err
	}
	ds, err := model.DecodeDatasetBytes(district, data)
	if err != nil {
		return err
	}
	bodies := proposals(ds)

	const token = "guardload-token"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := exec.CommandContext(ctx, bin, "serve", "--db", filepath.Join(dir, "district.db"), "--load", district, "--addr", "127.0.0.1:0")
	srv.Env = append(os.Environ(), "PTHV_TOKEN="+token)
	srv.Cancel = func() error { return srv.Process.Signal(os.Interrupt) }
	stderr, err := srv.StderrPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Wait()
	addr, err := listenAddress(stderr)
	if err != nil {
		return err
	}
	go io.Copy(io.Discard, stderr)
	fmt.Fprintf(w, "district: %d students, %d families; serving on %s; %d clients for %v\n",
		len(ds.Students), len(ds.Families), addr, clients, duration)

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	url := "http://" + addr + "/v1/guard"
	deadline := time.Now().Add(duration)
	lat := make([][]time.Duration, clients)
	fails := make([]int, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Go(func() {
			for i := c; time.Now().Before(deadline); i += clients {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(bodies[i%len(bodies)]))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				lat[c] = append(lat[c], time.Since(t0))
				if err != nil || resp.StatusCode != http.StatusOK {
					fails[c]++
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	failed := 0
	for _, f := range fails {
		failed += f
	}
	if len(all) == 0 {
		return errors.New("no request was made")
	}
	fmt.Fprintf(w, "requests: %d in %.1fs = %.0f/s; failed %d; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		len(all), elapsed.Seconds(), float64(len(all))/elapsed.Seconds(), failed,
		ms(all[len(all)/2]), ms(all[len(all)*99/100]), ms(all[len(all)-1]))
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

var listening = regexp.MustCompile(`on http://(\S+) `)

// listenAddress reads the server's standard error up to the line that
// says where it listens.
func listenAddress(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := listening.FindStringSubmatch(sc.Text()); m != nil {
			return m[1], nil
		}
	}
	return "", errors.New("pthv serve stopped before listening")
}

// proposals are guard requests over the district's families, each with
// two educators of the family's school, a week before the year ends.
func proposals(ds *model.Dataset) [][]byte {
	bySchool := map[model.SchoolID][]model.EducatorID{}
	for _, e := range ds.Educators {
		bySchool[e.School] = append(bySchool[e.School], e.ID)
	}
	school := map[model.FamilyID]model.SchoolID{}
	for _, s := range ds.Students {
		school[s.Family] = s.School
	}
	loc := ds.Calendar.Location()
	start := ds.Year.LastDay.AddDays(-7).In(loc, 16*60)
	asOf := start.Add(-72 * time.Hour)
	var out [][]byte
	for i, f := range ds.Families {
		eds := bySchool[school[f.ID]]
		if len(eds) < 2 {
			continue
		}
		body, _ := json.Marshal(map[string]any{
			"visit": map[string]any{"family": f.ID, "visitors": []model.EducatorID{eds[i%len(eds)], eds[(i+1)%len(eds)]},
				"start": start.Add(time.Duration(i%8) * 30 * time.Minute)},
			"as_of": asOf,
		})
		out = append(out, body)
	}
	return out
}
