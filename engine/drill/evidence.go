package drill

import (
	"strconv"
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Steps and expectations about the evidence register (format version 2):
// a step registers an artefact (`register = "what"`) or hands one over
// (`transfer = "E1"`), and `expect.registered` lists the runbook's
// evidence entries that must have an artefact at the end.

// evidenceStepKeys are the keys of the register and transfer steps,
// besides their action's, each with the actions it goes with.
var evidenceStepKeys = map[string][]Action{
	"evidence":  {ActionRegister},
	"where":     {ActionRegister, ActionTransfer},
	"sha256":    {ActionRegister},
	"size":      {ActionRegister},
	"collector": {ActionRegister},
	"from":      {ActionTransfer},
	"to":        {ActionTransfer, ActionHandOver}, // and who is handed a role
	"how":       {ActionTransfer},
	"copy":      {ActionTransfer},
}

// registerStep reads a register step: value is what was collected.
func (p *parser) registerStep(t runbook.Table, what runbook.Msg, st *Step, value string) {
	n := incident.NewEvidence{What: value, Where: t.Line("where"), Collector: t.Line("collector")}
	if !t.Has("where") {
		t.Missing(what, "where", exWhere.With())
	}
	if t.Has("sha256") {
		raw := t.Line("sha256")
		if h, err := incident.ParseSHA256(raw); err == nil {
			n.SHA256 = h
		} else {
			t.Error("sha256", msgBadHash, runbook.Part("What", what), runbook.Quoted("Hash", raw), runbook.Number("Length", len([]rune(strings.TrimSpace(raw)))))
		}
	}
	if size, ok := t.Int("size"); ok {
		if size < 0 {
			t.Error("size", msgBadSize, runbook.Part("What", what), runbook.Plain("Size", strconv.FormatInt(size, 10)))
		}
		n.Size = size
	}
	n.Expected = t.Line("evidence")
	if n.Expected != "" && p.rb != nil && p.rb.ExpectedEvidenceByID(n.Expected) == nil {
		t.Dangling("evidence", msgUnknownEvidence, n.Expected, expectedEvidenceIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Evidence", n.Expected), runbook.Plain("Runbook", p.rb.ID))
	}
	p.happened(t, what, st)
	st.Register = n
	p.registered++
}

// transferStep reads a transfer step: value names an artefact by the id
// the engine gives it, E1 for the first registered, so it must name one
// an earlier step registered.
func (p *parser) transferStep(t runbook.Table, what runbook.Msg, st *Step, value string) {
	tr := incident.Transfer{Evidence: value, From: t.Line("from"), To: t.Line("to"), How: t.Line("how"), Why: t.Text("reason"), Where: t.Line("where")}
	tr.Copy, _ = t.Bool("copy")
	n, err := strconv.Atoi(strings.TrimPrefix(value, "E"))
	if value != "" && (!strings.HasPrefix(value, "E") || err != nil || n < 1 || n > p.registered) {
		t.Error(string(ActionTransfer), msgUnknownArtefact, runbook.Part("What", what), runbook.Quoted("Evidence", value), runbook.Number("Registered", p.registered))
	}
	for _, k := range []struct {
		key     string
		example runbook.Message
	}{{"to", exTo}, {"how", exHow}, {"reason", exWhy}} {
		if !t.Has(k.key) {
			t.Missing(what, k.key, k.example.With())
		}
	}
	st.Transfer = tr
}

// expectRegistered reads expect.registered: evidence entries of the
// runbook that must have an artefact registered against them at the end.
func (p *parser) expectRegistered(e runbook.Table, expect runbook.Msg) []string {
	ids := e.Strings("registered")
	for i, id := range ids {
		if p.rb != nil && p.rb.ExpectedEvidenceByID(id) == nil {
			e.Dangling("registered["+strconv.Itoa(i)+"]", msgUnknownEvidence, id, expectedEvidenceIDs(p.rb), runbook.Part("What", expect), runbook.Quoted("Evidence", id), runbook.Plain("Runbook", p.rb.ID))
		}
	}
	return ids
}

func expectedEvidenceIDs(rb *runbook.Runbook) []string {
	var ids []string
	for _, x := range rb.ExpectedEvidence() {
		ids = append(ids, x.ID)
	}
	return ids
}

// scoreEvidence returns the entries of expect.registered that no artefact
// answers at the end.
func scoreEvidence(sc *Scenario, st *incident.State) (notRegistered []string) {
	for _, id := range sc.Expect.Registered {
		found := false
		for _, a := range st.Evidence {
			found = found || a.Expected == id
		}
		if !found {
			notRegistered = append(notRegistered, id)
		}
	}
	return notRegistered
}

func playRegister(s *incident.Session, st Step, actor string) error {
	n := st.Register
	if st.HasHappened {
		n.Collected = s.State().Opened.Add(st.Happened)
	}
	_, err := s.RegisterEvidence(actor, n)
	return err
}

func playTransfer(s *incident.Session, st Step, actor string) error {
	return s.TransferEvidence(actor, st.Transfer)
}

var (
	msgBadHash         = msg("bad-hash", "bad-value", "What", "Hash", "Length")
	msgBadSize         = msg("bad-size", "bad-value", "What", "Size")
	msgUnknownEvidence = msg("unknown-evidence", "dangling-ref", "What", "Evidence", "Runbook", "Hint")
	msgUnknownArtefact = msg("unknown-artefact", "dangling-ref", "What", "Evidence", "Registered")
	exWhere            = msg("example-where", "")
	exTo               = msg("example-to", "")
	exHow              = msg("example-how", "")
	exWhy              = msg("example-transfer-reason", "")
)

func evidenceMessages() []runbook.Message {
	return []runbook.Message{msgBadHash, msgBadSize, msgUnknownEvidence, msgUnknownArtefact, exWhere, exTo, exHow, exWhy}
}
