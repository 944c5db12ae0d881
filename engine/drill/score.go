package drill

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// The rules in this file are documented, with their boundaries, in
// docs/drills.md ("Scoring"). Change both together.

// Rating is a capability's rating on the HSEEP scale.
type Rating string

// Ratings, from best. NotExercised is for a capability the drill gave
// nothing to rate.
const (
	Performed       Rating = "P" // performed without challenges
	SomeChallenges  Rating = "S" // performed with some challenges
	MajorChallenges Rating = "M" // performed with major challenges
	Unable          Rating = "U" // unable to be performed
	NotExercised    Rating = "-"
)

// Capability is an area of performance a drill rates.
type Capability string

// Capabilities a drill rates.
const (
	Triage                 Capability = "triage"
	VendorCoordination     Capability = "vendor-coordination"
	SecurityEscalation     Capability = "security-escalation"
	RegulatoryNotification Capability = "regulatory-notification"
	Documentation          Capability = "documentation"
)

// Capabilities lists every capability in the order reports show them (a
// new slice each call).
func Capabilities() []Capability {
	return []Capability{Triage, VendorCoordination, SecurityEscalation, RegulatoryNotification, Documentation}
}

// VerdictOutcome says how the verdict compares with the expected one.
type VerdictOutcome string

// Verdict outcomes.
const (
	VerdictCorrect VerdictOutcome = "correct"
	// VerdictWrong is another verdict of the same kind (security or not).
	VerdictWrong VerdictOutcome = "wrong"
	// VerdictFalseAlarm is a security verdict for an ordinary fault.
	VerdictFalseAlarm VerdictOutcome = "false-alarm"
	// VerdictMissedSecurity is a security incident judged not security: the
	// worst outcome, since every security clock stays stopped.
	VerdictMissedSecurity VerdictOutcome = "missed-security"
	// VerdictNone is no verdict at the end of the drill.
	VerdictNone VerdictOutcome = "none"
	// VerdictUnscored is a verdict in a scenario that expects none.
	VerdictUnscored VerdictOutcome = "unscored"
)

// DutyOutcome is what became of a duty by the end of the drill.
type DutyOutcome string

// Duty outcomes.
const (
	DutyMet        DutyOutcome = "met"         // done by its due time
	DutyLate       DutyOutcome = "late"        // done after its due time
	DutyMissed     DutyOutcome = "missed"      // its due time passed and it was not done
	DutyPending    DutyOutcome = "pending"     // running, not yet due when the drill ended
	DutyWaived     DutyOutcome = "waived"      // decided not to, with a reason
	DutyCancelled  DutyOutcome = "cancelled"   // its trigger was withdrawn by a revision
	DutyNotStarted DutyOutcome = "not-started" // its trigger never happened
	// DutySkipped is a duty whose due time fell inside scenario time the
	// facilitator jumped over (drill.jumped), not done before the jump:
	// the team never had that time, so it is neither met nor missed.
	DutySkipped DutyOutcome = "skipped"
)

// Scorecard is how a drill went, computed from its journal alone.
type Scorecard struct {
	Scenario *Scenario
	Incident string
	Opened   time.Time
	// End is the scenario offset at which the drill ended: the last
	// offset its events recorded.
	End          time.Duration
	Closed       bool
	Verdict      VerdictScore
	Ending       EndingScore
	Duties       []DutyScore // expected ones in scenario order, then the others that started, in start order
	Capabilities []CapabilityScore
	Notes        int // notes added
	Injects      int // injects delivered
	// NotTicked are the items of expect.ticked not ticked at the end, and
	// NotApproved the duties of expect.approved without an approval in the
	// role their runbook names.
	NotTicked   []ItemRef
	NotApproved []string
	// NotFilled are the fields of expect.filled with no value at the end.
	NotFilled []FieldRef
	// NotReached are the recipients of expect.reached not reached at the
	// end.
	NotReached []RecipientRef
	// Dimensions are the dimensions of expect.dimensions whose value at
	// the end is another (format version 2).
	Dimensions []DimensionMiss
	// NotRegistered are the evidence entries of expect.registered that no
	// artefact answers at the end.
	NotRegistered []string
}

