//go:build unix

package main

import (
	"fmt"

	"github.com/shodo-dev/shodo/internal/benchcmd/paired"
)

// Budgets (issue 6). They are aims recorded beside the figures, never
// asserted by tests.
const (
	budgetLoadRatio    = 1.5   // load+validate over toml.Decode
	budgetAppendRatio  = 1.2   // durable append over raw write+fsync
	budgetReplayRatio  = 2.0   // verify+decode+fold over json.Unmarshal
	budgetLinear       = 1.5   // largest over smallest time per event, 10,000 events up
	budgetViewGrowth   = 1.5   // View() at 100,000 events over View() at 100
	budgetViewNs       = 5e6   // View() in ns
	budgetIncidentRSS  = 150e6 // bytes for a 100,000-event incident
	budgetFirstFrameNs = 100e6 // start to first frame in ns
	budgetArchiveNs    = 100e6 // home first frame and shodo list at 10,000 incidents, in ns
	budgetArchiveFlat  = 1.5   // time per incident at 10,000 over that at 100 (issue 11: flat)
	budgetFanoutP99Ns  = 50e6  // a command on every screen at 50 sessions, p99, in ns (issue 15)
	budgetFanoutFlat   = 1.5   // CPU per screen updated at 50 sessions over that at 10 (issue 15: flat)
)

// fanoutSessions are the session counts of BenchmarkFanout (serve); they
// must match the benchmark's own.
func fanoutSessions() []int { return []int{2, 10, 50} }

// archiveSizes are the archive sizes of the listing benchmarks; they must
// match BenchmarkList, BenchmarkHomeArchive and BenchmarkListCommand.
func archiveSizes() []int { return []int{100, 1_000, 10_000} }

// runbookNodes, journalRecords, replayEvents and viewEvents are the input
// sizes of the curves; they must match the benchmarks' own.
func runbookNodes() []int   { return []int{10, 100, 1000, 5000} }
func journalRecords() []int { return []int{1_000, 10_000, 100_000} }
func replayEvents() []int   { return []int{1_000, 10_000, 100_000, 1_000_000} }
func viewEvents() []int     { return []int{100, 10_000, 100_000} }
func validateSizes() []int  { return []int{1, 10, 100, 500} }

// buildSections turns the measurements into the table's rows.
func buildSections(rs results, pf procFigures, quick bool) []section {
	return []section{
		runbookSection(rs, pf),
		journalSection(rs),
		replaySection(rs, pf, quick),
		screenSection(rs, pf),
		drillSection(rs, pf),
		archiveSection(rs),
		serveSection(rs),
	}
}

// serveSection is issue 15's budget: a command reaches every screen
// connected to the incident, over SSH, within 50 ms (p99) at 50 sessions,
// paired with the same command on a local single-user screen; the cost
// per session stays flat, in CPU and in memory.
func serveSection(rs results) section {
	s := section{Title: "shodo serve (issue 15: a command until every connected screen has drawn it)"}
	name := func(n int) string { return fmt.Sprintf("BenchmarkFanout/sessions=%d", n) }
	msNs := func(n int, unit string) (float64, bool) {
		v, ok := rs.get(name(n), unit)
		return v * 1e6, ok
	}
	for _, n := range fanoutSessions() {
		median, ok := msNs(n, "median-ms/screen")
		if !ok {
			continue
		}
		p99, _ := msNs(n, "p99-ms/screen")
		localMedian, _ := msNs(n, "local-median-ms")
		localP99, _ := msNs(n, "local-p99-ms")
		cpu, _ := msNs(n, "cpu-ms/screen")
		heap, _ := rs.get(name(n), "heap-KiB/session")
		r := row{
			Figure:    "command → every screen drawn (SSH, 100×30; CPU per screen updated)",
			Input:     fmt.Sprintf("%d sessions", n),
			Result:    fmt.Sprintf("median %s, p99 %s; CPU %s", dur(median), dur(p99), dur(cpu)),
			Reference: fmt.Sprintf("local screen: median %s, p99 %s", dur(localMedian), dur(localP99)),
			Memory:    "heap " + bytesIEC(heap*1024) + "/session",
		}
		if localP99 > 0 {
			r.Ratio = ratio(p99 / localP99)
		}
		if n == 50 {
			r.Budget = verdict("p99 < 50 ms", p99 < budgetFanoutP99Ns, true)
		}
		s.Rows = append(s.Rows, r)
	}
	first, okFirst := msNs(10, "cpu-ms/screen")
	last, okLast := msNs(50, "cpu-ms/screen")
	if okFirst && okLast && first > 0 {
		s.Rows = append(s.Rows, row{Figure: "flat: CPU per screen updated at 50 sessions over that at 10", Input: "10 to 50 sessions",
			Result: fmt.Sprintf("%s then %s per screen", dur(first), dur(last)), Ratio: ratio(last / first),
			Budget: verdict(fmt.Sprintf("≤ %.1f×", budgetFanoutFlat), last/first <= budgetFanoutFlat, true)})
	}
	return s
}

