package incident

import (
	"fmt"
	"strings"
	"time"
)

// TypeDutyReopened is the journal type of DutyReopened.
const TypeDutyReopened = "duty.reopened"

// ReopenUndone is the Code of a DutyReopened that undid a done or a waive
// in the moments after it was recorded, as a person takes back a wrong key.
const ReopenUndone = "undone"

// DutyReopened reverses a duty's done or waive: the duty stands again as it
// stood before, with the clock it had (its original due time; a pause the
// done ended stands again). The done or waive stays in the journal; the
// duty is decided again by a new done or waive. Code is ReopenUndone for an
// undo; otherwise Reason says why it was reopened.
type DutyReopened struct {
	Duty string `json:"duty"`
	// Of is the seq of the duty.done or duty.waived event it reverses, and
	// From what that event had made of the duty (StatusDone, StatusWaived).
	Of     uint64     `json:"of"`
	From   DutyStatus `json:"from"`
	Code   string     `json:"code,omitempty"`
	Reason string     `json:"reason,omitempty"`
	// Due repeats the due time the duty runs to again, for readers; zero
	// for a duty with none, or one not running before it was waived.
	Due time.Time `json:"due,omitzero"`
}

// EventType implements Payload.
func (DutyReopened) EventType() string { return TypeDutyReopened }

// Reopening is a done or waive that was reversed.
type Reopening struct {
	Seq    uint64    // seq of the duty.reopened event
	Time   time.Time // when it was reopened
	Actor  string
	Code   string // ReopenUndone for an undo
	Reason string
	// What was reversed: the status (done or waived), the seq of its
	// event, when and by whom it was recorded.
	From   DutyStatus
	Of     uint64
	FromAt time.Time
	FromBy string
}

// Undone reports whether the reopening was an undo.
func (r Reopening) Undone() bool { return r.Code == ReopenUndone }

// sentenceReopened tells a reopen: "duty-undone-done", "duty-reopened-waived", ….
func sentenceReopened(p DutyReopened) Sentence {
	from := "done"
	if p.From == StatusWaived {
		from = "waived"
	}
	if p.Code == ReopenUndone {
		return Say("duty-undone-"+from, Ref("Duty", ArgDuty, p.Duty))
	}
	return Say("duty-reopened-"+from, Ref("Duty", ArgDuty, p.Duty), Line("Reason", p.Reason))
}

// foldDutyReopened sets a done or waived duty back as it stood before.
func (s *State) foldDutyReopened(e Event, p DutyReopened) {
	d := s.dutyFor(e, p.Duty)
	if d == nil {
		return
	}
	decided := d.decidedSeq()
	if decided == 0 || decided != p.Of || d.Status != p.From {
		s.problem(e, "reopened-while", Quoted("Duty", p.Duty), statusWord(d.Status))
		return
	}
	r := Reopening{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Code: p.Code, Reason: p.Reason, From: d.Status, Of: p.Of}
	switch d.Status {
	case StatusDone:
		r.FromAt, r.FromBy = d.DoneAt, d.DoneBy
		d.Status = StatusRunning
	case StatusWaived:
		r.FromAt, r.FromBy = d.WaivedAt, d.WaivedBy
		d.Status = d.WaivedFrom
	}
	d.DoneAt, d.DoneSeq, d.DoneBy, d.Means, d.Note, d.Late = time.Time{}, 0, "", "", "", 0
	d.WaivedAt, d.WaivedSeq, d.WaivedBy, d.Reason, d.WaivedFrom = time.Time{}, 0, "", "", ""
	// A pause the done or waive ended stands again: the clock is as it was.
	if n := len(d.Pauses); n > 0 && d.Pauses[n-1].ResumedSeq == p.Of {
		d.Paused = true
		d.Pauses[n-1].To, d.Pauses[n-1].ResumedSeq = time.Time{}, 0
	}
	d.Reopenings = append(d.Reopenings, r)
	// Duties the done or waive started (done:x, closed:x) are withdrawn by
	// the session's consequences, as after a revision, with this as cause.
	s.lastRetraction = e.Seq
}

// decidedSeq is the seq of the done or waive that decided d; 0 when it is
// neither done nor waived.
func (d *Duty) decidedSeq() uint64 {
	switch d.Status {
	case StatusDone:
		return d.DoneSeq
	case StatusWaived:
		return d.WaivedSeq
	}
	return 0
}

// chained returns the duties that the done or waive of seq started and that
// already have records of their own (tried, done, waived, ticked, approved,
// handed over, paused, restarted, a report field filled or a recipient
// reached): reopening would leave them started by
// a decision taken back. Duties it started without records are withdrawn
// with the reopen instead.
func (s *State) chained(seq uint64) []string {
	var ids []string
	for i := range s.Duties {
		d := &s.Duties[i]
		if d.Status == StatusIdle || d.StartedSeq == 0 || d.Cause != seq {
			continue
		}
		acted := d.Status == StatusDone || d.Status == StatusWaived || len(d.Attempts) > 0 || len(d.Marks) > 0 ||
			d.Approved != nil || d.Handover != nil || len(d.Pauses) > 0 || len(d.Restarts) > 0 ||
			len(d.Values) > 0 || len(d.Reaches) > 0
		if acted {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// UndoDuty takes back the done or waive of a duty just recorded: it is
// ReopenDuty with the code ReopenUndone instead of a reason. The screen
// offers it for a few seconds after the done or waive.
func (s *Session) UndoDuty(actor, duty string) error {
	return s.reopenDuty(asked("undo "+duty, "undo-duty", Code("Duty", duty)), actor, duty, ReopenUndone, "")
}

// ReopenDuty reverses the done or waive of a duty, for a reason: the duty
// stands again as before, a running one with its original due time (overdue
// at once if that has passed). Legal duties too: the record of what was
// done stays, and the duty is decided again. Duties the done or waive
// started (done:x, closed:x) are withdrawn if nothing was recorded on them
// yet; if something was, the reopen is refused (ErrReopenChained) naming
// them, because they were started by a decision it would take back.
func (s *Session) ReopenDuty(actor, duty, reason string) error {
	return s.reopenDuty(asked("reopen "+duty, "reopen-duty", Code("Duty", duty)), actor, duty, "", reason)
}

func (s *Session) reopenDuty(cmd command, actor, duty, code, reason string) error {
	return s.command(cmd, actor, func(st *State) (Payload, error) {
		d := st.Duty(duty)
		if d == nil {
			return nil, refuse(ErrUnknownDuty, fmt.Sprintf("%v %q", ErrUnknownDuty, duty), "unknown-duty", Quoted("Duty", duty))
		}
		of := d.decidedSeq()
		if of == 0 {
			return nil, refuse(ErrNotDecided, fmt.Sprintf("%v: %q is %s", ErrNotDecided, duty, d.Status), "not-decided", Quoted("Duty", duty), statusWord(d.Status))
		}
		if code == "" && strings.TrimSpace(reason) == "" {
			return nil, refuseRequired("reason")
		}
		if ids := st.chained(of); len(ids) > 0 {
			return nil, refuse(ErrReopenChained, fmt.Sprintf("%v: %s started %s, which has records: decide it first, or record what changed in a note", ErrReopenChained, duty, strings.Join(ids, ", ")),
				"reopen-chained", Quoted("Duty", duty), Quoted("Chained", strings.Join(ids, ", ")))
		}
		p := DutyReopened{Duty: duty, Of: of, From: d.Status, Code: code, Reason: reason}
		if d.Status == StatusDone || d.WaivedFrom == StatusRunning {
			p.Due = d.Due
		}
		return p, nil
	})
}