// VerdictScore compares the verdict with the expected one.
type VerdictScore struct {
	Expected         string // empty when the scenario expects none
	ExpectedSecurity bool
	Reached          string // the standing verdict; empty when none
	Security         bool
	Outcome          VerdictOutcome
	At               time.Duration // scenario offset the standing verdict was reached at
	Within           time.Duration // the target; 0 when none
	Late             time.Duration // how far past the target; 0 when on time
	// Withdrawn are other verdicts reached earlier and revised away.
	Withdrawn []string
}

// EndingOutcome says how the incident's ending compares with the one the
// scenario expects (expect.ending): the team saw that the alarm was none.
type EndingOutcome string

// Ending outcomes.
const (
	EndingCorrect EndingOutcome = "correct" // ended as expected
	// EndingWrong: ended as another ending (a duplicate for a false alarm).
	EndingWrong EndingOutcome = "wrong"
	// EndingMissed: the scenario expects an ending and the incident did
	// not end so (it ran on, or closed with a verdict's work).
	EndingMissed EndingOutcome = "missed"
	// EndingUnexpected: the incident ended as none in a scenario that
	// expects a verdict: a real incident dismissed.
	EndingUnexpected EndingOutcome = "unexpected"
	// EndingNone: no ending expected and none reached.
	EndingNone EndingOutcome = "none"
)

// EndingScore compares the incident's ending with the expected one.
type EndingScore struct {
	Expected string // expect.ending; empty when the scenario expects a verdict
	Reached  string // the ending the incident closed with; empty when none
	At       time.Duration
	Outcome  EndingOutcome
}

func scoreEnding(sc *Scenario, st *incident.State) EndingScore {
	e := EndingScore{Expected: sc.Expect.Ending}
	if st.Ending != nil {
		e.Reached, e.At = st.Ending.Code, offsetOf(st, st.ClosedAt)
	}
	switch {
	case e.Expected == "" && e.Reached == "":
		e.Outcome = EndingNone
	case e.Expected == "":
		e.Outcome = EndingUnexpected
	case e.Reached == e.Expected:
		e.Outcome = EndingCorrect
	case e.Reached == "":
		e.Outcome = EndingMissed
	default:
		e.Outcome = EndingWrong
	}
	return e
}

// DutyScore is one duty's result.
type DutyScore struct {
	ID       string
	Title    string
	Who      string
	Contacts string
	Expected bool // listed in expect.met
	Optional bool // optional = true: "if possible"; not done is no failure
	// Before is the duty this one must be done before (`before`);
	// OrderBroken says that one was done first. InOrder: listed in
	// expect.in_order, so a broken order fails the scenario.
	Before      string
	OrderBroken bool
	InOrder     bool
	Unwanted    bool // listed in expect.not_started, yet started
	Outcome     DutyOutcome
	Trigger     string
	// Offsets in scenario time; Done is zero unless done, Due when NoDue,
	// Target unless HasTarget.
	Started, Due, Done time.Duration
	Late               time.Duration
	// A soft deadline, scored for what it is. NoDue is set for a duty
	// with no hard limit (a target only, or asap): it is never late or
	// missed. Target is what the team aimed for; AfterTarget how long
	// after it the duty was done, or, still running at the end, how far
	// past it the drill ended (0 when on target). ASAP marks "as soon as
	// possible"; Took is how long a done duty took from its start.
	NoDue, HasTarget, ASAP bool
	Target                 time.Duration
	AfterTarget            time.Duration
	Took                   time.Duration
	// A recurring duty (`every`) is scored over its occurrences: how many
	// started, were done on time, and were missed (not done in their
	// time). Zero for a duty that happens once. Due and Late are then
	// those of the first missed occurrence, or of the latest done one.
	Occurrences, OccurrencesOnTime, OccurrencesMissed int
	// OccurrencesSkipped counts the occurrences whose due time a jump
	// skipped (never counted as missed).
	OccurrencesSkipped int
	// SkippedFrom and SkippedTo are the jump that skipped the duty's due
	// time, for a skipped duty.
	SkippedFrom, SkippedTo time.Duration
	Reason                 string // why it was waived, or cancelled (journals before CancelCode)
	// CancelCode says why the engine cancelled it
	// (incident.CancelTriggerWithdrawn: Trigger was withdrawn).
	CancelCode   string
	Attempts     int
	Capabilities []Capability
}