func runbookSection(rs results, pf procFigures) section {
	s := section{Title: "Runbooks"}
	for _, n := range runbookNodes() {
		p := fmt.Sprintf("BenchmarkLoad/nodes=%d/paired", n)
		load := fmt.Sprintf("BenchmarkLoad/nodes=%d/load", n)
		m, ok := rs.get(p, paired.MeasuredUnit)
		if !ok {
			continue
		}
		ref, _ := rs.get(p, paired.ReferenceUnit)
		r, _ := rs.get(p, paired.RatioUnit)
		mbs, _ := rs.get(load, "MB/s")
		ns, _ := rs.get(load, "ns/op")
		s.Rows = append(s.Rows, row{
			Figure:    "load + validate (paired)",
			Input:     fmt.Sprintf("%s nodes, %s", count(n), bytesIEC(mbs*1e6*ns/1e9)),
			Result:    dur(m),
			Reference: "toml.Decode " + dur(ref),
			Ratio:     ratio(r),
			Alloc:     alloc(rs, load),
			Budget:    verdict(fmt.Sprintf("≤ %.1f×", budgetLoadRatio), r <= budgetLoadRatio, true),
		})
	}
	if ns, ok := rs.get("BenchmarkGuardDeepNesting", "ns/op"); ok {
		s.Rows = append(s.Rows, row{Figure: "reject 10,000-deep nesting (guard)", Input: "40 KB", Result: dur(ns), Alloc: alloc(rs, "BenchmarkGuardDeepNesting")})
	}
	if f, ok := pf["version"]; ok {
		s.Rows = append(s.Rows, row{Figure: "process start: `shodo --version`", Input: "–", Result: dur(float64(f.Wall)), Memory: "peak RSS " + bytesIEC(float64(f.MaxRSS))})
	}
	for _, n := range validateSizes() {
		f, ok := pf[fmt.Sprintf("validate/%d", n)]
		if !ok {
			continue
		}
		s.Rows = append(s.Rows, row{
			Figure: "`shodo validate DIR` (process)",
			Input:  fmt.Sprintf("%s %s × %d nodes", count(n), plural(n, "file", "files"), validateNodes),
			Result: fmt.Sprintf("%s (%s/file)", dur(float64(f.Wall)), dur(float64(f.Wall)/float64(n))),
			Memory: "peak RSS " + bytesIEC(float64(f.MaxRSS)),
		})
	}
	return s
}

func journalSection(rs results) section {
	s := section{Title: "Journal"}
	if m, ok := rs.get("BenchmarkAppendPaired", paired.MeasuredUnit); ok {
		ref, _ := rs.get("BenchmarkAppendPaired", paired.ReferenceUnit)
		r, _ := rs.get("BenchmarkAppendPaired", paired.RatioUnit)
		s.Rows = append(s.Rows, row{
			Figure:    "durable append, one event (paired)",
			Input:     "~300 B",
			Result:    dur(m),
			Reference: "write+fsync " + dur(ref),
			Ratio:     ratio(r),
			Alloc:     alloc(rs, "BenchmarkAppendDurable"),
			Budget:    verdict(fmt.Sprintf("≤ %.1f×", budgetAppendRatio), r <= budgetAppendRatio, true),
		})
	}
	for _, n := range journalRecords() {
		name := fmt.Sprintf("BenchmarkOpenVerify/records=%d", n)
		refName := fmt.Sprintf("BenchmarkRawJSONLines/records=%d", n)
		ns, ok := rs.get(name, "ns/op")
		if !ok {
			continue
		}
		refNs, _ := rs.get(refName, "ns/op")
		per, _ := rs.get(name, "ns/record")
		s.Rows = append(s.Rows, row{
			Figure:    "journal open + verify (lock, chain, seq, JSON)",
			Input:     count(n) + " records",
			Result:    fmt.Sprintf("%s (%s/record)", dur(ns), dur(per)),
			Reference: "json.Unmarshal " + dur(refNs),
			Ratio:     ratio(ns / refNs),
			Alloc:     alloc(rs, name),
		})
	}
	return s
}

