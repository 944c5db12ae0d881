package export

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// AAR writes a drill's after-action report and improvement plan in the
// shape HSEEP gives them: exercise overview with objectives and
// participants; the scores (verdict, capability ratings on the P/S/M/U
// scale, the duties); the timeline in scenario time with the injects
// interleaved; strengths and areas for improvement drawn from what
// happened; an improvement plan with a row for every missed or late duty,
// owner and due date left for people; the injects with the facilitator's
// notes; and the journal head hash. Everything comes from the journal: the
// scenario is the one the drill embedded when it started. An incident that
// is not a drill is refused with incident.ErrNotDrill.
func AAR(out io.Writer, in Input, opt Options) error {
	st := in.State
	card, err := drill.Score(st)
	if err != nil {
		return fmt.Errorf("after-action report: %w", err)
	}
	a := &aar{bw: bufio.NewWriter(out), c: opt.catalogue(), st: st, card: card, loc: opt.loc()}
	offset := func(t time.Time) string { return unitWords(a.c, drill.FormatOffset(t.Sub(st.Opened))) }
	a.tell = words{c: a.c, rb: st.Runbook, formatTime: offset, compiled: map[string]*compiledMessage{}}
	a.overview()
	a.scores()
	a.timeline()
	a.findings()
	a.plan()
	a.injects()
	a.integrity(in)
	return a.bw.Flush()
}

// aar writes one report.
type aar struct {
	bw   *bufio.Writer
	c    *i18n.Catalog
	st   *incident.State
	card *drill.Scorecard
	loc  *time.Location
	// tell writes the report's sentences, due times in scenario time.
	tell words
}

func (a *aar) printf(format string, args ...any) { fmt.Fprintf(a.bw, format, args...) }

func (a *aar) row(cells ...string) { a.printf("| %s |\n", strings.Join(cells, " | ")) }

func (a *aar) header(cells ...string) {
	if strings.Join(cells, "") == "" {
		// A key-value table, headed like the postmortem's.
		a.printf("|%s\n", strings.Repeat(" |", len(cells)))
	} else {
		a.row(cells...)
	}
	a.printf("|%s\n", strings.Repeat("---|", len(cells)))
}

func (a *aar) overview() {
	st, sc, c := a.st, a.card.Scenario, a.c
	rb := st.Runbook
	status := c.T("export.status.open")
	if st.Closed {
		status = c.T("export.status.closed")
	}
	if st.Ending != nil {
		status = c.T("export.status.ended", "Ending", EndingWords(c, st.Ending))
	}
	a.printf("# %s\n\n", c.T("export.label", "Label", c.T("aar.title"), "Text", md(sc.Title)))
	a.printf("_%s · %s · %s_\n\n", c.T("aar.exercise"), st.ID, status)
	a.printf("## %s\n\n", c.T("aar.h-overview"))
	a.header("", "")
	a.row(c.T("aar.f-name"), md(sc.Title))
	scenario := "`" + sc.ID + "`"
	if sc.Summary != "" {
		scenario += " — " + md(sc.Summary)
	}
	a.row(c.T("aar.f-scenario"), scenario)
	a.row(c.T("aar.f-date"), st.Opened.In(a.loc).Format("2006-01-02 15:04 MST"))
	if !sc.Start.IsZero() {
		// The scenario's own T+0, in its own offset: the moment its
		// business-day clocks were played against.
		a.row(c.T("aar.f-start"), c.T("aar.start", "Start", sc.Start.Format("2006-01-02 15:04 -07:00")))
	}
	a.row(c.T("aar.f-length"), c.T("aar.length", "Span", unitWords(c, drill.FormatSpan(a.card.End))))
	version := ""
	if rb.Version != "" {
		version = " " + md(rb.Version)
	}
	a.row(c.T("export.postmortem.f-runbook"), fmt.Sprintf("%s%s — %s", md(rb.ID), version, md(rb.Title)))
	a.row(c.T("export.postmortem.f-incident"), fmt.Sprintf("%s (%s)", st.ID, st.UUID))
	if st.Drill.Speed > 0 {
		a.row(c.T("aar.f-speed"), c.T("aar.speed", "Speed", strconv.FormatFloat(st.Drill.Speed, 'g', -1, 64)))
	}
	if len(st.Jumps) > 0 {
		spans := make([]string, len(st.Jumps))
		for i, j := range st.Jumps {
			spans[i] = c.T("aar.jump", "From", unitWords(c, drill.FormatOffset(j.From)), "To", unitWords(c, drill.FormatOffset(j.To)), "Span", unitWords(c, drill.FormatSpan(j.To-j.From)))
		}
		a.row(c.T("aar.f-jumps"), strings.Join(spans, a.listSep()))
	}
	if st.Ending != nil {
		a.row(c.T("export.postmortem.f-ending"), md(EndingWords(c, st.Ending))+" — "+md(oneLine(st.Summary)))
	}
	facilitators, players := a.participants()
	a.row(c.T("aar.f-facilitator"), orDash(md(strings.Join(facilitators, a.listSep()))))
	a.row(c.T("aar.f-players"), orDash(md(strings.Join(players, a.listSep()))))
	a.printf("\n### %s\n\n", c.T("aar.h-objectives"))
	if len(sc.Objectives) == 0 {
		a.printf("%s\n\n", c.T("aar.no-objectives"))
	}
	for i, o := range sc.Objectives {
		a.printf("%d. %s\n", i+1, md(o))
	}
	if len(sc.Objectives) > 0 {
		a.printf("\n")
	}
}