// CapabilityScore is one capability's rating with what it rests on.
type CapabilityScore struct {
	Capability Capability
	Rating     Rating
	// Duty counts, for the duty-rated capabilities: on time, late, missed,
	// and waived by decision (not expected by the scenario).
	Met, Late, Missed, Handled int
	// Skipped counts the duties whose due time a jump skipped: shown, never
	// rated.
	Skipped int
	// Checks are the documentation checks that applied.
	Checks []Check
}

// Check is one documentation check.
type Check struct {
	Name   CheckName
	Passed bool
}

// CheckName names a documentation check.
type CheckName string

// Documentation checks.
const (
	CheckNotes        CheckName = "notes"         // at least one note on the timeline
	CheckSummary      CheckName = "summary"       // closed with a summary
	CheckAttempts     CheckName = "attempts"      // every late or missed duty has an attempt logged
	CheckWaiveReasons CheckName = "waive-reasons" // every waived duty says why
)

// Score rates the drill whose state st is (export.Read's, or a session's),
// against the scenario its opening event embeds, so a drill can be scored
// again long after, whatever became of the scenario file.
func Score(st *incident.State) (*Scorecard, error) {
	if st == nil || st.Drill == nil {
		return nil, incident.ErrNotDrill
	}
	sc, err := FromDrillInfo(st.Drill, st.Runbook)
	if err != nil {
		return nil, fmt.Errorf("score drill %s: %w", st.ID, err)
	}
	return score(sc, st), nil
}

func score(sc *Scenario, st *incident.State) *Scorecard {
	card := &Scorecard{Scenario: sc, Incident: st.ID, Opened: st.Opened, End: LastOffset(st), Closed: st.Closed,
		Notes: len(st.Notes), Injects: len(st.Injects)}
	card.Verdict = scoreVerdict(sc, st)
	card.Ending = scoreEnding(sc, st)
	end := st.Opened.Add(card.End)
	seen := map[string]bool{}
	add := func(d *incident.Duty) {
		seen[d.ID] = true
		card.Duties = append(card.Duties, scoreDuty(sc, st, d, end))
	}
	for _, id := range sc.Expect.Met {
		if d := st.Duty(id); d != nil && !seen[id] {
			add(d)
		}
	}
	var started []*incident.Duty
	for i := range st.Duties {
		if d := &st.Duties[i]; clockRan(d) && !seen[d.ID] {
			started = append(started, d)
		}
	}
	slices.SortStableFunc(started, func(a, b *incident.Duty) int { return a.Started.Compare(b.Started) })
	for _, d := range started {
		add(d)
	}
	for _, c := range Capabilities() {
		card.Capabilities = append(card.Capabilities, card.rate(c, st))
	}
	card.NotTicked, card.NotApproved = scoreContent(sc, st)
	card.NotFilled = scoreFields(sc, st)
	card.NotReached = scoreRecipients(sc, st)
	card.Dimensions = scoreDimensions(sc, st)
	card.NotRegistered = scoreEvidence(sc, st)
	return card
}

func offsetOf(st *incident.State, t time.Time) time.Duration { return t.Sub(st.Opened) }

func scoreVerdict(sc *Scenario, st *incident.State) VerdictScore {
	rb := st.Runbook
	v := VerdictScore{Expected: sc.Expect.Verdict, Within: sc.Expect.VerdictWithin}
	if spec := rb.Verdict(v.Expected); spec != nil {
		v.ExpectedSecurity = spec.Security
	}
	if st.Verdict != nil {
		v.Reached, v.Security, v.At = st.Verdict.ID, st.Verdict.Security, offsetOf(st, st.Verdict.Time)
	}
	for _, ev := range st.Events {
		if p, ok := ev.Data.(incident.VerdictReached); ok && p.Verdict != v.Reached && !slices.Contains(v.Withdrawn, p.Verdict) {
			v.Withdrawn = append(v.Withdrawn, p.Verdict)
		}
	}
	switch {
	case v.Reached == "":
		v.Outcome = VerdictNone
	case v.Expected == "":
		v.Outcome = VerdictUnscored
	case v.Reached == v.Expected:
		v.Outcome = VerdictCorrect
	case v.ExpectedSecurity && !v.Security:
		v.Outcome = VerdictMissedSecurity
	case !v.ExpectedSecurity && v.Security:
		v.Outcome = VerdictFalseAlarm
	default:
		v.Outcome = VerdictWrong
	}
	if v.Reached != "" && v.Within > 0 && v.At > v.Within {
		v.Late = v.At - v.Within
	}
	return v
}

