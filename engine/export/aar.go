package export

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
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
	a := &aar{bw: bufio.NewWriter(out), w: wordsFor(opt.Lang), aw: aarWordsFor(opt.Lang), st: st, card: card, loc: opt.loc()}
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
	w    *words
	aw   *aarWords
	st   *incident.State
	card *drill.Scorecard
	loc  *time.Location
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
	st, sc, aw := a.st, a.card.Scenario, a.aw
	rb := st.Runbook
	status := a.w.statusOpen
	if st.Closed {
		status = a.w.statusClosed
	}
	a.printf("# %s: %s\n\n", aw.title, md(sc.Title))
	a.printf("_%s · %s · %s_\n\n", aw.exercise, st.ID, status)
	a.printf("## %s\n\n", aw.hOverview)
	a.header("", "")
	a.row(aw.fName, md(sc.Title))
	scenario := "`" + sc.ID + "`"
	if sc.Summary != "" {
		scenario += " — " + md(sc.Summary)
	}
	a.row(aw.fScenario, scenario)
	a.row(aw.fDate, st.Opened.In(a.loc).Format("2006-01-02 15:04 MST"))
	a.row(aw.fLength, fmt.Sprintf(aw.lengthFmt, drill.FormatSpan(a.card.End)))
	version := ""
	if rb.Version != "" {
		version = " " + md(rb.Version)
	}
	a.row(a.w.fRunbook, fmt.Sprintf("%s%s — %s", md(rb.ID), version, md(rb.Title)))
	a.row(a.w.fIncident, fmt.Sprintf("%s (%s)", st.ID, st.UUID))
	if st.Drill.Speed > 0 {
		a.row(aw.fSpeed, fmt.Sprintf(aw.speedFmt, st.Drill.Speed))
	}
	facilitators, players := a.participants()
	a.row(aw.fFacilitator, orDash(md(strings.Join(facilitators, aw.listSep))))
	a.row(aw.fPlayers, orDash(md(strings.Join(players, aw.listSep))))
	a.printf("\n### %s\n\n", aw.hObjectives)
	if len(sc.Objectives) == 0 {
		a.printf("%s\n\n", aw.noObjectives)
	}
	for i, o := range sc.Objectives {
		a.printf("%d. %s\n", i+1, md(o))
	}
	if len(sc.Objectives) > 0 {
		a.printf("\n")
	}
}