func replaySection(rs results, pf procFigures, quick bool) section {
	s := section{Title: "Replay and export (verify + decode + fold)"}
	// Linearity is judged on the paired ratios: the reference is a plain
	// loop over the lines, linear by construction, so a ratio that does not
	// grow from 10,000 to 1,000,000 events means replay is linear too (it
	// may shrink: the fixed cost of rebuilding the runbook weighs most on
	// the smallest incident). The time per event alone would also move
	// with whatever else the machine was doing at each size.
	var perEvent, ratios []float64
	largest := 0
	for _, n := range replayEvents() {
		base := fmt.Sprintf("BenchmarkReplay/events=%d", n)
		m, ok := rs.get(base+"/paired", paired.MeasuredUnit)
		if !ok {
			if n == 1_000_000 && quick {
				s.Rows = append(s.Rows, row{Figure: "replay (paired)", Input: "1,000,000 events", Result: "skipped (-quick)"})
			}
			continue
		}
		ref, _ := rs.get(base+"/paired", paired.ReferenceUnit)
		r, _ := rs.get(base+"/paired", paired.RatioUnit)
		live, _ := rs.get(base+"/verify+fold", "live-MB")
		per := m / float64(n)
		if n >= 10_000 {
			perEvent = append(perEvent, per)
			ratios = append(ratios, r)
			largest = n
		}
		budget := fmt.Sprintf("≤ %.0f×", budgetReplayRatio)
		if n == 1_000 {
			budget = "(fixed cost: rebuilding the runbook)"
		} else {
			budget = verdict(budget, r <= budgetReplayRatio, true)
		}
		s.Rows = append(s.Rows, row{
			Figure:    "replay: `export.Read` (paired)",
			Input:     count(n) + " events",
			Result:    fmt.Sprintf("%s (%s/event)", dur(m), dur(per)),
			Reference: "json.Unmarshal " + dur(ref),
			Ratio:     ratio(r),
			Alloc:     alloc(rs, base+"/verify+fold"),
			Memory:    fmt.Sprintf("heap held %.0f MB", live),
			Budget:    budget,
		})
	}
	if len(ratios) > 1 {
		first, last := ratios[0], ratios[len(ratios)-1]
		growth := last / first
		s.Rows = append(s.Rows, row{
			Figure:    "replay linear in events: paired ratio at the largest size over that at 10,000",
			Input:     fmt.Sprintf("%s to %s events", count(10_000), count(largest)),
			Result:    fmt.Sprintf("%s then %s per event", dur(perEvent[0]), dur(perEvent[len(perEvent)-1])),
			Reference: fmt.Sprintf("ratios %.2f× then %.2f×", first, last),
			Ratio:     ratio(growth),
			Budget:    verdict(fmt.Sprintf("≤ %.1f×", budgetLinear), growth <= budgetLinear, true),
		})
	}
	if ns, ok := rs.get("BenchmarkFold", "ns/op"); ok {
		per, _ := rs.get("BenchmarkFold", "ns/event")
		s.Rows = append(s.Rows, row{Figure: "fold alone", Input: "100,000 events", Result: fmt.Sprintf("%s (%s/event)", dur(ns), dur(per)), Alloc: alloc(rs, "BenchmarkFold")})
	}
	for _, format := range []string{"md", "json", "csv", "timesketch"} {
		name := "BenchmarkExport/events=100000/" + format
		ns, ok := rs.get(name, "ns/op")
		if !ok {
			continue
		}
		live, _ := rs.get(name, "live-MB")
		s.Rows = append(s.Rows, row{Figure: "export to io.Discard: " + format, Input: "100,000 events", Result: dur(ns), Alloc: alloc(rs, name), Memory: fmt.Sprintf("heap held %.0f MB", live)})
	}
	for _, p := range []struct{ key, figure string }{
		{"export/json", "`shodo export --format json > /dev/null` (process)"},
		{"export/md", "`shodo export --format md > /dev/null` (process)"},
		{"verify", "`shodo verify` (process)"},
	} {
		f, ok := pf[p.key]
		if !ok {
			continue
		}
		r := row{Figure: p.figure, Input: "100,000 events", Result: dur(float64(f.Wall)), Memory: "peak RSS " + bytesIEC(float64(f.MaxRSS))}
		if p.key == "export/json" {
			r.Budget = verdict("memory < 150 MB", float64(f.MaxRSS) < budgetIncidentRSS, true)
		}
		s.Rows = append(s.Rows, r)
	}
	return s
}