func scoreDuty(sc *Scenario, st *incident.State, d *incident.Duty, end time.Time) DutyScore {
	ds := DutyScore{
		ID: d.ID, Title: cmp.Or(d.Spec.Title, d.ID), Who: d.Spec.Who, Contacts: d.Spec.Contacts,
		Expected: slices.Contains(sc.Expect.Met, d.ID), Trigger: d.Trigger, Attempts: len(d.Attempts),
		Capabilities: dutyCapabilities(st.Runbook, d.Spec),
	}
	if clockRan(d) {
		ds.Started = offsetOf(st, d.Started)
		ds.NoDue, ds.HasTarget, ds.ASAP = d.Due.IsZero(), !d.Target.IsZero(), d.ASAP
		if !ds.NoDue {
			ds.Due = offsetOf(st, d.Due)
		}
		if ds.HasTarget {
			ds.Target = offsetOf(st, d.Target)
		}
		ds.Unwanted = slices.Contains(sc.Expect.NotStarted, d.ID)
	}
	ds.Optional = d.Spec.Optional
	if d.Spec.Before != "" && st != nil {
		ds.Before, ds.OrderBroken = st.OrderBroken(d.ID)
	}
	ds.InOrder = slices.Contains(sc.Expect.InOrder, d.ID)
	switch d.Status {
	case incident.StatusDone:
		ds.Done, ds.Late = offsetOf(st, d.DoneAt), d.Late
		ds.Took = d.DoneAt.Sub(d.Started)
		if ds.HasTarget && d.DoneAt.After(d.Target) {
			ds.AfterTarget = d.DoneAt.Sub(d.Target)
		}
		ds.Outcome = DutyMet
		if d.Late > 0 {
			ds.Outcome = DutyLate
		}
	case incident.StatusRunning:
		// A duty with no hard limit is never missed: it is pending, past
		// its target if it has one the drill's end went beyond.
		ds.Outcome = DutyPending
		if ds.HasTarget && end.After(d.Target) {
			ds.AfterTarget = end.Sub(d.Target)
		}
		if !ds.NoDue && (d.Overdue || end.After(d.Due)) {
			ds.Outcome = DutyMissed
		}
	case incident.StatusWaived:
		ds.Outcome, ds.Reason = DutyWaived, d.Reason
	case incident.StatusCancelled:
		ds.Outcome, ds.Reason, ds.CancelCode = DutyCancelled, d.Reason, d.CancelCode
	case incident.StatusWithdrawn:
		// Withdrawn at the end of the drill: scored as a cancellation by
		// revision was before withdrawal existed.
		ds.Outcome, ds.CancelCode = DutyCancelled, incident.CancelTriggerWithdrawn
	default:
		ds.Outcome = DutyNotStarted
	}
	if d.Instance > 0 {
		scoreOccurrences(st, &ds, d, end)
	}
	if ds.Outcome == DutyMissed || ds.Outcome == DutyLate {
		// Not done before the jump: a duty done before it is met (or late
		// with its due time before the jump, not in it).
		if j, ok := st.Skipped(ds.Due); ok && (d.Instance == 0 || ds.OccurrencesMissed == 0 && ds.OccurrencesSkipped > 0) {
			ds.Outcome, ds.SkippedFrom, ds.SkippedTo = DutySkipped, j.From, j.To
		}
	}
	return ds
}