// participants splits the actors into the facilitator (who opened the drill,
// delivered injects and ran its clock) and the players.
func (a *aar) participants() (facilitators, players []string) {
	fac := map[string]bool{a.st.OpenedBy: true}
	for _, ev := range a.st.Events {
		if ev.Type == incident.TypeInjectDelivered || ev.Type == incident.TypeDrillClock {
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
	aw, v := a.aw, a.card.Verdict
	a.printf("## %s\n\n### %s\n\n", aw.hScores, a.w.hVerdict)
	a.header("", "")
	if v.Expected != "" {
		a.row(aw.fExpected, a.verdictTitle(v.Expected))
	}
	reached := aw.noVerdict
	if v.Reached != "" {
		reached = fmt.Sprintf(aw.reachedAt, a.verdictTitle(v.Reached), drill.FormatOffset(v.At))
	}
	a.row(aw.fReached, reached)
	a.row(aw.fOutcome, aw.outcome[v.Outcome])
	if v.Reached != "" {
		timing := drill.FormatSpan(v.At)
		switch {
		case v.Within == 0:
		case v.Late > 0:
			timing += fmt.Sprintf(aw.lateVsTarget, drill.FormatSpan(v.Late), drill.FormatSpan(v.Within))
		default:
			timing += fmt.Sprintf(aw.withinTarget, drill.FormatSpan(v.Within))
		}
		a.row(a.w.fTimeToVerdict, timing)
	}
	if len(v.Withdrawn) > 0 {
		titles := make([]string, len(v.Withdrawn))
		for i, id := range v.Withdrawn {
			titles[i] = a.verdictTitle(id)
		}
		a.row(aw.fWithdrawn, strings.Join(titles, aw.listSep))
	}
	a.printf("\n### %s\n\n", aw.hRatings)
	a.header(aw.cCapability, aw.cRating, aw.cBasis)
	for _, cs := range a.card.Capabilities {
		rating := aw.notExercised
		if cs.Rating != drill.NotExercised {
			rating = fmt.Sprintf("**%s** — %s", cs.Rating, aw.rating[cs.Rating])
		}
		a.row(aw.capability[cs.Capability], rating, a.basis(cs))
	}
	a.printf("\n%s\n\n", aw.scaleNote)

	var expected, others []drill.DutyScore
	for _, ds := range a.card.Duties {
		if ds.Expected {
			expected = append(expected, ds)
		} else {
			others = append(others, ds)
		}
	}
	if len(expected) > 0 {
		a.printf("### %s\n\n", aw.hExpectedDuties)
		a.dutyTable(expected)
	}
	if len(others) > 0 {
		a.printf("### %s\n\n", aw.hOtherDuties)
		a.dutyTable(others)
	}
}

// basis says what a rating rests on.
func (a *aar) basis(cs drill.CapabilityScore) string {
	aw := a.aw
	switch cs.Capability {
	case drill.Triage:
		v := a.card.Verdict
		if v.Reached == "" {
			return aw.outcome[v.Outcome]
		}
		s := fmt.Sprintf(aw.basisVerdict, aw.outcome[v.Outcome], drill.FormatOffset(v.At))
		if v.Late > 0 {
			s += aw.listSep + fmt.Sprintf(aw.basisLate, drill.FormatSpan(v.Late))
		}
		if len(v.Withdrawn) > 0 {
			s += aw.listSep + fmt.Sprintf(aw.basisRevised, len(v.Withdrawn))
		}
		return s
	case drill.Documentation:
		parts := make([]string, len(cs.Checks))
		for i, c := range cs.Checks {
			mark := aw.checkNo
			if c.Passed {
				mark = aw.checkYes
			}
			parts[i] = aw.check[c.Name] + aw.colon + mark
		}
		return strings.Join(parts, " · ")
	}
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{cs.Met, aw.countMet}, {cs.Late, aw.countLate}, {cs.Missed, aw.countMissed}, {cs.Handled, aw.countWaived}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf(p.word, p.n))
		}
	}
	if len(parts) == 0 {
		return aw.nothingToRate
	}
	return strings.Join(parts, " · ")
}

func (a *aar) whoWhom(ds drill.DutyScore) string {
	rb := a.st.Runbook
	who := rb.ActorTitle(ds.Who)
	if ds.Contacts != "" {
		who += " → " + rb.ActorTitle(ds.Contacts)
	}
	return md(who)
}

func (a *aar) dutyTable(duties []drill.DutyScore) {
	aw := a.aw
	a.header(aw.cDuty, a.w.cWho, aw.cStarted, aw.cDeadline, aw.cDone, aw.cResult)
	for _, ds := range duties {
		started, due, done := "—", "—", "—"
		if ds.Outcome != drill.DutyNotStarted {
			started, due = drill.FormatOffset(ds.Started), drill.FormatOffset(ds.Due)
		}
		if ds.Outcome == drill.DutyMet || ds.Outcome == drill.DutyLate {
			done = drill.FormatOffset(ds.Done)
		}
		a.row(md(ds.Title), a.whoWhom(ds), started, due, done, a.result(ds))
	}
	a.printf("\n")
}

// result says what became of a duty, in words.
func (a *aar) result(ds drill.DutyScore) string {
	aw := a.aw
	var s string
	switch ds.Outcome {
	case drill.DutyLate:
		s = fmt.Sprintf(aw.resLate, drill.FormatSpan(ds.Late))
	case drill.DutyWaived:
		s = fmt.Sprintf(aw.resWaived, md(ds.Reason))
	case drill.DutyCancelled:
		s = fmt.Sprintf(aw.resCancelled, md(ds.Reason))
	default:
		s = aw.res[ds.Outcome]
	}
	if ds.Unwanted {
		s += " " + aw.resUnwanted
	}
	return s
}

func (a *aar) timeline() {
	a.printf("## %s\n\n", a.aw.hTimeline)
	a.header(a.aw.cTime, a.w.cActor, a.w.cEvent)
	for _, ev := range a.st.Events {
		// The fold puts every event, the journal's own included, on the
		// drill's clock: its time less the opening is its scenario time.
		a.row(drill.FormatClock(ev.Time.Sub(a.st.Opened)), md(ev.Actor), a.event(ev))
	}
	a.printf("\n")
}

