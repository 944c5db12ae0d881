package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// The evidence register in the exports: the custody manifest (`shodo export
// --format custody`), a Markdown document to print, sign and hand over
// with the artefacts, and the postmortem's section on evidence and
// custody. Both list each artefact with its hash and every hand-over, copy
// and re-check, and name the journal head they were made from, so that a
// reader can check them against the journal (shodo verify). An incident
// with no evidence and no evidence list adds nothing to the postmortem.

// Custody writes the custody manifest of an incident in Markdown.
func Custody(out io.Writer, in Input, opt Options) error {
	bw := bufio.NewWriter(out)
	c := opt.catalogue()
	st := in.State
	rb := st.Runbook
	local := localTime(opt.loc())

	fmt.Fprintf(bw, "# %s — %s\n\n", c.T("export.label", "Label", c.T("export.custody.title"), "Text", md(Named(c, st.Name, rb.Title, st.Drill != nil))), md(st.ID))
	fmt.Fprintf(bw, "%s\n\n", c.T("export.custody.intro"))
	fmt.Fprintf(bw, "| | |\n|---|---|\n")
	row := func(k, v string) { fmt.Fprintf(bw, "| %s | %s |\n", k, v) }
	row(c.T("export.postmortem.f-incident"), fmt.Sprintf("%s (%s)", st.ID, st.UUID))
	row(c.T("export.postmortem.f-runbook"), fmt.Sprintf("%s — %s", md(rb.ID), md(rb.Title)))
	row(c.T("export.custody.f-made-from"), c.T("export.custody.head", "Seq", st.LastSeq, "Hash", in.Head))
	bw.WriteString("\n")

	writeEvidence(bw, c, st, local, "##")

	fmt.Fprintf(bw, "## %s\n\n| | |\n|---|---|\n", c.T("export.postmortem.h-integrity"))
	writeIntegrity(bw, c, in)
	fmt.Fprintf(bw, "\n%s\n", integrityHelp(c, st.ID))
	return bw.Flush()
}

func localTime(loc *time.Location) func(time.Time) string {
	return func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }
}

// hasEvidence reports whether an incident has anything for an evidence
// section: an artefact, or an evidence list of its runbook that applies.
func hasEvidence(st *incident.State) bool {
	return len(st.Evidence) > 0 || len(st.ExpectedEvidence()) > 0
}

// writeEvidence writes the register, the custody chain of each artefact
// and the runbook's evidence list with what answers each entry; level is
// the Markdown heading of its parts ("##" in the manifest, "###" in the
// postmortem).
func writeEvidence(bw *bufio.Writer, c *i18n.Catalog, st *incident.State, local func(time.Time) string, level string) {
	fmt.Fprintf(bw, "%s %s\n\n", level, c.T("export.custody.h-register"))
	if len(st.Evidence) == 0 {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.custody.none"))
	} else {
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n",
			c.T("export.custody.c-id"), c.T("export.custody.c-what"), c.T("export.custody.c-sha256"), c.T("export.custody.c-size"),
			c.T("export.custody.c-collected"), c.T("export.custody.c-kept"), c.T("export.custody.c-held"))
		for i := range st.Evidence {
			a := &st.Evidence[i]
			hash := c.T("export.custody.no-hash")
			if a.SHA256 != "" {
				hash = "`" + a.SHA256 + "`"
			}
			size := ""
			if a.Size > 0 {
				size = strconv.FormatInt(a.Size, 10)
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s | %s | %s |\n", md(a.ID), md(oneLine(a.What)), hash, size,
				md(collected(c, a, local)), md(oneLine(a.Kept)), md(strings.Join(a.Holders, ", ")))
		}
		bw.WriteString("\n")
		fmt.Fprintf(bw, "%s %s\n\n", level, c.T("export.custody.h-chain"))
		for i := range st.Evidence {
			writeChain(bw, c, &st.Evidence[i], local)
		}
	}
	if expected := st.ExpectedEvidence(); len(expected) > 0 {
		fmt.Fprintf(bw, "%s %s\n\n", level, c.T("export.custody.h-expected"))
		for _, x := range expected {
			what := oneLine(x.What)
			if x.Required {
				what = c.T("export.postmortem.item-required", "Text", what)
			}
			if x.Missing() {
				fmt.Fprintf(bw, "- [ ] %s\n", md(c.T("export.custody.missing", "What", what)))
			} else {
				fmt.Fprintf(bw, "- [x] %s\n", md(c.T("export.custody.answered", "What", what, "IDs", strings.Join(x.Artefacts, ", "))))
			}
		}
		bw.WriteString("\n")
	}
}

// collected says who collected an artefact and when, marking a claimed
// time as one.
func collected(c *i18n.Catalog, a *incident.Artefact, local func(time.Time) string) string {
	when := local(a.CollectedAt())
	if !a.Collected.IsZero() {
		when = c.T("export.postmortem.claimed", "When", when, "Recorded", local(a.Time))
	}
	return c.T("export.custody.collected", "When", when, "By", a.Collector)
}

