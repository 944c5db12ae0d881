package incident

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A duty's recipients (runbook format version 2): one act owed to several
// — `contacts = ["police", "insurer"]` — or to the entries of a list field
// filled in during the incident — `for_each = "field:authorities"`. Each
// recipient is reached, tried or waived on its own, each on the journal
// with who and when; the duty is done when every one is reached or waived
// (at least one reached): the command that closes the last records the
// duty done as well.

// Event types of a duty's recipients.
const (
	TypeRecipientReached = "duty.recipient-reached"
	TypeRecipientWaived  = "duty.recipient-waived"
)

// RecipientReached records that one recipient of a running duty was
// reached: told, called, sent the report. Recipient is a role or party id
// of the duty's contacts, or an entry of its for_each field as written.
// The event's actor is who reached it, its time when.
type RecipientReached struct {
	Duty      string `json:"duty"`
	Recipient string `json:"recipient"`
	Means     string `json:"means,omitempty"`
	Note      string `json:"note,omitempty"`
}

// RecipientWaived records a decision not to reach one recipient of a
// running duty, and why ("Belgium's authority confirmed no Belgian
// customer is affected").
type RecipientWaived struct {
	Duty      string `json:"duty"`
	Recipient string `json:"recipient"`
	Reason    string `json:"reason"`
}

// EventType implements Payload.
func (RecipientReached) EventType() string { return TypeRecipientReached }

// EventType implements Payload.
func (RecipientWaived) EventType() string { return TypeRecipientWaived }

// ReachStatus is where one recipient stands.
type ReachStatus string

// Where a recipient stands: not yet reached (perhaps tried), reached, or
// waived with a reason.
const (
	ReachOpen    ReachStatus = ""
	ReachReached ReachStatus = "reached"
	ReachWaived  ReachStatus = "waived"
)

// Reach is where one recipient of a duty stands, and the event that put
// it there (zero Seq while open).
type Reach struct {
	Recipient string
	Status    ReachStatus
	Seq       uint64
	Time      time.Time
	Actor     string
	Means     string // reached: by what means
	Note      string // reached: the note, if any
	Reason    string // waived: why
}

// Closed reports whether the recipient needs nothing more: reached or waived.
func (r Reach) Closed() bool { return r.Status != ReachOpen }

// Reach returns where the duty's recipient stands (an open Reach for one
// never reached or waived).
func (d *Duty) Reach(recipient string) Reach {
	for _, r := range d.Reaches {
		if r.Recipient == recipient {
			return r
		}
	}
	return Reach{Recipient: recipient}
}

// AttemptsAt returns the attempts at reaching one recipient of the duty,
// in order.
func (d *Duty) AttemptsAt(recipient string) []Attempt {
	var out []Attempt
	for _, a := range d.Attempts {
		if a.Recipient == recipient {
			out = append(out, a)
		}
	}
	return out
}

// Recipients returns the recipients of duty d as they stand: its contacts
// list, or the entries of its for_each field as filled in so far, then
// any recipient reached or waived that the field no longer lists (what
// was done stays on the record). Nil for a duty with one contacts or none.
func (s *State) Recipients(d *Duty) []string {
	if len(d.Spec.Recipients) > 0 {
		return d.Spec.Recipients
	}
	if d.Spec.ForEach == "" {
		return nil
	}
	v, _ := s.Field(d.Spec.ForEach)
	out := slices.Clone(v.Values)
	for _, r := range d.Reaches {
		if !slices.Contains(out, r.Recipient) {
			out = append(out, r.Recipient)
		}
	}
	return out
}

// OpenRecipients returns the recipients of d neither reached nor waived,
// in order.
func (s *State) OpenRecipients(d *Duty) []string {
	var out []string
	for _, r := range s.Recipients(d) {
		if !d.Reach(r).Closed() {
			out = append(out, r)
		}
	}
	return out
}

// WaitsForRecipients reports whether d takes its recipients from a field
// that has none yet: the duty says what it waits for.
func (s *State) WaitsForRecipients(d *Duty) bool {
	return d.Spec.ForEach != "" && len(s.Recipients(d)) == 0
}

func (d *Duty) setReach(r Reach) {
	for i := range d.Reaches {
		if d.Reaches[i].Recipient == r.Recipient {
			d.Reaches[i] = r
			return
		}
	}
	d.Reaches = append(d.Reaches, r)
}

func (s *State) foldRecipientReached(e Event, p RecipientReached) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.setReach(Reach{Recipient: p.Recipient, Status: ReachReached, Seq: e.Seq, Time: e.Time, Actor: e.Actor, Means: p.Means, Note: p.Note})
	}
}