// event describes one event, with due times in scenario time.
func (a *aar) event(ev incident.Event) string {
	aw, rb := a.aw, a.st.Runbook
	switch p := ev.Data.(type) {
	case incident.InjectDelivered:
		how := md(ChannelName(p.Channel, a.w.lang))
		if p.From != "" {
			if how != "" {
				how += ", "
			}
			how += md(p.From)
		}
		if how != "" {
			how = " (" + how + ")"
		}
		return fmt.Sprintf("**%s**%s: %s", aw.inject, how, md(p.Text))
	case incident.DutyStarted:
		return md(fmt.Sprintf(aw.started, dutyTitle(rb, p.Duty), drill.FormatOffset(p.Due.Sub(a.st.Opened)), p.Trigger))
	case incident.DutyOverdue:
		return "**" + md(fmt.Sprintf(aw.overdue, dutyTitle(rb, p.Duty), drill.FormatOffset(p.Due.Sub(a.st.Opened)))) + "**"
	}
	return md(sentence(a.w, a.st, ev, func(t time.Time) string { return drill.FormatOffset(t.Sub(a.st.Opened)) }))
}

// findings writes the strengths and areas for improvement that the record
// shows; people add their own observations under them.
func (a *aar) findings() {
	aw, card := a.aw, a.card
	v := card.Verdict
	var good, bad []string
	switch v.Outcome {
	case drill.VerdictCorrect:
		if v.Late == 0 {
			s := fmt.Sprintf(aw.sVerdict, a.verdictTitle(v.Reached), drill.FormatOffset(v.At))
			if v.Within > 0 {
				s += fmt.Sprintf(aw.sWithin, drill.FormatSpan(v.Within))
			} else {
				s += aw.period
			}
			good = append(good, s)
		}
		if len(v.Withdrawn) > 0 {
			good = append(good, aw.sRevised)
		}
	case drill.VerdictMissedSecurity:
		bad = append(bad, fmt.Sprintf(aw.iMissedSecurity, a.verdictTitle(v.Expected), a.verdictTitle(v.Reached)))
	case drill.VerdictFalseAlarm:
		bad = append(bad, fmt.Sprintf(aw.iFalseAlarm, a.verdictTitle(v.Reached), a.verdictTitle(v.Expected)))
	case drill.VerdictWrong:
		bad = append(bad, fmt.Sprintf(aw.iWrong, a.verdictTitle(v.Reached), a.verdictTitle(v.Expected)))
	case drill.VerdictNone:
		bad = append(bad, fmt.Sprintf(aw.iNoVerdict, drill.FormatOffset(card.End)))
	}
	if v.Late > 0 {
		bad = append(bad, fmt.Sprintf(aw.iVerdictLate, drill.FormatOffset(v.At), drill.FormatSpan(v.Late), drill.FormatSpan(v.Within)))
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
		good = append(good, fmt.Sprintf(aw.sAllMet, expected))
	}
	if len(card.Scenario.Expect.NotStarted) > 0 && !slices.ContainsFunc(card.Duties, func(ds drill.DutyScore) bool { return ds.Unwanted }) {
		titles := make([]string, len(card.Scenario.Expect.NotStarted))
		for i, id := range card.Scenario.Expect.NotStarted {
			titles[i] = md(dutyTitle(a.st.Runbook, id))
		}
		good = append(good, fmt.Sprintf(aw.sHeldBack, strings.Join(titles, aw.listSep)))
	}
	for _, ds := range card.Duties {
		if msg := a.problem(ds); msg != "" {
			bad = append(bad, md(ds.Title)+aw.colon+msg+aw.period)
		}
	}
	for _, cs := range card.Capabilities {
		switch cs.Rating {
		case drill.Performed:
			if cs.Capability != drill.Triage {
				good = append(good, fmt.Sprintf(aw.sCapability, aw.capability[cs.Capability], a.basis(cs)))
			}
		case drill.MajorChallenges, drill.Unable:
			// Triage and documentation problems are listed one by one.
			if cs.Capability != drill.Triage && cs.Capability != drill.Documentation {
				bad = append(bad, fmt.Sprintf(aw.iCapability, aw.capability[cs.Capability], aw.rating[cs.Rating], a.basis(cs)))
			}
		}
	}
	for _, c := range card.Capability(drill.Documentation).Checks {
		if !c.Passed {
			bad = append(bad, aw.iCheck[c.Name])
		}
	}
	switch card.Notes {
	case 0:
	case 1:
		good = append(good, aw.sNote)
	default:
		good = append(good, fmt.Sprintf(aw.sNotes, card.Notes))
	}
	a.list(aw.hStrengths, good)
	a.list(aw.hImprove, bad)
}