// scoreOccurrences scores a recurring duty over its occurrences: missed
// when one was not done in its time, late when one was done late, and
// otherwise met once one was done. The occurrence running at the end, or
// ended by `until`, counts only if its due time had passed.
func scoreOccurrences(st *incident.State, ds *DutyScore, d *incident.Duty, end time.Time) {
	all := append(slices.Clone(d.Occurrences), incident.Occurrence{Instance: d.Instance, Due: d.Due, Status: d.Status,
		Overdue: d.Overdue, DoneAt: d.DoneAt, Late: d.Late})
	var late time.Duration
	done := false
	for i, o := range all {
		current := i == len(all)-1
		switch {
		case o.Status == incident.StatusDone:
			done = true
			if o.Late > 0 {
				late = max(late, o.Late)
			} else {
				ds.OccurrencesOnTime++
			}
		case o.Status == incident.StatusWaived:
		case !current || o.Overdue || o.Status == incident.StatusRunning && end.After(o.Due):
			if _, skipped := st.Skipped(offsetOf(st, o.Due)); skipped {
				if ds.OccurrencesMissed == 0 && ds.OccurrencesSkipped == 0 {
					ds.Due = offsetOf(st, o.Due)
				}
				ds.OccurrencesSkipped++
				continue
			}
			if ds.OccurrencesMissed == 0 {
				ds.Due = offsetOf(st, o.Due)
			}
			ds.OccurrencesMissed++
		}
	}
	ds.Occurrences = len(all)
	switch {
	case d.Status == incident.StatusWithdrawn:
	case ds.OccurrencesMissed > 0:
		ds.Outcome = DutyMissed
	case ds.OccurrencesSkipped > 0:
		ds.Outcome = DutyMissed // scoreDuty makes it skipped, with its jump
	case late > 0:
		ds.Outcome, ds.Late = DutyLate, late
	case done:
		ds.Outcome = DutyMet
	}
}

// dutyCapabilities says which duty-rated capabilities a duty belongs to:
//   - vendor coordination: who or contacts is a vendor or cloud party;
//   - security escalation: who or contacts is a security-vendor party, or
//     contacts is the CSIRT (a role or internal party whose id or title
//     says CSIRT), or a trigger is `security` or `verdict:<id>` of a
//     security verdict;
//   - regulatory notification: who or contacts is an authority or a
//     regulator party.
//
// Every recipient of a duty owed to several counts as its contacts.
func dutyCapabilities(rb *runbook.Runbook, d *runbook.Duty) []Capability {
	// A duty owed to several recipients counts for each of theirs.
	kinds := []string{partyKind(rb, d.Who)}
	csirt := false
	for _, id := range d.ContactIDs() {
		kinds = append(kinds, partyKind(rb, id))
		csirt = csirt || isCSIRT(rb, id)
	}
	var out []Capability
	if slices.Contains(kinds, runbook.KindVendor) || slices.Contains(kinds, runbook.KindCloud) {
		out = append(out, VendorCoordination)
	}
	security := slices.Contains(kinds, runbook.KindSecurityVendor) || csirt
	on := d.On
	if d.Condition != nil {
		on = append(slices.Clone(on), d.Condition.All...)
	}
	for _, tr := range on {
		switch {
		case tr.Kind == runbook.TriggerSecurity:
			security = true
		case tr.Kind == runbook.TriggerVerdict && tr.Arg != "":
			if v := rb.Verdict(tr.Arg); v != nil && v.Security {
				security = true
			}
		}
	}
	if security {
		out = append(out, SecurityEscalation)
	}
	if slices.Contains(kinds, runbook.KindAuthority) || slices.Contains(kinds, runbook.KindRegulator) {
		out = append(out, RegulatoryNotification)
	}
	return out
}

func partyKind(rb *runbook.Runbook, id string) string {
	if p := rb.Party(id); p != nil {
		return p.Kind
	}
	return ""
}

// isCSIRT reports whether id is a CSIRT-type role or internal party.
func isCSIRT(rb *runbook.Runbook, id string) bool {
	if id == "" {
		return false
	}
	says := func(s string) bool { return strings.Contains(strings.ToLower(s), "csirt") }
	if r := rb.Role(id); r != nil {
		return says(r.ID) || says(r.Title)
	}
	if p := rb.Party(id); p != nil && p.Kind == runbook.KindInternal {
		return says(p.ID) || says(p.Title)
	}
	return false
}