func (s *State) foldRecipientWaived(e Event, p RecipientWaived) {
	if d := s.runningDuty(e, p.Duty); d != nil {
		d.setReach(Reach{Recipient: p.Recipient, Status: ReachWaived, Seq: e.Seq, Time: e.Time, Actor: e.Actor, Reason: p.Reason})
	}
}

// ReachRecipient records that one recipient of a running duty was reached
// by means (one the recipient accepts), with an optional note. When it was
// the last one open, the duty is recorded done too, by the same person
// and means, unless its approval, checklist or fields still hold it back
// (then marking it done asks as it always does).
func (s *Session) ReachRecipient(actor, duty, recipient, means, note string) error {
	cmd := asked("reach "+duty+"/"+recipient, "reach", Code("Duty", duty), Code("Recipient", recipient))
	return s.recipientCommand(cmd, actor, duty, means, func(st *State) (Payload, error) {
		d, err := openRecipient(st, duty, recipient)
		if err != nil {
			return nil, err
		}
		if err := recipientMeans(st, d, recipient, means); err != nil {
			return nil, err
		}
		return RecipientReached{Duty: duty, Recipient: recipient, Means: means, Note: note}, nil
	})
}

// WaiveRecipient decides not to reach one recipient of a running duty,
// for a reason. When it was the last one open and another was reached,
// the duty is recorded done, as ReachRecipient does; when none was, the
// duty waits to be waived itself.
func (s *Session) WaiveRecipient(actor, duty, recipient, reason string) error {
	cmd := asked("waive "+duty+"/"+recipient, "waive-recipient", Code("Duty", duty), Code("Recipient", recipient))
	return s.recipientCommand(cmd, actor, duty, "", func(st *State) (Payload, error) {
		if _, err := openRecipient(st, duty, recipient); err != nil {
			return nil, err
		}
		if strings.TrimSpace(reason) == "" {
			return nil, refuseRequired("reason")
		}
		return RecipientWaived{Duty: duty, Recipient: recipient, Reason: reason}, nil
	})
}

// AttemptRecipient records a try at one recipient of a running duty that
// did not reach it, with its outcome ("no answer").
func (s *Session) AttemptRecipient(actor, duty, recipient, means, outcome string) error {
	cmd := asked("duty "+duty+"/"+recipient+" attempted", "attempt", Code("Duty", duty))
	return s.command(cmd, actor, func(st *State) (Payload, error) {
		d, err := openRecipient(st, duty, recipient)
		if err != nil {
			return nil, err
		}
		if err := recipientMeans(st, d, recipient, means); err != nil {
			return nil, err
		}
		if outcome == "" {
			return nil, refuseRequired("outcome")
		}
		return DutyAttempted{Duty: duty, Recipient: recipient, Means: means, Outcome: outcome}, nil
	})
}