func (a *aar) list(title string, items []string) {
	a.printf("## %s\n\n", title)
	if len(items) == 0 {
		a.printf("%s\n\n", a.aw.noneFound)
	}
	for _, it := range items {
		a.printf("- %s\n", it)
	}
	if len(items) > 0 {
		a.printf("\n")
	}
	a.printf("%s\n\n", a.aw.addYours)
}

// problem says what went wrong with a duty, or "" when nothing did: late
// or missed, expected but not met, or started against the scenario.
func (a *aar) problem(ds drill.DutyScore) string {
	aw := a.aw
	var msg string
	switch ds.Outcome {
	case drill.DutyLate:
		msg = fmt.Sprintf(aw.pLate, drill.FormatOffset(ds.Done), drill.FormatSpan(ds.Late), drill.FormatOffset(ds.Due))
	case drill.DutyMissed:
		msg = fmt.Sprintf(aw.pMissed, drill.FormatOffset(ds.Due))
	case drill.DutyPending:
		if ds.Expected {
			msg = fmt.Sprintf(aw.pPending, drill.FormatOffset(a.card.End), drill.FormatOffset(ds.Due))
		}
	case drill.DutyWaived:
		if ds.Expected {
			msg = fmt.Sprintf(aw.pWaived, md(ds.Reason))
		}
	case drill.DutyCancelled:
		if ds.Expected {
			msg = fmt.Sprintf(aw.pCancelled, md(ds.Reason))
		}
	case drill.DutyNotStarted:
		if ds.Expected {
			msg = aw.pNotStarted
		}
	}
	if ds.Unwanted {
		u := fmt.Sprintf(aw.pUnwanted, drill.FormatOffset(ds.Started), ds.Trigger)
		if msg == "" {
			return u
		}
		msg += aw.clauseSep + u
	}
	if msg != "" && (ds.Outcome == drill.DutyLate || ds.Outcome == drill.DutyMissed) {
		switch ds.Attempts {
		case 0:
			msg += aw.clauseSep + aw.pNoAttempt
		case 1:
			msg += aw.clauseSep + aw.pOneAttempt
		default:
			msg += aw.clauseSep + fmt.Sprintf(aw.pAttempts, ds.Attempts)
		}
	}
	return msg
}

// plan writes the improvement plan: a row for the verdict when it went
// wrong, and one for every duty with a problem.
func (a *aar) plan() {
	aw, card := a.aw, a.card
	a.printf("## %s\n\n%s\n\n", aw.hPlan, aw.planHelp)
	a.header(aw.cIssue, aw.cDeadline, aw.cHappened, aw.cCapability, a.w.cOwner, a.w.cDueDate)
	rows := 0
	v := card.Verdict
	if v.Outcome == drill.VerdictWrong || v.Outcome == drill.VerdictFalseAlarm || v.Outcome == drill.VerdictMissedSecurity || v.Outcome == drill.VerdictNone && v.Expected != "" || v.Late > 0 {
		deadline := "—"
		if v.Within > 0 {
			deadline = drill.FormatOffset(v.Within)
		}
		happened := aw.outcome[v.Outcome]
		if v.Reached != "" {
			happened = fmt.Sprintf(aw.reachedAt, a.verdictTitle(v.Reached), drill.FormatOffset(v.At)) + " — " + happened
		}
		a.row(a.w.fVerdict, deadline, happened, aw.capability[drill.Triage], "", "")
		rows++
	}
	for _, ds := range card.Duties {
		msg := a.problem(ds)
		if msg == "" {
			continue
		}
		deadline := "—"
		if ds.Outcome != drill.DutyNotStarted {
			deadline = drill.FormatOffset(ds.Due)
		}
		caps := make([]string, len(ds.Capabilities))
		for i, c := range ds.Capabilities {
			caps[i] = aw.capability[c]
		}
		a.row(md(ds.Title), deadline, msg, orDash(strings.Join(caps, aw.listSep)), "", "")
		rows++
	}
	if rows == 0 {
		a.row(aw.noIssues, "", "", "", "", "")
	}
	a.printf("\n")
}