func screenSection(rs results, pf procFigures) section {
	s := section{Title: "Screen"}
	base, baseOK := rs.get("BenchmarkView/events=100", "ns/op")
	for _, n := range viewEvents() {
		name := fmt.Sprintf("BenchmarkView/events=%d", n)
		ns, ok := rs.get(name, "ns/op")
		if !ok {
			continue
		}
		r := row{Figure: "`View()` of the incident screen, 120×40", Input: count(n) + " events", Result: dur(ns), Alloc: alloc(rs, name)}
		switch {
		case n == 100:
			r.Budget = verdict("< 5 ms", ns < budgetViewNs, true)
		case baseOK:
			r.Reference = "100 events " + dur(base)
			r.Ratio = ratio(ns / base)
			r.Budget = verdict("≤ 1.5× and < 5 ms", ns/base <= budgetViewGrowth && ns < budgetViewNs, true)
		}
		s.Rows = append(s.Rows, r)
	}
	for _, pane := range []string{"timeline", "duties", "triage"} {
		name := "BenchmarkKeyToFrame/" + pane
		if ns, ok := rs.get(name, "ns/op"); ok {
			s.Rows = append(s.Rows, row{Figure: "key → frame (Update + View), " + pane + " pane", Input: "100,000 events", Result: dur(ns), Alloc: alloc(rs, name)})
		}
	}
	for _, p := range []struct{ key, figure string }{
		{"frame/home", "start to first frame: `shodo` (home), pty 100×30"},
		{"frame/run", "start to first frame: `shodo run service-failure`"},
	} {
		if f, ok := pf[p.key]; ok {
			s.Rows = append(s.Rows, row{
				Figure: p.figure, Input: fmt.Sprintf("median of %d", f.Runs), Result: dur(float64(f.Wall)),
				Memory: "peak RSS " + bytesIEC(float64(f.MaxRSS)),
				Budget: verdict("< 100 ms", float64(f.Wall) < budgetFirstFrameNs, true),
			})
		}
	}
	return s
}

func drillSection(rs results, pf procFigures) section {
	s := section{Title: "Drills"}
	if f, ok := pf["test"]; ok {
		s.Rows = append(s.Rows, row{Figure: "`shodo test` (process)", Input: "all shipped scenarios", Result: dur(float64(f.Wall)), Memory: "peak RSS " + bytesIEC(float64(f.MaxRSS))})
	}
	if ns, ok := rs.get("BenchmarkTestShipped", "ns/op"); ok {
		s.Rows = append(s.Rows, row{Figure: "`shodo test` in process", Input: "all shipped scenarios", Result: dur(ns), Alloc: alloc(rs, "BenchmarkTestShipped")})
	}
	return s
}