// dutyClass is how a duty counts towards its capabilities' ratings.
type dutyClass int

const (
	classUnrated dutyClass = iota
	classMet
	classLate
	classMissed
	classHandled
	classSkipped
)

// class counts a duty: an expected duty counts as missed unless it was
// done; an unexpected one still running or cancelled is not rated, and one
// waived counts as handled (a decision, recorded with its reason). An
// optional step the scenario does not expect is rated only when done: not
// doing what a playbook says to do "if possible" is no failure.
func (ds DutyScore) class() dutyClass {
	if ds.Optional && !ds.Expected && (ds.Outcome == DutyMissed || ds.Outcome == DutySkipped) {
		return classUnrated
	}
	switch ds.Outcome {
	case DutyMet:
		return classMet
	case DutyLate:
		return classLate
	case DutyMissed:
		return classMissed
	case DutySkipped:
		return classSkipped
	}
	if ds.Expected {
		return classMissed
	}
	if ds.Outcome == DutyWaived {
		return classHandled
	}
	return classUnrated
}

func (card *Scorecard) rate(c Capability, st *incident.State) CapabilityScore {
	cs := CapabilityScore{Capability: c}
	switch c {
	case Triage:
		cs.Rating = rateTriage(card.Verdict, len(st.Path) > 0)
		if card.Ending.Outcome != EndingNone {
			cs.Rating = rateEnding(card.Ending, card.Verdict)
		}
	case Documentation:
		cs.Checks = card.documentationChecks(st)
		cs.Rating = rateChecks(cs.Checks)
	default:
		for _, ds := range card.Duties {
			if !slices.Contains(ds.Capabilities, c) {
				continue
			}
			switch ds.class() {
			case classMet:
				cs.Met++
			case classLate:
				cs.Late++
			case classMissed:
				cs.Missed++
			case classHandled:
				cs.Handled++
			case classSkipped:
				cs.Skipped++
			}
		}
		cs.Rating = rateDuties(cs.Met, cs.Late, cs.Missed, cs.Handled)
	}
	return cs
}

// rateTriage rates the verdict. answered says whether any triage question
// was answered: without an expected verdict or an answer there is nothing
// to rate.
func rateTriage(v VerdictScore, answered bool) Rating {
	switch {
	case v.Expected == "" && !answered && v.Reached == "":
		return NotExercised
	case v.Outcome == VerdictNone, v.Outcome == VerdictMissedSecurity:
		return Unable
	case v.Outcome == VerdictWrong, v.Outcome == VerdictFalseAlarm:
		return MajorChallenges
	case v.Within > 0 && v.Late > v.Within:
		// Later than twice the target.
		return MajorChallenges
	case v.Late > 0, len(v.Withdrawn) > 0:
		return SomeChallenges
	}
	return Performed
}

// rateEnding rates the triage of a scenario whose right call is, or whose
// team's call was, that the alarm was no incident: the expected ending,
// with no verdict on the way, is performed; with a verdict reached first
// (and its duties started), some challenges; another ending, major
// challenges; and dismissing a real incident, or never seeing that the
// alarm was none, unable.
func rateEnding(e EndingScore, v VerdictScore) Rating {
	switch e.Outcome {
	case EndingCorrect:
		if v.Reached != "" || len(v.Withdrawn) > 0 {
			return SomeChallenges
		}
		return Performed
	case EndingWrong:
		return MajorChallenges
	}
	return Unable
}

// rateDuties rates a duty-rated capability from its counts.
func rateDuties(met, late, missed, handled int) Rating {
	switch {
	case met+late+missed+handled == 0:
		return NotExercised
	case missed == 0 && late == 0:
		return Performed
	case missed == 0:
		return SomeChallenges
	case met+late+handled > 0:
		return MajorChallenges
	}
	return Unable
}