// injects lists the scenario's injects with the facilitator's notes, which
// the players never saw during the drill.
func (a *aar) injects() {
	aw := a.aw
	sc := a.card.Scenario
	if len(sc.Injects) == 0 {
		return
	}
	delivered := map[int]bool{}
	for _, in := range a.st.Injects {
		delivered[in.Index] = true
	}
	a.printf("## %s\n\n", aw.hInjects)
	a.header(aw.cTime, aw.cChannel, aw.cFrom, aw.inject, aw.cFacilitator)
	for _, in := range sc.Injects {
		text := md(in.Text)
		if !delivered[in.Index] {
			text += " " + aw.notDelivered
		}
		a.row(drill.FormatClock(in.At), orDash(md(ChannelName(in.Channel, a.w.lang))), orDash(md(in.From)), text, md(in.Facilitator))
	}
	a.printf("\n")
}

func (a *aar) integrity(in Input) {
	a.printf("## %s\n\n", a.w.hIntegrity)
	a.header("", "")
	a.row(a.w.records, fmt.Sprint(in.Records))
	a.row(a.w.headHash, "`"+in.Head+"`")
	if in.Sealed != nil {
		a.row(a.w.sealed, fmt.Sprintf("seq %d, `%s`", in.Sealed.Seq, in.Sealed.Hash))
	} else {
		a.row(a.w.sealed, a.w.notSealed)
	}
	a.row(a.aw.scenarioHash, "`"+a.st.Drill.SHA256+"`")
	a.printf("\n"+a.w.integrityHelp+"\n", a.st.ID)
}

// aarWords is every phrase the after-action report writes, in one
// language; the words shared with the postmortem stay in words.
type aarWords struct {
	title, exercise, hOverview, fName, fScenario, fDate, fLength, lengthFmt, fSpeed, speedFmt string
	fFacilitator, fPlayers, hObjectives, noObjectives                                         string
	hScores, fExpected, fReached, fOutcome, fWithdrawn, noVerdict, reachedAt                  string
	withinTarget, lateVsTarget                                                                string
	outcome                                                                                   map[drill.VerdictOutcome]string
	hRatings, cCapability, cRating, cBasis, notExercised, scaleNote                           string
	rating                                                                                    map[drill.Rating]string
	capability                                                                                map[drill.Capability]string
	check                                                                                     map[drill.CheckName]string
	checkYes, checkNo                                                                         string
	basisVerdict, basisLate, basisRevised                                                     string
	countMet, countLate, countMissed, countWaived, nothingToRate                              string
	hExpectedDuties, hOtherDuties, cStarted, cDeadline, cDone, cResult                        string
	res                                                                                       map[drill.DutyOutcome]string
	resLate, resWaived, resCancelled, resUnwanted                                             string
	hTimeline, cTime, inject, started, overdue                                                string
	hStrengths, hImprove, noneFound, addYours                                                 string
	sVerdict, sWithin, sRevised, sAllMet, sHeldBack, sCapability, sNote, sNotes               string
	iMissedSecurity, iFalseAlarm, iWrong, iNoVerdict, iVerdictLate, iCapability               string
	iCheck                                                                                    map[drill.CheckName]string
	pLate, pMissed, pPending, pWaived, pCancelled, pNotStarted, pUnwanted                     string
	pNoAttempt, pOneAttempt, pAttempts, colon, listSep, clauseSep, cDuty                      string
	hPlan, planHelp, cIssue, cHappened, noIssues                                              string
	hInjects, cChannel, cFrom, cFacilitator, notDelivered, scenarioHash, period               string
}

// aarWordsFor returns the report's words for lang: Japanese for "ja", else
// English. Each call builds a fresh value.
func aarWordsFor(lang string) *aarWords {
	if lang == "ja" {
		return japaneseAARWords()
	}
	return englishAARWords()
}