// archiveSection is issue 11's budget: listing an archive of incidents
// (each with its summary file) stays fast and flat as it grows. The home
// screen and `shodo list` include a fixed cost, walking the runbook
// library, that BenchmarkHomeFirstFrame/shipped and the 100-incident row
// show; flatness is judged on List alone, per incident.
func archiveSection(rs results) section {
	s := section{Title: "Archive (issue 11: listing incidents from the home's index)"}
	perIncident := map[int]float64{}
	for _, n := range archiveSizes() {
		name := fmt.Sprintf("BenchmarkList/incidents=%d", n)
		ns, ok := rs.get(name, "ns/op")
		if !ok {
			continue
		}
		perIncident[n] = ns / float64(n)
		cpu, _ := rs.get(name, "cpu-ns/op")
		s.Rows = append(s.Rows, row{Figure: "`incident.List` (the home's index, one stat per journal)", Input: count(n) + " incidents",
			Result: fmt.Sprintf("%s (%s/incident)", dur(ns), dur(ns/float64(n))), Reference: "CPU " + dur(cpu), Alloc: alloc(rs, name)})
	}
	if first, ok := perIncident[100]; ok {
		if last, ok := perIncident[10_000]; ok {
			s.Rows = append(s.Rows, row{Figure: "flat: time per incident at 10,000 over that at 100", Input: "100 to 10,000 incidents",
				Result: fmt.Sprintf("%s then %s per incident", dur(first), dur(last)), Ratio: ratio(last / first),
				Budget: verdict(fmt.Sprintf("≤ %.1f×", budgetArchiveFlat), last/first <= budgetArchiveFlat, true)})
		}
	}
	if ns, ok := rs.get("BenchmarkListNoIndex", "ns/op"); ok {
		per, _ := rs.get("BenchmarkListNoIndex", "ns/incident")
		cpu, _ := rs.get("BenchmarkListNoIndex", "cpu-ns/op")
		s.Rows = append(s.Rows, row{Figure: "`incident.List` without the index (summaries checked against each journal's tail; the index written)", Input: "10,000 incidents",
			Result: fmt.Sprintf("%s (%s/incident)", dur(ns), dur(per)), Reference: "CPU " + dur(cpu), Alloc: alloc(rs, "BenchmarkListNoIndex")})
	}
	if ns, ok := rs.get("BenchmarkListChanged", "ns/op"); ok {
		w, _ := rs.get("BenchmarkIndexWrite", "ns/op")
		s.Rows = append(s.Rows, row{Figure: "`incident.List`, one journal appended to since the index was written", Input: "10,000 incidents",
			Result: dur(ns), Reference: "index rewritten in full " + dur(w), Alloc: alloc(rs, "BenchmarkListChanged")})
	}
	if ns, ok := rs.get("BenchmarkListRebuild", "ns/op"); ok {
		per, _ := rs.get("BenchmarkListRebuild", "ns/incident")
		s.Rows = append(s.Rows, row{Figure: "`incident.List`, every summary missing (first listing after an upgrade)", Input: "1,000 incidents",
			Result: fmt.Sprintf("%s (%s/incident)", dur(ns), dur(per)), Alloc: alloc(rs, "BenchmarkListRebuild")})
	}
	for _, b := range []struct{ name, figure string }{
		{"BenchmarkHomeArchive", "home screen: nothing to first frame, 100×30 (in process)"},
		{"BenchmarkListCommand", "`shodo list` in process, output discarded"},
	} {
		for _, n := range archiveSizes() {
			name := fmt.Sprintf("%s/incidents=%d", b.name, n)
			ns, ok := rs.get(name, "ns/op")
			if !ok {
				continue
			}
			r := row{Figure: b.figure, Input: count(n) + " incidents", Result: dur(ns), Alloc: alloc(rs, name)}
			if cpu, ok := rs.get(name, "cpu-ns/op"); ok {
				r.Reference = "CPU " + dur(cpu)
			}
			if n == 10_000 {
				r.Budget = verdict("< 100 ms", ns < budgetArchiveNs, true)
			}
			s.Rows = append(s.Rows, r)
		}
	}
	if ns, ok := rs.get("BenchmarkAppendSummary/append", "ns/op"); ok {
		w, _ := rs.get("BenchmarkAppendSummary/summary-write", "ns/op")
		s.Rows = append(s.Rows, row{Figure: "durable append through a session, on disk (summary handed to its writer)", Input: "one note",
			Result: dur(ns), Reference: "summary file written in full " + dur(w) + " (off the append path)"})
	}
	return s
}