// writeChain writes one artefact's chain of custody, each link with the
// journal seq that records it.
func writeChain(bw *bufio.Writer, c *i18n.Catalog, a *incident.Artefact, local func(time.Time) string) {
	fmt.Fprintf(bw, "**%s — %s**\n\n", md(a.ID), md(oneLine(a.What)))
	n := 1
	link := func(at time.Time, seq uint64, text string) {
		fmt.Fprintf(bw, "%d. %s · %s\n", n, local(at), md(c.T("export.custody.link", "Text", text, "Seq", seq)))
		n++
	}
	link(a.CollectedAt(), a.Seq, c.T("export.custody.link-registered", "Collector", a.Collector, "Actor", a.Actor, "Where", oneLine(a.Where)))
	// Custody and checks interleave in journal order.
	ci, ki := 0, 0
	for ci < len(a.Custody) || ki < len(a.Checks) {
		if ki >= len(a.Checks) || (ci < len(a.Custody) && a.Custody[ci].Seq < a.Checks[ki].Seq) {
			t := a.Custody[ci]
			id := "export.custody.link-transferred"
			if t.Copy {
				id = "export.custody.link-copied"
			}
			text := c.T(id, "From", t.From, "To", t.To, "How", oneLine(t.How), "Why", oneLine(t.Why), "Actor", t.Actor)
			if t.Where != "" {
				text += c.T("export.custody.link-where", "Where", oneLine(t.Where))
			}
			link(t.Time, t.Seq, text)
			ci++
			continue
		}
		k := a.Checks[ki]
		id := "export.custody.link-match"
		switch {
		case k.Missing:
			id = "export.custody.link-missing"
		case !k.Match:
			id = "export.custody.link-mismatch"
		}
		text := c.T(id, "Actor", k.Actor, "Hash", k.SHA256)
		if k.Where != "" {
			text += c.T("export.custody.link-at", "Where", oneLine(k.Where))
		}
		link(k.Time, k.Seq, text)
		ki++
	}
	bw.WriteString("\n")
}

// jsonArtefact is a registered artefact in the JSON export, with its
// custody.
type jsonArtefact struct {
	ID         string        `json:"id"`
	Expected   string        `json:"expected,omitempty"`
	What       string        `json:"what"`
	Where      string        `json:"where"` // as registered
	Kept       string        `json:"kept"`  // where it is kept now
	SHA256     string        `json:"sha256,omitempty"`
	Size       int64         `json:"size,omitempty"`
	Collector  string        `json:"collector"`
	Collected  time.Time     `json:"collected"`
	Claimed    bool          `json:"claimed,omitempty"` // Collected is a claimed time
	Seq        uint64        `json:"seq"`
	RecordedAt time.Time     `json:"recorded_at"`
	RecordedBy string        `json:"recorded_by"`
	Holders    []string      `json:"holders"`
	Custody    []jsonCustody `json:"custody,omitempty"`
	Checks     []jsonCheck   `json:"checks,omitempty"`
}

type jsonCustody struct {
	Seq   uint64    `json:"seq"`
	At    time.Time `json:"at"`
	By    string    `json:"by"` // who recorded it
	From  string    `json:"from"`
	To    string    `json:"to"`
	How   string    `json:"how"`
	Why   string    `json:"why"`
	Where string    `json:"where,omitempty"`
	Copy  bool      `json:"copy,omitempty"`
}

type jsonCheck struct {
	Seq    uint64    `json:"seq"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	SHA256 string    `json:"sha256,omitempty"` // none when missing
	Match  bool      `json:"match"`
	// Missing: nothing was found where it was looked for.
	Missing bool   `json:"missing,omitempty"`
	Where   string `json:"where,omitempty"`
}

// jsonExpected is an entry of the runbook's evidence list that applies.
type jsonExpected struct {
	ID        string   `json:"id"`
	What      string   `json:"what"`
	Required  bool     `json:"required,omitempty"`
	Duty      string   `json:"duty,omitempty"`
	Artefacts []string `json:"artefacts"`
}

// evidenceJSON returns the register and the evidence list for the JSON
// export; both nil (and left out) when the incident has neither.
func evidenceJSON(st *incident.State) ([]jsonArtefact, []jsonExpected) {
	var reg []jsonArtefact
	for _, a := range st.Evidence {
		ja := jsonArtefact{ID: a.ID, Expected: a.Expected, What: a.What, Where: a.Where, Kept: a.Kept, SHA256: a.SHA256, Size: a.Size, Collector: a.Collector,
			Collected: a.CollectedAt(), Claimed: !a.Collected.IsZero(), Seq: a.Seq, RecordedAt: a.Time, RecordedBy: a.Actor, Holders: a.Holders}
		for _, t := range a.Custody {
			ja.Custody = append(ja.Custody, jsonCustody{t.Seq, t.Time, t.Actor, t.From, t.To, t.How, t.Why, t.Where, t.Copy})
		}
		for _, k := range a.Checks {
			ja.Checks = append(ja.Checks, jsonCheck{k.Seq, k.Time, k.Actor, k.SHA256, k.Match, k.Missing, k.Where})
		}
		reg = append(reg, ja)
	}
	var expected []jsonExpected
	for _, x := range st.ExpectedEvidence() {
		ids := x.Artefacts
		if ids == nil {
			ids = []string{}
		}
		expected = append(expected, jsonExpected{x.ID, x.What, x.Required, x.Duty, ids})
	}
	return reg, expected
}