func englishAARWords() *aarWords {
	return &aarWords{
		title: "After-action report", exercise: "Tabletop exercise", hOverview: "Exercise overview",
		fName: "Exercise name", fScenario: "Scenario", fDate: "Date", fLength: "Scenario time", lengthFmt: "%s from the opening",
		fSpeed: "Speed", speedFmt: "%g× (scenario time per real time, at the start)",
		fFacilitator: "Facilitator", fPlayers: "Participants", hObjectives: "Objectives", noObjectives: "_The scenario set no objectives._",
		hScores: "Scores", fExpected: "Expected", fReached: "Reached", fOutcome: "Outcome", fWithdrawn: "Revised away",
		noVerdict: "no verdict", reachedAt: "%s at %s",
		withinTarget: " (target %s: on time)", lateVsTarget: " (%s over the %s target)",
		outcome: map[drill.VerdictOutcome]string{
			drill.VerdictCorrect:        "correct",
			drill.VerdictWrong:          "wrong verdict",
			drill.VerdictFalseAlarm:     "false alarm: an ordinary fault judged a security incident",
			drill.VerdictMissedSecurity: "missed: a security incident judged not security (the worst outcome)",
			drill.VerdictNone:           "no verdict reached",
			drill.VerdictUnscored:       "reached (the scenario expected none in particular)",
		},
		hRatings: "Capability ratings", cCapability: "Capability", cRating: "Rating", cBasis: "Based on", notExercised: "not exercised",
		scaleNote: "_Ratings follow HSEEP's scale: **P** performed without challenges, **S** performed with some challenges, **M** performed with major challenges, **U** unable to be performed. docs/drills.md gives the rule behind each._",
		rating: map[drill.Rating]string{
			drill.Performed: "Performed without challenges", drill.SomeChallenges: "Performed with some challenges",
			drill.MajorChallenges: "Performed with major challenges", drill.Unable: "Unable to be performed",
		},
		capability: map[drill.Capability]string{
			drill.Triage: "Triage (verdict)", drill.VendorCoordination: "Vendor coordination", drill.SecurityEscalation: "Security escalation",
			drill.RegulatoryNotification: "Regulatory notification", drill.Documentation: "Documentation",
		},
		check: map[drill.CheckName]string{
			drill.CheckNotes: "notes", drill.CheckSummary: "closing summary", drill.CheckAttempts: "attempts logged on late or missed duties",
			drill.CheckWaiveReasons: "reasons for waived duties",
		},
		checkYes: "yes", checkNo: "no",
		basisVerdict: "%s at %s", basisLate: "%s over the target", basisRevised: "%d verdict(s) revised away",
		countMet: "%d on time", countLate: "%d late", countMissed: "%d missed", countWaived: "%d waived with a reason",
		nothingToRate:   "no such duty came due",
		hExpectedDuties: "Duties the scenario expected", hOtherDuties: "Other duties that started",
		cStarted: "Started", cDeadline: "Deadline", cDone: "Done", cResult: "Result",
		res: map[drill.DutyOutcome]string{
			drill.DutyMet: "on time", drill.DutyMissed: "**missed**", drill.DutyPending: "not yet due",
			drill.DutyNotStarted: "never started",
		},
		resLate: "**late by %s**", resWaived: "waived: %s", resCancelled: "cancelled: %s", resUnwanted: "(the scenario expected it not to start)",
		hTimeline: "Timeline (scenario time)", cTime: "Time", inject: "Inject",
		started: "Duty started: %s, due %s (trigger %s).", overdue: "OVERDUE: %s (was due %s).",
		hStrengths: "Strengths", hImprove: "Areas for improvement", noneFound: "_Nothing in the record; add what the room observed._",
		addYours: "_Add what the facilitator and the players observed that the record cannot show._",
		sVerdict: "Reached the right verdict, %s, at %s", sWithin: ", within the %s target.", sRevised: "Revised the triage when the facts changed, instead of holding on to the first verdict.",
		sAllMet: "Met every deadline the scenario expected (%d of them) on time.", sHeldBack: "Did not start what the facts did not call for: %s.",
		sCapability: "%s: performed without challenges (%s).", sNote: "Kept the timeline: a note recorded as things happened.", sNotes: "Kept the timeline: %d notes recorded as things happened.",
		iMissedSecurity: "A security incident, %s, was judged not security (%s): every security clock stayed stopped. Review the triage questions that led there.",
		iFalseAlarm:     "An ordinary fault was treated as a security incident (%s, where the facts pointed to %s), starting security duties the facts did not call for.",
		iWrong:          "The verdict was %s where the scenario expected %s.",
		iNoVerdict:      "No verdict was reached by the end of the drill (%s).",
		iVerdictLate:    "The verdict came at %s, %s over the %s target.",
		iCapability:     "%s: %s (%s).",
		iCheck: map[drill.CheckName]string{
			drill.CheckNotes: "No notes were recorded on the timeline.", drill.CheckSummary: "The incident was not closed with a summary.",
			drill.CheckAttempts: "Late or missed duties have no attempt logged: the record does not show what was tried.", drill.CheckWaiveReasons: "A waived duty has no reason on the record.",
		},
		pLate: "done at %s, %s late (due %s)", pMissed: "not done; due %s passed", pPending: "not done by the end at %s (due %s)",
		pWaived: "waived (%s) though the scenario expected it", pCancelled: "cancelled (%s) though the scenario expected it",
		pNotStarted: "never started, though the scenario expected it", pUnwanted: "started at %s (trigger %s) though the facts did not call for it",
		pNoAttempt: "no attempt logged", pOneAttempt: "1 attempt logged", pAttempts: "%d attempts logged",
		colon: ": ", listSep: ", ", clauseSep: "; ", cDuty: "Duty",
		hPlan: "Improvement plan", planHelp: "_One row per issue the record shows. Owners and due dates are for people to fill in._",
		cIssue: "Issue", cHappened: "What happened", noIssues: "_No duty was missed or late._",
		hInjects: "Injects and facilitator notes", cChannel: "Channel", cFrom: "From", cFacilitator: "Facilitator's note",
		notDelivered: "_(not delivered)_", scenarioHash: "Scenario (SHA-256 of the file as played)", period: ".",
	}
}