// participants splits the actors into the facilitator (who opened the drill,
// and the actors of the kinds of event the registry marks facilitated:
// injects, the clock) and the players.
func (a *aar) participants() (facilitators, players []string) {
	fac := map[string]bool{a.st.OpenedBy: true}
	for _, ev := range a.st.Events {
		if k, ok := incident.KindOf(ev.Type); ok && k.Facilitated {
			fac[ev.Actor] = true
		}
	}
	for _, actor := range a.st.Actors {
		if fac[actor] {
			facilitators = append(facilitators, actor)
		} else {
			players = append(players, actor)
		}
	}
	return facilitators, players
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (a *aar) verdictTitle(id string) string {
	if v := a.st.Runbook.Verdict(id); v != nil && v.Title != "" {
		return fmt.Sprintf("%s (`%s`)", md(v.Title), id)
	}
	return "`" + id + "`"
}

func (a *aar) scores() {
	c, v := a.c, a.card.Verdict
	a.printf("## %s\n\n### %s\n\n", c.T("aar.h-scores"), c.T("export.postmortem.h-verdict"))
	a.header("", "")
	if v.Expected != "" {
		a.row(c.T("aar.f-expected"), a.verdictTitle(v.Expected))
	}
	reached := c.T("aar.no-verdict")
	if v.Reached != "" {
		reached = a.reachedAt(v)
	}
	a.row(c.T("aar.f-reached"), reached)
	a.row(c.T("aar.f-outcome"), a.outcome(v.Outcome))
	if v.Reached != "" {
		timing := unitWords(c, drill.FormatSpan(v.At))
		switch {
		case v.Within == 0:
		case v.Late > 0:
			timing += c.T("aar.late-vs-target", "Late", unitWords(c, drill.FormatSpan(v.Late)), "Target", unitWords(c, drill.FormatSpan(v.Within)))
		default:
			timing += c.T("aar.within-target", "Target", unitWords(c, drill.FormatSpan(v.Within)))
		}
		a.row(c.T("export.postmortem.f-time-to-verdict"), timing)
	}
	if len(v.Withdrawn) > 0 {
		titles := make([]string, len(v.Withdrawn))
		for i, id := range v.Withdrawn {
			titles[i] = a.verdictTitle(id)
		}
		a.row(c.T("aar.f-withdrawn"), strings.Join(titles, a.listSep()))
	}
	a.printf("\n### %s\n\n", c.T("aar.h-ratings"))
	a.header(c.T("aar.c-capability"), c.T("aar.c-rating"), c.T("aar.c-basis"))
	for _, cs := range a.card.Capabilities {
		rating := c.T("aar.not-exercised")
		if cs.Rating != drill.NotExercised {
			rating = c.T("aar.rated", "Rating", string(cs.Rating), "Meaning", a.rating(cs.Rating))
		}
		a.row(a.capability(cs.Capability), rating, a.basis(cs))
	}
	a.printf("\n%s\n\n", c.T("aar.scale-note"))

	var expected, others []drill.DutyScore
	for _, ds := range a.card.Duties {
		if ds.Expected {
			expected = append(expected, ds)
		} else {
			others = append(others, ds)
		}
	}
	if len(expected) > 0 {
		a.printf("### %s\n\n", c.T("aar.h-expected-duties"))
		a.dutyTable(expected)
	}
	if len(others) > 0 {
		a.printf("### %s\n\n", c.T("aar.h-other-duties"))
		a.dutyTable(others)
	}
}

// basis says what a rating rests on.
func (a *aar) basis(cs drill.CapabilityScore) string {
	c := a.c
	switch cs.Capability {
	case drill.Triage:
		v := a.card.Verdict
		if v.Reached == "" {
			return a.outcome(v.Outcome)
		}
		s := c.T("aar.basis-verdict", "Outcome", a.outcome(v.Outcome), "At", unitWords(c, drill.FormatOffset(v.At)))
		if v.Late > 0 {
			s += a.listSep() + c.T("aar.basis-late", "Late", unitWords(c, drill.FormatSpan(v.Late)))
		}
		if len(v.Withdrawn) > 0 {
			s += a.listSep() + c.T("aar.basis-revised", "Count", len(v.Withdrawn))
		}
		return s
	case drill.Documentation:
		parts := make([]string, len(cs.Checks))
		for i, ch := range cs.Checks {
			mark := c.T("aar.check-no")
			if ch.Passed {
				mark = c.T("aar.check-yes")
			}
			parts[i] = coded(c, "aar.check", string(ch.Name)) + c.T("aar.colon") + mark
		}
		return strings.Join(parts, " · ")
	}
	var parts []string
	for _, p := range []struct {
		n  int
		id string
	}{{cs.Met, "aar.count-met"}, {cs.Late, "aar.count-late"}, {cs.Missed, "aar.count-missed"}, {cs.Handled, "aar.count-waived"}, {cs.Skipped, "aar.count-skipped"}} {
		if p.n > 0 {
			parts = append(parts, c.T(p.id, "Count", p.n))
		}
	}
	if len(parts) == 0 {
		return c.T("aar.nothing-to-rate")
	}
	return strings.Join(parts, " · ")
}

func (a *aar) whoWhom(ds drill.DutyScore) string {
	rb := a.st.Runbook
	who := rb.ActorTitle(ds.Who)
	if whom := whomText(a.c, rb, rb.Duty(ds.ID)); whom != "" {
		who += " → " + whom
	}
	return md(who)
}

func (a *aar) dutyTable(duties []drill.DutyScore) {
	c := a.c
	a.header(c.T("aar.c-duty"), c.T("export.postmortem.c-who"), c.T("aar.c-started"), c.T("aar.c-deadline"), c.T("aar.c-done"), c.T("aar.c-result"))
	for _, ds := range duties {
		started, due, done := "—", "—", "—"
		if ds.Outcome != drill.DutyNotStarted {
			started, due = unitWords(c, drill.FormatOffset(ds.Started)), a.deadline(ds)
		}
		if ds.Outcome == drill.DutyMet || ds.Outcome == drill.DutyLate || ds.Outcome == drill.DutySkipped && ds.Done > 0 {
			done = unitWords(c, drill.FormatOffset(ds.Done))
		}
		a.row(md(ds.Title), a.whoWhom(ds), started, due, done, a.result(ds))
	}
	a.printf("\n")
}

// deadline says when a started duty was due, in scenario time: its hard
// limit, or its target or "as soon as possible" for a duty with none.
func (a *aar) deadline(ds drill.DutyScore) string {
	c := a.c
	switch {
	case !ds.NoDue:
		return unitWords(c, drill.FormatOffset(ds.Due))
	case ds.ASAP && ds.HasTarget:
		return c.T("aar.deadline-asap-target", "Target", unitWords(c, drill.FormatOffset(ds.Target)))
	case ds.ASAP:
		return c.T("aar.deadline-asap")
	case ds.HasTarget:
		return c.T("aar.deadline-target", "Target", unitWords(c, drill.FormatOffset(ds.Target)))
	}
	return "—"
}

// result says what became of a duty, in words: against its due time, or,
// for a duty with none, against its target or by how long it took.
func (a *aar) result(ds drill.DutyScore) string {
	c := a.c
	var s string
	switch {
	case !ds.NoDue || ds.Outcome != drill.DutyMet && ds.Outcome != drill.DutyPending:
	case ds.Outcome == drill.DutyMet && ds.HasTarget && ds.AfterTarget > 0:
		s = c.T("aar.res-after-target", "Late", unitWords(c, drill.FormatSpan(ds.AfterTarget)))
	case ds.Outcome == drill.DutyMet && ds.HasTarget:
		s = c.T("aar.res-on-target")
	case ds.Outcome == drill.DutyMet:
		s = c.T("aar.res-took", "Took", unitWords(c, drill.FormatSpan(ds.Took)))
	case ds.AfterTarget > 0:
		s = c.T("aar.res-past-target", "Late", unitWords(c, drill.FormatSpan(ds.AfterTarget)))
	default:
		s = c.T("aar.res-open")
	}
	switch {
	case s != "":
	case ds.Outcome == drill.DutyLate:
		s = c.T("aar.res-late", "Late", unitWords(c, drill.FormatSpan(ds.Late)))
	case ds.Outcome == drill.DutyWaived:
		s = c.T("aar.res-waived", "Reason", md(a.reason(ds)))
	case ds.Outcome == drill.DutyCancelled:
		s = c.T("aar.res-cancelled", "Reason", md(a.reason(ds)))
	case ds.Outcome == drill.DutySkipped:
		s = c.T("aar.res-skipped", "From", unitWords(c, drill.FormatOffset(ds.SkippedFrom)), "To", unitWords(c, drill.FormatOffset(ds.SkippedTo)))
	default:
		s = coded(c, "aar.result", string(ds.Outcome))
	}
	if ds.Occurrences > 0 {
		s += " " + c.T("aar.occurrences", "Count", ds.Occurrences, "OnTime", ds.OccurrencesOnTime)
	}
	if ds.Unwanted {
		s += " " + c.T("aar.res-unwanted")
	}
	return s
}

func (a *aar) timeline() {
	a.printf("## %s\n\n", a.c.T("aar.h-timeline"))
	a.header(a.c.T("aar.c-time"), a.c.T("export.postmortem.c-actor"), a.c.T("export.postmortem.c-event"))
	notApplied := problemsBySeq(a.st.Problems)
	for _, ev := range a.st.Events {
		event := a.event(ev)
		if p, ok := notApplied[ev.Seq]; ok {
			// As in the postmortem: a record the state left out is no
			// fact of the exercise.
			event = a.c.T("export.postmortem.not-applied", "Event", event, "Problem", md(Say(a.c, p.Say)))
		}
		// The fold puts every event, the journal's own included, on the
		// drill's clock: its time less the opening is its scenario time.
		a.row(drill.FormatClock(ev.Time.Sub(a.st.Opened)), md(ev.Actor), event)
	}
	a.printf("\n")
}

// event describes one event, with due times in scenario time. The report
// tells some events in its own words (aar.event.*, with the parameters of
// the event's sentence) and the others as every export does.
func (a *aar) event(ev incident.Event) string {
	said := incident.SentenceOf(ev)
	if own := "aar.event." + strings.TrimPrefix(said.ID, "export.event."); a.c.Has(own) {
		escaped := a.tell
		escaped.escape = md
		return escaped.message(own, said)
	}
	return md(a.tell.sentence(said))
}

// findings writes the strengths and areas for improvement that the record
// shows; people add their own observations under them.
func (a *aar) findings() {
	c, card := a.c, a.card
	v := card.Verdict
	var good, bad []string
	switch v.Outcome {
	case drill.VerdictCorrect:
		if v.Late == 0 {
			s := c.T("aar.strength.verdict", "Verdict", a.verdictTitle(v.Reached), "At", unitWords(c, drill.FormatOffset(v.At)))
			if v.Within > 0 {
				s += c.T("aar.strength.within", "Target", unitWords(c, drill.FormatSpan(v.Within)))
			} else {
				s += c.T("aar.period")
			}
			good = append(good, s)
		}
		if len(v.Withdrawn) > 0 {
			good = append(good, c.T("aar.strength.revised"))
		}
	case drill.VerdictMissedSecurity:
		bad = append(bad, c.T("aar.issue.missed-security", "Expected", a.verdictTitle(v.Expected), "Reached", a.verdictTitle(v.Reached)))
	case drill.VerdictFalseAlarm:
		bad = append(bad, c.T("aar.issue.false-alarm", "Reached", a.verdictTitle(v.Reached), "Expected", a.verdictTitle(v.Expected)))
	case drill.VerdictWrong:
		bad = append(bad, c.T("aar.issue.wrong", "Reached", a.verdictTitle(v.Reached), "Expected", a.verdictTitle(v.Expected)))
	case drill.VerdictNone:
		bad = append(bad, c.T("aar.issue.no-verdict", "End", unitWords(c, drill.FormatOffset(card.End))))
	}
	if v.Late > 0 {
		bad = append(bad, c.T("aar.issue.verdict-late", "At", unitWords(c, drill.FormatOffset(v.At)), "Late", unitWords(c, drill.FormatSpan(v.Late)), "Target", unitWords(c, drill.FormatSpan(v.Within))))
	}
	expected, metExpected := 0, 0
	for _, ds := range card.Duties {
		if ds.Expected {
			expected++
			if ds.Outcome == drill.DutyMet {
				metExpected++
			}
		}
	}
	if expected > 0 && metExpected == expected {
		good = append(good, c.T("aar.strength.all-met", "Count", expected))
	}
	if len(card.Scenario.Expect.NotStarted) > 0 && !slices.ContainsFunc(card.Duties, func(ds drill.DutyScore) bool { return ds.Unwanted }) {
		titles := make([]string, len(card.Scenario.Expect.NotStarted))
		for i, id := range card.Scenario.Expect.NotStarted {
			titles[i] = md(dutyTitle(a.st.Runbook, id))
		}
		good = append(good, c.T("aar.strength.held-back", "Duties", strings.Join(titles, a.listSep())))
	}
	for _, ds := range card.Duties {
		if msg := a.problem(ds); msg != "" {
			bad = append(bad, md(ds.Title)+c.T("aar.colon")+msg+c.T("aar.period"))
		}
	}
	for _, cs := range card.Capabilities {
		switch cs.Rating {
		case drill.Performed:
			if cs.Capability != drill.Triage {
				good = append(good, c.T("aar.strength.capability", "Capability", a.capability(cs.Capability), "Basis", a.basis(cs)))
			}
		case drill.MajorChallenges, drill.Unable:
			// Triage and documentation problems are listed one by one.
			if cs.Capability != drill.Triage && cs.Capability != drill.Documentation {
				bad = append(bad, c.T("aar.issue.capability", "Capability", a.capability(cs.Capability), "Rating", a.rating(cs.Rating), "Basis", a.basis(cs)))
			}
		}
	}
	for _, ch := range card.Capability(drill.Documentation).Checks {
		if !ch.Passed {
			bad = append(bad, coded(c, "aar.check-failed", string(ch.Name)))
		}
	}
	switch card.Notes {
	case 0:
	case 1:
		good = append(good, c.T("aar.strength.one-note"))
	default:
		good = append(good, c.T("aar.strength.notes", "Count", card.Notes))
	}
	a.list(c.T("aar.h-strengths"), good)
	a.list(c.T("aar.h-improve"), bad)
}

func (a *aar) list(title string, items []string) {
	a.printf("## %s\n\n", title)
	if len(items) == 0 {
		a.printf("%s\n\n", a.c.T("aar.none-found"))
	}
	for _, it := range items {
		a.printf("- %s\n", it)
	}
	if len(items) > 0 {
		a.printf("\n")
	}
	a.printf("%s\n\n", a.c.T("aar.add-yours"))
}

// problem says what went wrong with a duty, or "" when nothing did: late
// or missed, expected but not met, or started against the scenario.
func (a *aar) problem(ds drill.DutyScore) string {
	c := a.c
	var msg string
	switch ds.Outcome {
	case drill.DutyLate:
		msg = c.T("aar.problem.late", "Done", unitWords(c, drill.FormatOffset(ds.Done)), "Late", unitWords(c, drill.FormatSpan(ds.Late)), "Due", unitWords(c, drill.FormatOffset(ds.Due)))
	case drill.DutyMissed:
		msg = c.T("aar.problem.missed", "Due", unitWords(c, drill.FormatOffset(ds.Due)))
		if ds.Optional && !ds.Expected {
			msg = c.T("aar.problem.optional-missed", "Due", unitWords(c, drill.FormatOffset(ds.Due)))
		}
	case drill.DutyMet:
		// Missing a target is worth improving, not a missed deadline.
		if ds.Expected && ds.NoDue && ds.AfterTarget > 0 {
			msg = c.T("aar.problem.after-target", "Done", unitWords(c, drill.FormatOffset(ds.Done)), "Late", unitWords(c, drill.FormatSpan(ds.AfterTarget)), "Target", unitWords(c, drill.FormatOffset(ds.Target)))
		}
	case drill.DutyPending:
		switch {
		case !ds.Expected:
		case !ds.NoDue:
			msg = c.T("aar.problem.pending", "End", unitWords(c, drill.FormatOffset(a.card.End)), "Due", unitWords(c, drill.FormatOffset(ds.Due)))
		case ds.HasTarget:
			msg = c.T("aar.problem.pending-target", "End", unitWords(c, drill.FormatOffset(a.card.End)), "Target", unitWords(c, drill.FormatOffset(ds.Target)))
		default:
			msg = c.T("aar.problem.pending-asap", "End", unitWords(c, drill.FormatOffset(a.card.End)))
		}
	case drill.DutyWaived:
		if ds.Expected {
			msg = c.T("aar.problem.waived", "Reason", md(a.reason(ds)))
		}
	case drill.DutyCancelled:
		if ds.Expected {
			msg = c.T("aar.problem.cancelled", "Reason", md(a.reason(ds)))
		}
	case drill.DutyNotStarted:
		if ds.Expected {
			msg = c.T("aar.problem.not-started")
		}
	}
	if ds.Unwanted {
		tell := words{c: c, rb: a.st.Runbook}
		u := c.T("aar.problem.unwanted", "At", unitWords(c, drill.FormatOffset(ds.Started)), "Trigger", md(tell.trigger(ds.Trigger)))
		if msg == "" {
			return u
		}
		msg += c.T("aar.clause-sep") + u
	}
	if msg != "" && (ds.Outcome == drill.DutyLate || ds.Outcome == drill.DutyMissed) {
		if ds.Attempts == 0 {
			msg += c.T("aar.clause-sep") + c.T("aar.problem.no-attempt")
		} else {
			msg += c.T("aar.clause-sep") + c.T("aar.problem.attempts", "Count", ds.Attempts)
		}
	}
	return msg
}

// plan writes the improvement plan: a row for the verdict when it went
// wrong, and one for every duty with a problem.
func (a *aar) plan() {
	c, card := a.c, a.card
	a.printf("## %s\n\n%s\n\n", c.T("aar.h-plan"), c.T("aar.plan-help"))
	a.header(c.T("aar.c-issue"), c.T("aar.c-deadline"), c.T("aar.c-happened"), c.T("aar.c-capability"), c.T("export.postmortem.c-owner"), c.T("export.postmortem.c-due-date"))
	rows := 0
	v := card.Verdict
	if v.Outcome == drill.VerdictWrong || v.Outcome == drill.VerdictFalseAlarm || v.Outcome == drill.VerdictMissedSecurity || v.Outcome == drill.VerdictNone && v.Expected != "" || v.Late > 0 {
		deadline := "—"
		if v.Within > 0 {
			deadline = unitWords(c, drill.FormatOffset(v.Within))
		}
		happened := a.outcome(v.Outcome)
		if v.Reached != "" {
			happened = a.reachedAt(v) + " — " + happened
		}
		a.row(c.T("export.postmortem.f-verdict"), deadline, happened, a.capability(drill.Triage), "", "")
		rows++
	}
	for _, ds := range card.Duties {
		msg := a.problem(ds)
		if msg == "" {
			continue
		}
		deadline := "—"
		if ds.Outcome != drill.DutyNotStarted {
			deadline = a.deadline(ds)
		}
		caps := make([]string, len(ds.Capabilities))
		for i, cp := range ds.Capabilities {
			caps[i] = a.capability(cp)
		}
		a.row(md(ds.Title), deadline, msg, orDash(strings.Join(caps, a.listSep())), "", "")
		rows++
	}
	if rows == 0 {
		a.row(c.T("aar.no-issues"), "", "", "", "", "")
	}
	a.printf("\n")
}

// injects lists the scenario's injects with the facilitator's notes, which
// the players never saw during the drill.
func (a *aar) injects() {
	c := a.c
	sc := a.card.Scenario
	if len(sc.Injects) == 0 {
		return
	}
	delivered := map[int]bool{}
	for _, in := range a.st.Injects {
		delivered[in.Index] = true
	}
	a.printf("## %s\n\n", c.T("aar.h-injects"))
	a.header(c.T("aar.c-time"), c.T("aar.c-channel"), c.T("aar.c-from"), c.T("aar.inject"), c.T("aar.c-facilitator"))
	for _, in := range sc.Injects {
		text := md(in.Text)
		if !delivered[in.Index] {
			text += " " + c.T("aar.not-delivered")
		}
		a.row(drill.FormatClock(in.At), orDash(md(channelName(c, in.Channel))), orDash(md(in.From)), text, md(in.Facilitator))
	}
	a.printf("\n")
}

func (a *aar) integrity(in Input) {
	a.printf("## %s\n\n", a.c.T("export.postmortem.h-integrity"))
	a.header("", "")
	writeIntegrity(a.bw, a.c, in)
	a.row(a.c.T("aar.scenario-hash"), "`"+a.st.Drill.SHA256+"`")
	a.printf("\n%s\n", integrityHelp(a.c, a.st.ID))
}

// The report's words that are chosen by a code.

func (a *aar) listSep() string { return a.c.T("aar.list-sep") }

func (a *aar) outcome(o drill.VerdictOutcome) string { return coded(a.c, "aar.outcome", string(o)) }

func (a *aar) rating(r drill.Rating) string {
	return coded(a.c, "aar.rating", strings.ToLower(string(r)))
}

func (a *aar) capability(cp drill.Capability) string { return coded(a.c, "aar.capability", string(cp)) }

// reachedAt says which verdict was reached, and when.
func (a *aar) reachedAt(v drill.VerdictScore) string {
	return a.c.T("aar.reached-at", "Verdict", a.verdictTitle(v.Reached), "At", unitWords(a.c, drill.FormatOffset(v.At)))
}

// reason says why a duty was waived or cancelled.
func (a *aar) reason(ds drill.DutyScore) string {
	if d := a.st.Duty(ds.ID); d != nil {
		return words{c: a.c, rb: a.st.Runbook}.dutyReason(d)
	}
	return ds.Reason
}