func (card *Scorecard) documentationChecks(st *incident.State) []Check {
	checks := []Check{
		{CheckNotes, len(st.Notes) > 0},
		{CheckSummary, st.Closed && strings.TrimSpace(st.Summary) != ""},
	}
	troubled, logged := 0, 0
	waived, reasoned := 0, 0
	for _, ds := range card.Duties {
		switch ds.Outcome {
		case DutyLate, DutyMissed:
			troubled++
			if ds.Attempts > 0 {
				logged++
			}
		case DutyWaived:
			waived++
			if strings.TrimSpace(ds.Reason) != "" {
				reasoned++
			}
		}
	}
	if troubled > 0 {
		checks = append(checks, Check{CheckAttempts, logged == troubled})
	}
	if waived > 0 {
		checks = append(checks, Check{CheckWaiveReasons, reasoned == waived})
	}
	return checks
}

// rateChecks rates documentation from the checks that applied.
func rateChecks(checks []Check) Rating {
	failed := 0
	for _, c := range checks {
		if !c.Passed {
			failed++
		}
	}
	switch {
	case len(checks) == 0:
		return NotExercised
	case failed == 0:
		return Performed
	case failed == len(checks):
		return Unable
	case failed == 1:
		return SomeChallenges
	}
	return MajorChallenges
}

// Capability returns the score of capability c.
func (card *Scorecard) Capability(c Capability) CapabilityScore {
	for _, cs := range card.Capabilities {
		if cs.Capability == c {
			return cs
		}
	}
	return CapabilityScore{Capability: c, Rating: NotExercised}
}

// Duty returns the score of the duty with the given id, if it is on the card.
func (card *Scorecard) Duty(id string) (DutyScore, bool) {
	for _, ds := range card.Duties {
		if ds.ID == id {
			return ds, true
		}
	}
	return DutyScore{}, false
}

// Failure is one way a run fell short of its scenario, as a sentence: a
// message export.test.<name> and its parameters, which the edges put into
// words (export.Failure). Ids, offsets and spans are parameters as a
// scenario writes them ("vendor-first-call", "T+1h", "12m").
type Failure struct {
	Say incident.Sentence
	// Refusal is, for a scripted step the session refused, its refusal
	// (an *incident.Refusal): the words of Say's Refusal parameter.
	Refusal error
}

// failure is the failure of message export.test.<name>.
func failure(name string, args ...incident.Arg) Failure {
	return Failure{Say: incident.Sentence{ID: "export.test." + name, Args: args}}
}

// offsetArg and spanArg are parameters holding a scenario offset ("T+1h") and a
// length of scenario time ("12m").
func offsetArg(name string, d time.Duration) incident.Arg {
	return incident.Code(name, FormatOffset(d))
}
func spanArg(name string, d time.Duration) incident.Arg { return incident.Code(name, FormatSpan(d)) }