func japaneseAARWords() *aarWords {
	return &aarWords{
		title: "事後検証報告書（AAR）", exercise: "机上訓練", hOverview: "訓練の概要",
		fName: "訓練名", fScenario: "シナリオ", fDate: "実施日", fLength: "シナリオ時間", lengthFmt: "開始から %s",
		fSpeed: "速度", speedFmt: "%g 倍（開始時の、実時間に対するシナリオ時間）",
		fFacilitator: "進行役", fPlayers: "参加者", hObjectives: "訓練の目標", noObjectives: "_シナリオに目標の設定はありません。_",
		hScores: "評価", fExpected: "想定された判定", fReached: "実際の判定", fOutcome: "結果", fWithdrawn: "見直しで取り消した判定",
		noVerdict: "判定なし", reachedAt: "%s（%s）",
		withinTarget: "（目標 %s 以内：達成）", lateVsTarget: "（目標 %[2]s を %[1]s 超過）",
		outcome: map[drill.VerdictOutcome]string{
			drill.VerdictCorrect:        "正しい判定",
			drill.VerdictWrong:          "誤った判定",
			drill.VerdictFalseAlarm:     "過剰判定：通常の障害をセキュリティ事案と判定",
			drill.VerdictMissedSecurity: "見逃し：セキュリティ事案をセキュリティ以外と判定（最も重大な誤り）",
			drill.VerdictNone:           "判定に至らず",
			drill.VerdictUnscored:       "判定あり（シナリオは特定の判定を想定していない）",
		},
		hRatings: "能力別の評価", cCapability: "能力", cRating: "評価", cBasis: "根拠", notExercised: "対象外（演習されず）",
		scaleNote: "_評価は HSEEP の尺度による：**P** 課題なく実施できた、**S** 一部に課題があった、**M** 大きな課題があった、**U** 実施できなかった。各評価の規則は docs/drills.md にある。_",
		rating: map[drill.Rating]string{
			drill.Performed: "課題なく実施できた", drill.SomeChallenges: "一部に課題があった",
			drill.MajorChallenges: "大きな課題があった", drill.Unable: "実施できなかった",
		},
		capability: map[drill.Capability]string{
			drill.Triage: "判定（トリアージ）", drill.VendorCoordination: "ベンダーとの連携", drill.SecurityEscalation: "セキュリティのエスカレーション",
			drill.RegulatoryNotification: "当局への届出・報告", drill.Documentation: "記録",
		},
		check: map[drill.CheckName]string{
			drill.CheckNotes: "メモ", drill.CheckSummary: "クローズ時の概要", drill.CheckAttempts: "遅延・未完了の対応事項への試行の記録",
			drill.CheckWaiveReasons: "免除した対応事項の理由",
		},
		checkYes: "あり", checkNo: "なし",
		basisVerdict: "%s（%s）", basisLate: "目標を %s 超過", basisRevised: "%d 件の判定を見直し",
		countMet: "期限内 %d", countLate: "遅延 %d", countMissed: "未完了 %d", countWaived: "理由付きで免除 %d",
		nothingToRate:   "該当する対応事項の期限なし",
		hExpectedDuties: "シナリオが想定した対応事項", hOtherDuties: "そのほかに開始した対応事項",
		cStarted: "開始", cDeadline: "期限", cDone: "完了", cResult: "結果",
		res: map[drill.DutyOutcome]string{
			drill.DutyMet: "期限内", drill.DutyMissed: "**未完了（期限超過）**", drill.DutyPending: "期限前",
			drill.DutyNotStarted: "開始されず",
		},
		resLate: "**%s 遅れ**", resWaived: "免除：%s", resCancelled: "取消：%s", resUnwanted: "（シナリオは開始しないことを想定）",
		hTimeline: "タイムライン（シナリオ時間）", cTime: "時刻", inject: "インジェクト",
		started: "対応事項を開始：%s、期限 %s（契機 %s）。", overdue: "期限超過：%s（期限 %s）。",
		hStrengths: "良かった点", hImprove: "改善が必要な点", noneFound: "_記録からは見つかりません。会場で気づいたことを追記してください。_",
		addYours: "_記録には残らない、進行役と参加者が気づいたことを追記してください。_",
		sVerdict: "%s（%s）と正しく判定した", sWithin: "（目標 %s 以内）。", sRevised: "事実が変わったとき、最初の判定に固執せずトリアージを見直した。",
		sAllMet: "シナリオが想定した期限（%d 件）をすべて守った。", sHeldBack: "事実が求めていない対応を開始しなかった：%s。",
		sCapability: "%s：課題なく実施できた（%s）。", sNote: "事態の進行に合わせてタイムラインにメモを残した。", sNotes: "事態の進行に合わせてタイムラインにメモを %d 件残した。",
		iMissedSecurity: "セキュリティ事案 %s を、セキュリティ以外（%s）と判定した。セキュリティ関連の期限がすべて開始されなかった。そこに至ったトリアージの質問を見直す。",
		iFalseAlarm:     "通常の障害をセキュリティ事案（%s）として扱い（事実が示していたのは %s）、必要のないセキュリティ対応を開始した。",
		iWrong:          "判定は %s だったが、シナリオの想定は %s だった。",
		iNoVerdict:      "訓練の終了（%s）までに判定に至らなかった。",
		iVerdictLate:    "判定は %s で、目標 %[3]s を %[2]s 超過した。",
		iCapability:     "%s：%s（%s）。",
		iCheck: map[drill.CheckName]string{
			drill.CheckNotes: "タイムラインにメモが残っていない。", drill.CheckSummary: "概要を付けてクローズしていない。",
			drill.CheckAttempts: "遅延・未完了の対応事項に試行の記録がなく、何を試みたかが記録からわからない。", drill.CheckWaiveReasons: "免除した対応事項に理由が記録されていない。",
		},
		pLate: "%s に完了、%s 遅れ（期限 %s）", pMissed: "未完了、期限 %s を超過", pPending: "終了時点（%s）で未完了（期限 %s）",
		pWaived: "シナリオの想定に反して免除（%s）", pCancelled: "シナリオの想定に反して取消（%s）",
		pNotStarted: "シナリオの想定に反して開始されず", pUnwanted: "事実が求めていないのに %s に開始（契機 %s）",
		pNoAttempt: "試行の記録なし", pOneAttempt: "試行の記録 1 件", pAttempts: "試行の記録 %d 件",
		colon: "：", listSep: "、", clauseSep: "、", cDuty: "対応事項",
		hPlan: "改善計画", planHelp: "_記録から見つかった課題を 1 行に 1 件。担当と期日は記入してください。_",
		cIssue: "課題", cHappened: "起きたこと", noIssues: "_期限超過・遅延した対応事項はありません。_",
		hInjects: "インジェクトと進行役のメモ", cChannel: "経路", cFrom: "発信元", cFacilitator: "進行役のメモ",
		notDelivered: "_（未配信）_", scenarioHash: "シナリオ（実施したファイルの SHA-256）", period: "。",
	}
}
