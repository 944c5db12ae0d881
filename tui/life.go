package tui

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/claimed"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// This file is the incident's life on screen (issue 11): resolving it
// when the service is back, the follow-ups that keep it from closing,
// and reopening a closed one. The close itself is dialog_close.go.

// resolvedText says where a resolved incident stands: "resolved - 2
// follow-ups open, next due 2026-12-09 21:04". n is how many follow-ups
// hold the close, next the earliest due time among them (zero when none
// has a running clock); stamp writes it. The header reads them from the
// state (State.FollowUps), a home row from the summary (Summary.FollowUps),
// and both say it the same way.
func resolvedText(tx *i18n.Catalog, n int, next time.Time, stamp func(time.Time) string) string {
	switch {
	case n == 0:
		return tx.T("tui.life.resolved-none")
	case !next.IsZero():
		return tx.T("tui.life.resolved", "Count", n, "Due", stamp(next))
	}
	return tx.T("tui.life.resolved-undated", "Count", n)
}

// lifeParts are the header's words for a resolved or closed incident:
// the follow-ups still open, or when it closed (every figure on screen
// stands at that time).
func (m Model) lifeParts() []string {
	st := m.inc.st
	switch st.Phase() {
	case incident.PhaseResolved:
		n, next, _ := st.FollowUps()
		return []string{m.st.ok.Render(resolvedText(m.tx, n, next, m.stamp))}
	case incident.PhaseClosed:
		return []string{m.st.bold.Render(m.tx.T("tui.life.closed-at", "Time", m.stamp(st.ClosedAt)))}
	}
	return nil
}

// resolveDialog records that the service is back, now or at the time the
// responder gives ("the service was back at 03:10"): follow-up duties
// start, counting from it, and running duties keep running.
type resolveDialog struct{ *form }

func newResolveDialog(m *Model) resolveDialog {
	tx, eng, stamp := m.tx, m.inc.eng, m.stamp
	label := tx.T("tui.life.key-resolve")
	return resolveDialog{newForm(m.dark, form{heading: tx.T("tui.life.resolve-title"),
		hasInput: true, inputTitle: tx.T("tui.life.back-at-prompt"),
		echo: func(text string) string { return claimEcho(tx, text, eng.Now()) },
		action: func(f *form) (action, bool) {
			happened, err := claimed.Parse(f.text(), eng.Now())
			if err != nil {
				f.err = claimWords(tx, err)
				return action{}, false
			}
			// The engine refuses it too (ErrClaimedBeforeOpening); said
			// here, the responder corrects the time without losing it.
			if began := eng.State().Began(); !happened.IsZero() && happened.Before(began) {
				f.err = tx.T("tui.life.back-before", "Text", oneLine(f.text()), "Began", stamp(began))
				return action{}, false
			}
			return action{kind: actResolve, label: label, run: func(e engine, actor string) error {
				return e.Resolve(actor, happened)
			}}, true
		}})}
}

// view says what resolving does above the field.
func (d resolveDialog) view(m *Model, w, h int) []string {
	lines := m.bodyLines([]string{m.tx.T("tui.life.resolve-note"), ""}, false, "", w)
	return append(lines, d.form.view(m, w, h-len(lines))...)
}

// resolveWhy is why the incident cannot be resolved now.
func (m *Model) resolveWhy() string {
	if m.inc.st.Resolution != nil {
		return m.orBlocked(m.tx.T("tui.life.why-resolved"))
	}
	return m.blocked()
}

// handOverDialog hands a running duty over to an owner outside the
// incident (required) with the ticket that tracks it (optional), in two
// steps of one field each: the owner, then the ticket.
type handOverDialog struct {
	*form
	owner string
}

func newHandOverDialog(m *Model, d *incident.Duty) *handOverDialog {
	tx := m.tx
	label, duty := labelPrefix(tx, "tui.life.key-hand-over")+dutyTitle(d.Spec), d.ID
	h := &handOverDialog{}
	h.form = newForm(m.dark, form{heading: tx.T("tui.life.hand-over-title", "Duty", dutyTitle(d.Spec)),
		hasInput: true, inputTitle: tx.T("tui.life.owner-prompt"), required: true,
		action: func(f *form) (action, bool) {
			if h.owner == "" {
				// The owner is given: the ticket is next.
				h.owner = f.text()
				f.input.Reset()
				f.required, f.inputTitle = false, tx.T("tui.life.ticket-prompt", "Owner", oneLine(h.owner))
				return action{}, false
			}
			owner, ticket := h.owner, f.text()
			return action{kind: actHandOver, label: label, run: func(e engine, actor string) error {
				return e.HandOver(actor, duty, owner, ticket)
			}}, true
		}})
	return h
}

