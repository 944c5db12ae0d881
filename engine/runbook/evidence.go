package runbook

// Expected evidence (format version 2): what a team agreed to collect when
// a duty starts (the ransomware path's memory images, disk-image hashes,
// firewall logs, EDR export) or in every incident of a runbook. The
// incident's evidence register shows each as missing until an artefact is
// registered against it; a drill can expect it registered.

// expectedEvidenceKeys are the keys of an `evidence = [{ … }]` entry.
var expectedEvidenceKeys = []string{"id", "what", "required"}

// ExpectedEvidence is one entry of an evidence checklist, on a duty
// (`[[duties]] evidence = [...]`) or on the whole runbook (top-level
// `evidence = [...]`). Ids are unique across the runbook: a registered
// artefact names the entry it answers by id alone.
type ExpectedEvidence struct {
	ID   string
	What string
	// Required entries are those the team must not close without; the
	// register and the exports mark them missing until registered.
	Required bool
	// Duty is the id of the duty that lists it; empty for the runbook's
	// own list.
	Duty string
	Pos  Pos

	at loc
}

// ExpectedEvidence returns every evidence entry the runbook lists, its own
// first, then each duty's in runbook order (a new slice each call).
func (rb *Runbook) ExpectedEvidence() []*ExpectedEvidence {
	out := append([]*ExpectedEvidence(nil), rb.Evidence...)
	for _, d := range rb.Duties {
		out = append(out, d.Evidence...)
	}
	return out
}

// ExpectedEvidenceByID returns the evidence entry with the id, or nil.
func (rb *Runbook) ExpectedEvidenceByID(id string) *ExpectedEvidence {
	for _, e := range rb.ExpectedEvidence() {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// parseExpectedEvidence reads the `evidence` list of o (the runbook root
// or a duty, whose id is duty); it is new in format version 2.
func parseExpectedEvidence(o obj, duty string) []*ExpectedEvidence {
	o.since(2, "evidence")
	var out []*ExpectedEvidence
	for i, e := range o.list("evidence", msgKindEvidence) {
		what := subjectOfEntry(&msgKindEvidence, e, i)
		if duty != "" {
			what = what.of(&msgKindDuty, duty)
		}
		e.allow(what, expectedEvidenceKeys...)
		x := &ExpectedEvidence{Duty: duty, at: e.loc, Pos: e.pos("")}
		x.ID = e.reqStr(what, "id", lineText, exEvidenceID)
		if x.ID != "" {
			checkID(e.r, e.loc, "id", msgKindEvidence, x.ID)
		}
		x.What = e.reqStr(what, "what", lineText, exEvidenceWhat)
		x.Required, _ = e.boolean("required")
		out = append(out, x)
	}
	return out
}

// expectedEvidence reports evidence ids used twice anywhere in the
// runbook: an artefact answers an entry by its id alone.
func (v *validator) expectedEvidence() {
	seen := map[string]*ExpectedEvidence{}
	for _, e := range v.rb.ExpectedEvidence() {
		if e.ID == "" {
			continue
		}
		if first, dup := seen[e.ID]; dup {
			v.r.fail(e.at, "id", msgDuplicateEvidence, Quoted("ID", e.ID), Number("Line", first.Pos.Line))
			continue
		}
		seen[e.ID] = e
	}
}

// The messages of this file, declared as the others in messages.go.
var (
	msgKindEvidence      = msg("kind.evidence", "")
	msgDuplicateEvidence = msg("diag.duplicate-evidence", "duplicate-id", "ID", "Line")
	exEvidenceID         = msg("example.evidence-id", "")
	exEvidenceWhat       = msg("example.evidence-what", "")
)

func evidenceMessages() []Message {
	return []Message{msgKindEvidence, msgDuplicateEvidence, exEvidenceID, exEvidenceWhat}
}
