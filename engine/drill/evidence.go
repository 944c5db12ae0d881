package drill

import (
	"strconv"
	"strings"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// Steps and expectations about the evidence register (format version 2):
// a step registers an artefact (`register = "what"`), hands one over
// (`transfer = "E1"`) or checks one again (`check = "E1"`, with the hash
// computed again or `missing = true`), and `expect.registered` lists the
// runbook's evidence entries that must have an artefact at the end.

// evidenceStepKeys are the keys of the register and transfer steps,
// besides their action's, each with the actions it goes with.
var evidenceStepKeys = map[string][]Action{
	"evidence":  {ActionRegister},
	"where":     {ActionRegister, ActionTransfer, ActionCheck},
	"sha256":    {ActionRegister, ActionCheck},
	"missing":   {ActionCheck},
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
	p.artefactRef(t, what, ActionTransfer, value)
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

// artefactRef checks that the value of an action key names an artefact
// an earlier step registered: the engine gives E1 to the first.
func (p *parser) artefactRef(t runbook.Table, what runbook.Msg, action Action, value string) {
	n, err := strconv.Atoi(strings.TrimPrefix(value, "E"))
	if value != "" && (!strings.HasPrefix(value, "E") || err != nil || n < 1 || n > p.registered) {
		t.Error(string(action), msgUnknownArtefact, runbook.Part("What", what), runbook.Plain("Key", string(action)), runbook.Quoted("Evidence", value), runbook.Number("Registered", p.registered))
	}
}

// checkStep reads a check step: value names the artefact, and either
// sha256 is the hash computed again (a match or a mismatch, as the engine
// finds) or missing = true says it was not found; where is optional.
func (p *parser) checkStep(t runbook.Table, what runbook.Msg, st *Step, value string) {
	p.artefactRef(t, what, ActionCheck, value)
	r := incident.Recheck{Evidence: value, Where: t.Line("where")}
	r.Missing, _ = t.Bool("missing")
	switch {
	case r.Missing && t.Has("sha256"):
		t.Error("sha256", msgCheckHashAndMissing, runbook.Part("What", what))
	case !r.Missing && !t.Has("sha256"):
		t.Missing(what, "sha256", exCheckHash.With())
	case t.Has("sha256"):
		raw := t.Line("sha256")
		if h, err := incident.ParseSHA256(raw); err == nil {
			r.SHA256 = h
		} else {
			t.Error("sha256", msgBadHash, runbook.Part("What", what), runbook.Quoted("Hash", raw), runbook.Number("Length", len([]rune(strings.TrimSpace(raw)))))
		}
	}
	st.Check = r
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

func playCheck(s *incident.Session, st Step, actor string) error {
	return s.RecheckEvidence(actor, st.Check)
}

var (
	msgBadHash             = msg("bad-hash", "bad-value", "What", "Hash", "Length")
	msgBadSize             = msg("bad-size", "bad-value", "What", "Size")
	msgUnknownEvidence     = msg("unknown-evidence", "dangling-ref", "What", "Evidence", "Runbook", "Hint")
	msgUnknownArtefact     = msg("unknown-artefact", "dangling-ref", "What", "Key", "Evidence", "Registered")
	msgCheckHashAndMissing = msg("check-hash-and-missing", "bad-value", "What")
	exCheckHash            = msg("example-check-hash", "")
	exWhere                = msg("example-where", "")
	exTo                   = msg("example-to", "")
	exHow                  = msg("example-how", "")
	exWhy                  = msg("example-transfer-reason", "")
)

func evidenceMessages() []runbook.Message {
	return []runbook.Message{msgBadHash, msgBadSize, msgUnknownEvidence, msgUnknownArtefact, exWhere, exTo, exHow, exWhy, msgCheckHashAndMissing, exCheckHash, msgEvidenceUnpractised, msgDutyEvidenceUnpractised}
}

// UnpractisedEvidence warns about each required evidence entry of rb
// (the runbook's own or a duty's) that no step of any scenario played on
// rb registers: the team never practises collecting it, and learns where
// the memory image goes and who hashes it at 3 a.m. Scenarios on other
// runbooks are ignored.
func UnpractisedEvidence(rb *runbook.Runbook, scenarios []*Scenario) runbook.Diagnostics {
	registered := map[string]bool{}
	for _, sc := range scenarios {
		if sc == nil || sc.Runbook == nil || sc.Runbook.ID != rb.ID {
			continue
		}
		for _, st := range sc.Steps {
			if st.Action == ActionRegister && st.Register.Expected != "" {
				registered[st.Register.Expected] = true
			}
		}
	}
	var out runbook.Diagnostics
	for _, x := range rb.ExpectedEvidence() {
		if !x.Required || x.ID == "" || registered[x.ID] {
			continue
		}
		args := []runbook.Arg{runbook.Quoted("Evidence", x.ID)}
		m := msgEvidenceUnpractised
		if x.Duty != "" {
			m = msgDutyEvidenceUnpractised
			args = append(args, runbook.Quoted("Duty", x.Duty))
		}
		out = append(out, runbook.Diagnostic{Pos: x.Pos, Severity: runbook.Warning, Code: m.Code, Message: m.With(args...)})
	}
	return out
}

var (
	msgEvidenceUnpractised     = msg("evidence-unpractised", "evidence-unpractised", "Evidence")
	msgDutyEvidenceUnpractised = msg("duty-evidence-unpractised", "evidence-unpractised", "Evidence", "Duty")
)