// Failures lists every way the drill fell short of the scenario's
// expectations: the verdict, the duties that had to be met, and the duties
// that must not have started. `shodo test` fails a scenario when the list
// is not empty.
func (card *Scorecard) Failures() []Failure {
	var out []Failure
	v := card.Verdict
	expected, reached := incident.Code("Expected", v.Expected), incident.Code("Reached", v.Reached)
	if v.Expected != "" {
		switch v.Outcome {
		case VerdictNone:
			out = append(out, failure("no-verdict", expected, offsetArg("End", card.End)))
		case VerdictMissedSecurity:
			out = append(out, failure("missed-security", expected, reached, offsetArg("At", v.At)))
		case VerdictWrong, VerdictFalseAlarm:
			out = append(out, failure("wrong-verdict", expected, reached, offsetArg("At", v.At)))
		}
	}
	if v.Late > 0 && (v.Outcome == VerdictCorrect || v.Outcome == VerdictUnscored) {
		out = append(out, failure("verdict-late", reached, offsetArg("At", v.At), spanArg("Late", v.Late), spanArg("Within", v.Within)))
	}
	switch e := card.Ending; e.Outcome {
	case EndingMissed:
		out = append(out, failure("ending-missed", incident.Code("Expected", e.Expected), offsetArg("End", card.End)))
	case EndingWrong:
		out = append(out, failure("ending-wrong", incident.Code("Expected", e.Expected), incident.Code("Reached", e.Reached), offsetArg("At", e.At)))
	case EndingUnexpected:
		out = append(out, failure("ending-unexpected", incident.Code("Reached", e.Reached), offsetArg("At", e.At)))
	}
	for _, ds := range card.Duties {
		if ds.Expected {
			if f, unmet := ds.unmet(card.End); unmet {
				out = append(out, f)
			}
		}
	}
	for _, ds := range card.Duties {
		if ds.InOrder && ds.OrderBroken {
			out = append(out, failure("order-broken", incident.Code("Duty", ds.ID), incident.Code("Before", ds.Before)))
		}
	}
	for _, ds := range card.Duties {
		if ds.Unwanted {
			out = append(out, failure("unwanted", incident.Code("Duty", ds.ID), incident.Code("Trigger", ds.Trigger), offsetArg("Started", ds.Started)))
		}
	}
	for _, r := range card.NotTicked {
		out = append(out, failure("not-ticked", incident.Code("Duty", r.Duty), incident.Code("Item", r.Item)))
	}
	for _, id := range card.NotApproved {
		out = append(out, failure("not-approved", incident.Code("Duty", id)))
	}
	for _, r := range card.NotFilled {
		out = append(out, failure("not-filled", incident.Code("Duty", r.Duty), incident.Code("Field", r.Field)))
	}
	for _, r := range card.NotReached {
		out = append(out, failure("not-reached", incident.Code("Duty", r.Duty), incident.Text("Recipient", r.Recipient)))
	}
	for _, id := range card.NotRegistered {
		out = append(out, failure("not-registered", incident.Code("Evidence", id)))
	}
	return append(out, dimensionFailures(card.Dimensions)...)
}

// unmet says how an expected duty was not met; false when it was.
func (ds DutyScore) unmet(end time.Duration) (Failure, bool) {
	duty := incident.Code("Duty", ds.ID)
	switch ds.Outcome {
	case DutyLate:
		return failure("late", duty, spanArg("Late", ds.Late), offsetArg("Due", ds.Due)), true
	case DutyMissed:
		return failure("missed", duty, offsetArg("Due", ds.Due), offsetArg("End", end)), true
	case DutyPending:
		switch {
		case !ds.NoDue:
			return failure("pending", duty, offsetArg("End", end), offsetArg("Due", ds.Due)), true
		case ds.HasTarget:
			return failure("pending-target", duty, offsetArg("End", end), offsetArg("Target", ds.Target)), true
		}
		return failure("pending-asap", duty, offsetArg("End", end)), true
	case DutyWaived:
		return failure("waived", duty, incident.Line("Reason", ds.Reason)), true
	case DutyCancelled:
		if ds.CancelCode == incident.CancelTriggerWithdrawn {
			return failure("cancelled-withdrawn", duty, incident.Code("Trigger", ds.Trigger)), true
		}
		return failure("cancelled", duty, incident.Line("Reason", ds.Reason)), true
	case DutyNotStarted:
		return failure("not-started", duty), true
	}
	// Met, or skipped by a jump: the team never had that time.
	return Failure{}, false
}

// FormatSpan writes a length of scenario time the way a runbook writes
// durations: "45m", "1h30m", "3d", "2d4h"; seconds only when there are
// some, fractions of a second never.
func FormatSpan(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Second)
	day := 24 * time.Hour
	return runbook.Duration{Days: int(d / day), Clock: d % day}.String()
}

// FormatOffset writes a scenario offset as "T+31m", "T+1h", "T+3d2h".
func FormatOffset(d time.Duration) string { return "T+" + FormatSpan(d) }

// FormatClock writes a scenario offset as a clock reading, "T+00:17" or
// "T+75:05" past three days, for timelines.
func FormatClock(d time.Duration) string {
	d = max(d, 0).Truncate(time.Minute)
	return fmt.Sprintf("T+%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// clockRan reports whether d's clock ever ran: a duty not applicable
// (its law did not apply yet, runbook applies_from) never started, as an
// idle one, and expect.not_started is met by it.
func clockRan(d *incident.Duty) bool {
	return d.Status != incident.StatusIdle && d.Status != incident.StatusNotApplicable
}