// recipientCommand runs a command on one recipient, then, with the
// session still held, records the duty done when that closed the last
// recipient: one act, so no other responder's command falls between.
func (s *Session) recipientCommand(cmd command, actor, duty, means string, check func(st *State) (Payload, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.do(cmd, actor, check); err != nil {
		return err
	}
	d := s.state.Duty(duty)
	if d == nil || d.Status != StatusRunning || !s.state.allReached(d) {
		return nil
	}
	if _, err := checkDone(d, false); err != nil {
		return nil // its approval or checklist holds it back: done asks
	}
	if _, err := checkFields(d, false); err != nil {
		return nil
	}
	if means == "" {
		means = d.lastReachMeans()
	}
	done := asked("duty "+duty+" done", "done", Code("Duty", duty))
	return s.do(done, actor, func(*State) (Payload, error) { return DutyDone{Duty: duty, Means: means}, nil })
}

// allReached reports whether every recipient of d is reached or waived,
// and at least one reached: the duty's one act is done.
func (s *State) allReached(d *Duty) bool {
	all := s.Recipients(d)
	if len(all) == 0 {
		return false
	}
	reached := false
	for _, r := range all {
		switch d.Reach(r).Status {
		case ReachOpen:
			return false
		case ReachReached:
			reached = true
		}
	}
	return reached
}

// lastReachMeans is the means of the latest recipient reached.
func (d *Duty) lastReachMeans() string {
	var last Reach
	for _, r := range d.Reaches {
		if r.Status == ReachReached && r.Seq > last.Seq {
			last = r
		}
	}
	return last.Means
}

// openRecipient checks that duty is running, that recipient is one of
// its recipients, and that it is neither reached nor waived yet.
func openRecipient(st *State, duty, recipient string) (*Duty, error) {
	d, err := clockedDuty(st, duty)
	if err != nil {
		return nil, err
	}
	if !d.Spec.HasRecipients() {
		return nil, refuse(ErrNoRecipients, fmt.Sprintf("%v: %q", ErrNoRecipients, duty), "no-recipients", Quoted("Duty", duty))
	}
	all := st.Recipients(d)
	if !slices.Contains(all, recipient) {
		return nil, refuse(ErrUnknownRecipient, fmt.Sprintf("%v %q of %q; it has %v", ErrUnknownRecipient, recipient, duty, all), "unknown-recipient", Quoted("Recipient", recipient), Quoted("Duty", duty), Code("Known", listed(all)))
	}
	if r := d.Reach(recipient); r.Closed() {
		return nil, refuse(ErrRecipientClosed, fmt.Sprintf("%v: %q of %q at seq %d", ErrRecipientClosed, recipient, duty, r.Seq), "recipient-closed", Quoted("Recipient", recipient), Quoted("Duty", duty), Number("Seq", float64(r.Seq)))
	}
	return d, nil
}

// recipientMeans refuses a means the recipient does not accept.
func recipientMeans(st *State, d *Duty, recipient, means string) error {
	if accepted := st.Runbook.RecipientMeans(d.Spec, recipient); len(accepted) > 0 && !slices.Contains(accepted, means) {
		return refuse(ErrUnknownMeans, fmt.Sprintf("%v: %q; %q accepts %v", ErrUnknownMeans, means, recipient, accepted), "unknown-means", Quoted("Means", means), Quoted("Duty", d.ID), Code("Accepted", listed(accepted)))
	}
	return nil
}

// checkRecipients refuses to complete a duty whose recipients are not all
// reached or waived: each is done on its own, and the last one done
// completes the duty.
func checkRecipients(st *State, d *Duty) error {
	if !d.Spec.HasRecipients() {
		return nil
	}
	if st.WaitsForRecipients(d) {
		return refuse(ErrRecipientsUnknown, fmt.Sprintf("%v: %q waits for field %q", ErrRecipientsUnknown, d.ID, d.Spec.ForEach), "recipients-unknown", Quoted("Duty", d.ID), Fields("Field", fieldDuty(st, d.Spec.ForEach), []string{d.Spec.ForEach}))
	}
	if open := st.OpenRecipients(d); len(open) > 0 {
		return refuse(ErrRecipientsOpen, fmt.Sprintf("%v: %q: %s", ErrRecipientsOpen, d.ID, strings.Join(open, ", ")), "recipients-open", Quoted("Duty", d.ID), Recipients("Recipients", open))
	}
	return nil
}

// fieldDuty is the id of the duty that carries field id ("" when none).
func fieldDuty(st *State, id string) string {
	if _, d := st.Runbook.Field(id); d != nil {
		return d.ID
	}
	return ""
}

// Recipients is an Arg naming recipients of a duty; an edge writes a role
// or party by its title and an entry of a field as written.
func Recipients(name string, recipients []string) Arg {
	return Arg{Name: name, Kind: ArgRecipients, Text: strings.Join(recipients, "\n")}
}

// RecipientIDs returns the recipients of an ArgRecipients argument.
func (a Arg) RecipientIDs() []string {
	if a.Text == "" {
		return nil
	}
	return strings.Split(a.Text, "\n")
}

func sentenceRecipientReached(p RecipientReached) Sentence {
	args := []Arg{Ref("Duty", ArgDuty, p.Duty), Recipients("Recipient", []string{p.Recipient}), Ref("Means", ArgMeans, p.Means)}
	if p.Note != "" {
		return Say("recipient-reached-note", append(args, Line("Note", p.Note))...)
	}
	return Say("recipient-reached", args...)
}

func sentenceRecipientWaived(p RecipientWaived) Sentence {
	return Say("recipient-waived", Ref("Duty", ArgDuty, p.Duty), Recipients("Recipient", []string{p.Recipient}), Line("Reason", p.Reason))
}

// Refusals of a duty's recipients' commands.
var (
	// ErrNoRecipients is returned for a recipient of a duty that has no
	// list of them (one contacts, or none).
	ErrNoRecipients = errors.New("duty has no list of recipients")
	// ErrUnknownRecipient names a recipient the duty does not have.
	ErrUnknownRecipient = errors.New("unknown recipient")
	// ErrRecipientClosed is returned for a recipient already reached or
	// waived.
	ErrRecipientClosed = errors.New("recipient is already reached or waived")
	// ErrRecipientsOpen is returned by DutyDone while recipients are
	// neither reached nor waived: reach or waive each.
	ErrRecipientsOpen = errors.New("recipients are not all reached")
	// ErrRecipientsUnknown is returned by DutyDone for a for_each duty
	// whose field lists no recipient yet: fill it in first, or waive the
	// duty.
	ErrRecipientsUnknown = errors.New("the duty's recipients are not known yet")
)