// draft holds the owner given in the first step too.
func (h *handOverDialog) draft() bool { return h.owner != "" || h.form.draft() }

// handOverWhy is why duty d cannot be handed over: a legal duty is
// released only by doing or waiving it.
func (m *Model) handOverWhy(d *incident.Duty) string {
	switch {
	case d == nil:
		return m.orBlocked(m.tx.T("tui.why.no-duty"))
	case d.Status != incident.StatusRunning:
		return m.orBlocked(m.tx.T("tui.why.not-running"))
	case d.Spec.Legal:
		return m.orBlocked(m.tx.T("tui.life.why-legal-hand-over"))
	}
	return m.blocked()
}

// reopenDialog opens a closed incident again, for a reason (required).
type reopenDialog struct{ *form }

func newReopenDialog(m *Model) reopenDialog {
	tx := m.tx
	label := labelPrefix(tx, "tui.life.key-reopen") + oneLine(m.inc.st.ID)
	opt := m.opt
	return reopenDialog{newForm(m.dark, form{heading: tx.T("tui.life.reopen-title", "Incident", oneLine(m.inc.st.ID)),
		hasInput: true, inputTitle: tx.T("tui.dialog.reason-required"), required: true,
		unless: (*Model).reopenWhy,
		action: func(f *form) (action, bool) {
			reason := f.text()
			return action{kind: actReopen, label: label, attach: func(e engine, actor string) (*incident.Session, func() error, error) {
				return reopen(e, opt, actor, reason)
			}}, true
		}})}
}

// view says what reopening does above the field.
func (d reopenDialog) view(m *Model, w, h int) []string {
	lines := m.bodyLines([]string{m.tx.T("tui.life.reopen-note"), ""}, false, "", w)
	return append(lines, d.form.view(m, w, h-len(lines))...)
}

// reopen reopens the closed incident of e for reason. A close releases
// the journal (Session.Close): when e was closed on this screen, the
// incident is resumed first, and the new session, which the screen then
// owns, is returned; nil when e itself was reopened (a closed incident
// resumed from the home screen or by shodo resume).
func reopen(e engine, opt Options, actor, reason string) (*incident.Session, func() error, error) {
	err := e.Reopen(actor, reason)
	if !errors.Is(err, incident.ErrDetached) {
		return nil, nil, err
	}
	s, release, err := opt.resumeIncident(e.Dir(), incident.ResumeOptions{Home: opt.Home, Clock: incident.ClockFunc(opt.Now), Sealer: opt.Sealer, Actor: actor})
	if err != nil {
		return nil, nil, err
	}
	if err := s.Reopen(actor, reason); err != nil {
		_ = held(s, release).(interface{ Detach() error }).Detach()
		return nil, nil, err
	}
	return s, release, nil
}

// reopenWhy is why the incident cannot be reopened now: it is not
// closed, or it is a drill, whose close ends the exercise.
func (m *Model) reopenWhy() string {
	switch {
	case m.inc.watch != nil:
		return m.tx.T("tui.watch.why")
	case !m.inc.st.Closed:
		return m.tx.T("tui.life.why-not-closed")
	case m.inc.st.Drill != nil:
		return m.tx.T("tui.life.why-drill-ended")
	case m.inc.poison != nil:
		return m.tx.T("tui.why.poisoned")
	case m.inc.pending != "":
		return m.tx.T("tui.why.saving")
	}
	return ""
}

// closedHere reports whether the incident is closed and the screen shows
// it read-only: every key that records is off, reopen is on.
func closedHere(m *Model) bool { return m.inc.st != nil && m.inc.st.Closed && m.inc.st.Drill == nil }

// onReattached takes a session that an action opened in place of the
// screen's (a reopen after a close here): the screen now owns it, listens
// to it, and its clocks tick again.
func (m *Model) onReattached(s *incident.Session, release func() error, events <-chan incident.Event, stop func()) tea.Cmd {
	if m.inc.stop != nil {
		m.inc.stop()
	}
	if m.inc.owns && m.inc.eng != nil {
		if d, ok := m.inc.eng.(interface{ Detach() error }); ok {
			_ = d.Detach()
		}
	}
	m.inc.eng, m.inc.owns, m.inc.events, m.inc.stop = slowed(m.opt, held(s, release)), true, events, stop
	return m.listen(m.inc.eng, m.inc.events)
}
