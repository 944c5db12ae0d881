package drill

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
)

// MinSpeed and MaxSpeed bound time compression. Real time is the slowest a
// drill runs: nothing is learnt in slow motion, and a speed near zero makes
// the time until the next inject overflow. An hour of scenario time per
// real second is already faster than anyone can play.
const (
	MinSpeed = 1
	MaxSpeed = 3600
)

// Scenario is a validated drill scenario: what the facilitator injects and
// when, what the team is expected to achieve, and scripted steps that play
// the team's part in `shodo test`.
type Scenario struct {
	ID         string
	Title      string
	RunbookRef string // the `runbook` value as written: a runbook id or a path relative to the scenario
	Summary    string
	Lang       string
	// Speed is the default time compression: 60 plays one scenario minute
	// per real second. It is 1 (real time) when the file gives none.
	Speed float64
	// Start is the scenario's T+0 (`start`, RFC 3339 with its offset: the
	// Friday evening before the New Year closure), so that business-day
	// clocks play the same in every run; zero when the file gives none,
	// and the drill begins when it is started.
	Start      time.Time
	Objectives []string
	// Injects are in file order; Inject.Index is the position here.
	Injects []Inject
	Expect  Expect
	// Steps are in time order (validation rejects any other).
	Steps []Step

	// Runbook is the runbook the scenario was validated against; nil when
	// Parse was given no resolver.
	Runbook *runbook.Runbook
	// Path names the file in diagnostics; Source is its text, byte for
	// byte, and SHA256 the hex hash of Source. A drill embeds Source and
	// SHA256 in its journal, so that it can be scored again later.
	Path   string
	Source string
	SHA256 string
}

// Inject is one message the facilitator delivers at a scenario time.
type Inject struct {
	Index  int           // position in Scenario.Injects
	At     time.Duration // scenario offset
	AtText string        // the offset as written ("1h30m")
	From   string
	Text   string
	// Channel is how it arrives: phone, email, monitoring, chat,
	// in-person, news, …
	Channel string
	// Facilitator is what to watch for after this inject; it is never
	// shown to the players as part of the inject.
	Facilitator string
	Pos         runbook.Pos
}

// Expect is what a scenario counts as success.
type Expect struct {
	Verdict string
	// VerdictWithin is how long the team has to reach a verdict; 0 when
	// the scenario sets no target. VerdictWithinText is it as written.
	VerdictWithin     time.Duration
	VerdictWithinText string
	// Met are duties that must be done on time.
	Met []string
	// NotStarted are duties that must never be triggered.
	NotStarted []string
	// Ticked are checklist items ("duty/item") that must be ticked at the
	// end, and Approved duties that must have been approved (in the role
	// their runbook names).
	Ticked   []ItemRef
	Approved []string
	// Filled are report fields ("duty/field") that must have a value at
	// the end.
	Filled []FieldRef
	// Reached (format version 2) are recipients ("duty/recipient") of
	// duties owed to several that must have been reached at the end.
	Reached []RecipientRef
	// Registered (format version 2) are evidence entries of the runbook
	// that must have an artefact registered against them at the end.
	Registered []string
	// Ending is how the incident must end when it is none
	// (incident.EndFalseAlarm, …): the team must see that the alarm was
	// not an incident and close it so, without a verdict. Empty when the
	// scenario expects a verdict's work; a scenario expects one or the
	// other.
	Ending string
	// InOrder (format version 2) are duties with a `before` whose order
	// must be kept: each done before the duty its before names.
	InOrder []string
	// Dimensions (format version 2) are the values the runbook's
	// dimensions must have at the end, by dimension id.
	Dimensions map[string]string
}

// Action names what a scripted step does.
type Action string

// Step actions, as the keys that introduce them in a scenario. Each is the
// Step of the event type it records in the event registry
// (incident.Kinds): the registry says which events a drill can script.
const (
	ActionAnswer  Action = "answer"  // answer = "node/option"; "node/a,b" on a multi node, "node/1200" on a number node
	ActionDone    Action = "done"    // done = "duty", with by, an optional note, and unticked = true to confirm required items left
	ActionTick    Action = "tick"    // tick = "duty/item": a checklist item
	ActionUntick  Action = "untick"  // untick = "duty/item"
	ActionApprove Action = "approve" // approve = "duty", by the step's actor
	ActionFill    Action = "fill"    // fill = "duty/field", with value (a string, or a list for a list field; empty clears it)
	// ActionRegister registers an artefact: register = "what", with where,
	// and optionally evidence (the runbook's entry), sha256, size,
	// collector and happened (when it was collected).
	ActionRegister Action = "register"
	// ActionTransfer hands an artefact over: transfer = "E1" (the id the
	// register gives, E1 for the first registered), with to, how, reason,
	// and optionally from, where and copy = true.
	ActionTransfer Action = "transfer"
	// ActionCheck records an artefact checked again: check = "E1", with
	// sha256 (the hash computed again) or missing = true, and optionally
	// where it was looked for.
	ActionCheck   Action = "check"
	ActionAttempt Action = "attempt" // attempt = "duty", with by and outcome
	ActionWaive   Action = "waive"   // waive = "duty", with reason
	ActionReopen  Action = "reopen"  // reopen = "duty", with reason: its done or waive is taken back
	ActionRestart Action = "restart" // restart = "duty", with reason: its clock counts afresh
	ActionPause   Action = "pause"   // pause = "duty", with reason: its clock stands still
	ActionResume  Action = "resume"  // resume = "duty", with an optional reason
	// ActionExtend records an extension an authority granted: extend =
	// "duty", with authority and length, and optionally reference, step,
	// affirmed = true and happened (when it was granted) (format version 2).
	ActionExtend Action = "extend"
	ActionStamp  Action = "stamp"  // stamp = "milestone"
	ActionNote   Action = "note"   // note = "text"
	ActionRevise Action = "revise" // revise = "node"
	ActionClose  Action = "close"  // close = "summary"; the last step

	// ActionTake: take = "role", the step's actor takes a runbook role
	// (format version 2).
	ActionTake Action = "take"
	// ActionHandOver: hand_over = "role", with to: the step's actor, who
	// holds the role, hands it over (format version 2).
	ActionHandOver Action = "hand_over"
)

// Actions returns the step actions, in the event registry's order (a new
// slice each call).
func Actions() []Action {
	var as []Action
	for _, k := range incident.Kinds() {
		if k.Step != "" {
			as = append(as, Action(k.Step))
		}
	}
	return as
}

// Step is one scripted responder action for `shodo test`.
type Step struct {
	At     time.Duration
	AtText string
	Action Action
	// Node and Option are set for answer (both) and revise (Node). On a
	// multi node Multi is set and Option is the set as written
	// ("cards,names"; see Picked); on a number node HasNumber is set and
	// Number is the number (format version 2).
	Node, Option string
	Multi        bool
	Number       float64
	HasNumber    bool
	// Duty is set for done, attempt, waive, reopen, restart, pause, resume, tick,
	// untick and approve; By names the means, Item the checklist item.
	Duty string
	By   string
	Item string
	// Recipient is set for reach, and for an attempt or waive of one
	// recipient ("duty/recipient"): the recipient of Duty.
	Recipient string
	// Unticked, on a done step, confirms that the required checklist
	// items still unticked may stay so, as a person asked would.
	Unticked bool
	// Field and Values are set for fill: the report field of Duty, and
	// its value (a list's entries; none clears it).
	Field  string
	Values []string
	// Milestone is set for stamp.
	Milestone string
	// Role is set for take and hand_over; Receiver, for hand_over, is who
	// holds it from then on.
	Role, Receiver string
	// Happened is, for a stamp with `happened`, the scenario offset at which
	// the milestone really came (HasHappened; never after At): the stamp
	// claims it, and the clocks it starts count from it. On a done step
	// (format version 2) it is when the report was really submitted, which
	// clocks counting from done:<duty> count from.
	Happened     time.Duration
	HappenedText string
	HasHappened  bool
	// Note is the text of a note step, or the optional note of a done step.
	Note    string
	Outcome string // attempt
	Reason  string // waive, reopen, restart, pause, resume
	Summary string // close: its summary, or the reason of an ending
	// Ending closes the incident as one that was none (incident.Endings)
	// instead of with a summary of its work; Of names the incident a
	// duplicate duplicates.
	Ending, Of string
	// Register is the artefact of a register step, Transfer the
	// hand-over of a transfer step, Check what a check step found.
	Register incident.NewEvidence
	Transfer incident.Transfer
	Check    incident.Recheck
	// Grant is the extension of an extend step; its Granted is set when
	// the step is played, from Happened.
	Grant incident.Grant
	// Actor plays the step; empty means the runner's default player.
	Actor string
	Pos   runbook.Pos
}

// Describe writes the step as it reads in a scenario: "answer symptom/outage".
func (s Step) Describe() string {
	switch s.Action {
	case ActionAnswer:
		return fmt.Sprintf("answer %s/%s", s.Node, s.Option)
	case ActionAttempt, ActionWaive:
		if s.Recipient != "" {
			return fmt.Sprintf("%s %s/%s", s.Action, s.Duty, s.Recipient)
		}
		return fmt.Sprintf("%s %s", s.Action, s.Duty)
	case ActionDone, ActionReopen, ActionRestart, ActionPause, ActionResume, ActionApprove, ActionExtend:
		return fmt.Sprintf("%s %s", s.Action, s.Duty)
	case ActionTick, ActionUntick:
		return fmt.Sprintf("%s %s/%s", s.Action, s.Duty, s.Item)
	case ActionFill:
		return fmt.Sprintf("%s %s/%s", s.Action, s.Duty, s.Field)
	case ActionReach:
		return fmt.Sprintf("%s %s/%s", s.Action, s.Duty, s.Recipient)
	case ActionStamp:
		return "stamp " + s.Milestone
	case ActionRevise:
		return "revise " + s.Node
	case ActionRegister:
		// The runbook's entry, not the words: they are in the scenario's
		// language, and a scenario and its translation describe alike.
		if s.Register.Expected != "" {
			return "register " + s.Register.Expected
		}
		return string(s.Action)
	case ActionTransfer:
		return "transfer " + s.Transfer.Evidence
	case ActionCheck:
		return "check " + s.Check.Evidence
	case ActionTake, ActionHandOver:
		return string(s.Action) + " " + s.Role
	}
	return string(s.Action)
}

// Resolver finds the runbook a scenario names; engine/library provides the
// one shodo uses. ref is the `runbook` value as written; from is the
// scenario's path, for references relative to it. It returns the runbook,
// or nil with the runbook's own diagnostics (when it exists but does not
// load) and an error saying why, in words that fit after "runbook: ": a
// *runbook.Problem, so that the diagnostic says it in the reader's language
// (any other error is quoted as it is).
type Resolver func(ref, from string) (*runbook.Runbook, runbook.Diagnostics, error)

// Keys accepted in each table of a scenario.
var (
	scenarioKeys = []string{"shodo", "id", "title", "runbook", "summary", "speed", "start", "objectives", "lang", "injects", "expect", "steps"}
	injectKeys   = []string{"at", "from", "text", "channel", "facilitator"}
	expectKeys   = []string{"verdict", "verdict_within", "met", "not_started", "ending", "in_order", "ticked", "approved", "filled", "dimensions", "registered", "reached"}
	// stepKeys are the keys of a step besides its action's.
	stepKeys = []string{"at", "by", "outcome", "reason", "actor", "happened", "ending", "of", "unticked", "value", "authority", "reference", "length", "step", "affirmed"}
)

// Channels returns the inject channels shodo knows (a new slice each call); another one is allowed with
// a warning, since a typo ("emial") is likelier than a new medium.
func Channels() []string {
	return []string{"phone", "email", "monitoring", "chat", "in-person", "news", "ticket", "portal", "letter", "fax", "sms", "social", "web", "radio"}
}

var scenarioIDPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`) })

// Parse reads the scenario in src (name is how diagnostics name the file)
// and checks every reference it makes — answers, duties, means, milestones,
// verdicts — against the runbook resolve returns, reporting every problem
// at once with file:line:col. With a nil resolve, references are not
// checked. The scenario is nil when any diagnostic is an error.
func Parse(name string, src []byte, resolve Resolver) (*Scenario, runbook.Diagnostics) {
	doc, diags := runbook.DecodeDocument(name, src)
	if doc == nil {
		return nil, diags
	}
	return ParseDocument(doc, resolve)
}

// ParseDocument is Parse of a file already decoded, as a walk over runbook
// files decodes every file it finds (runbook.Set.ScenarioDocument): the
// scenario is not decoded a second time.
func ParseDocument(doc *runbook.Document, resolve Resolver) (*Scenario, runbook.Diagnostics) {
	name, src := doc.Name(), doc.Source()
	sum := sha256.Sum256(src)
	p := &parser{sc: &Scenario{Path: name, Source: string(src), SHA256: hex.EncodeToString(sum[:]), Speed: 1}}
	root := doc.Root()
	root.CheckFormat()
	root.Allow(msgWhatAScenario.With(), scenarioKeys...)
	p.header(root)
	if p.sc.RunbookRef != "" && resolve != nil {
		rb, rdiags, err := resolve(p.sc.RunbookRef, name)
		switch {
		case rb != nil:
			p.rb, p.sc.Runbook = rb, rb
		case err != nil:
			root.Error("runbook", msgRunbook, runbook.Quoted("Runbook", p.sc.RunbookRef), runbook.Part("Problem", runbook.ProblemOf(err)))
			for _, d := range rdiags {
				if d.Severity == runbook.Error {
					p.extra = append(p.extra, d)
				}
			}
		}
	}
	for i, t := range root.List("injects", msgKindInject) {
		p.inject(i, t)
	}
	if e, ok := root.Table("expect"); ok {
		p.expect(e)
	}
	for i, t := range root.List("steps", msgKindStep) {
		p.step(i, t)
	}
	for i, st := range p.sc.Steps {
		if st.Action == ActionClose && i < len(p.sc.Steps)-1 {
			p.stepTables[i].Error(string(ActionClose), msgCloseNotLast, runbook.Number("N", i+1), runbook.Number("More", len(p.sc.Steps)-1-i))
		}
	}
	diags := append(doc.Diagnostics(), p.extra...).Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return p.sc, diags
}

// parser carries what Parse has read so far.
type parser struct {
	sc         *Scenario
	rb         *runbook.Runbook // nil when unresolved: references go unchecked
	extra      runbook.Diagnostics
	stepTables []runbook.Table
	lastAt     time.Duration // latest step offset so far
	lastAtText string
	// registered counts the register steps read so far: a transfer names
	// an artefact by the id the register gives, E1 to E<registered>.
	registered int
}

func (p *parser) header(root runbook.Table) {
	sc := p.sc
	theScenario := msgWhatScenario.With()
	sc.ID = root.Required(theScenario, "id", exScenarioID)
	if sc.ID != "" && !scenarioIDPattern().MatchString(sc.ID) {
		root.Error("id", msgBadID, runbook.Quoted("ID", sc.ID))
	}
	sc.Title = root.Required(theScenario, "title", exScenarioTitle)
	sc.RunbookRef = root.Required(theScenario, "runbook", exScenarioRunbook)
	sc.Summary = root.Text("summary")
	sc.Lang = root.Line("lang")
	if v, ok := root.Number("speed"); ok {
		if !(v >= MinSpeed && v <= MaxSpeed) || math.IsNaN(v) {
			root.Error("speed", msgBadSpeed, runbook.Plain("Speed", fmt.Sprint(v)), runbook.Number("Min", MinSpeed), runbook.Number("Max", MaxSpeed))
		} else {
			sc.Speed = v
		}
	}
	if root.Has("start") {
		sc.Start = startTime(root)
	}
	sc.Objectives = root.Strings("objectives")
}

// startTime reads `start`: an RFC 3339 time with its offset, quoted or as
// a TOML offset date-time. A time without an offset would depend on the
// machine's zone, which is what start exists to avoid.
func startTime(root runbook.Table) time.Time {
	raw, _ := root.Raw("start")
	var t time.Time
	ok := false
	switch v := raw.(type) {
	case string:
		parsed, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
		t, ok = parsed, err == nil
	case time.Time:
		// BurntSushi/toml marks local date-times and dates with zones of
		// its own; only an offset date-time names an instant.
		name := v.Location().String()
		t, ok = v, !strings.HasSuffix(name, "-local")
	}
	if !ok {
		root.Error("start", msgBadStart, runbook.Plain("Start", fmt.Sprint(raw)))
		return time.Time{}
	}
	return t
}

// offset reads the `at` key of an inject or step.
func offset(t runbook.Table, what runbook.Msg) (time.Duration, string, bool) {
	if !t.Has("at") {
		t.Missing(what, "at", exAt.With())
		return 0, "", false
	}
	d, ok := t.Offset(what, "at")
	if !ok {
		return 0, "", false
	}
	raw, _ := t.Raw("at")
	s, _ := raw.(string)
	return d.Approx(), s, true
}

func (p *parser) inject(i int, t runbook.Table) {
	what := msgWhatInject.With(runbook.Number("N", i+1))
	t.Allow(what, injectKeys...)
	inj := Inject{Index: len(p.sc.Injects), Pos: t.Pos("")}
	inj.At, inj.AtText, _ = offset(t, what)
	inj.From = t.Line("from")
	if !t.Has("text") {
		t.Missing(what, "text", exInjectText.With())
	}
	inj.Text = t.Text("text")
	if t.Has("text") && strings.TrimSpace(inj.Text) == "" {
		t.Error("text", msgEmptyText, runbook.Part("What", what))
	}
	inj.Channel = t.Line("channel")
	if inj.Channel != "" && !slices.Contains(Channels(), inj.Channel) {
		hint := runbook.DidYouMean(inj.Channel, Channels())
		if hint.ID == "" {
			hint = msgHintChannels.With(runbook.PlainList("Channels", Channels()))
		}
		t.Warn("channel", msgUnknownChannel, runbook.Part("What", what), runbook.Quoted("Channel", inj.Channel), runbook.Part("Hint", hint))
	}
	inj.Facilitator = t.Text("facilitator")
	p.sc.Injects = append(p.sc.Injects, inj)
}

func (p *parser) expect(e runbook.Table) {
	expect := msgWhatExpect.With()
	e.Allow(expect, expectKeys...)
	e.Since(2, "ticked", "approved", "filled", "registered", "reached")
	x := &p.sc.Expect
	x.Verdict = e.Line("verdict")
	if x.Verdict != "" && p.rb != nil && p.rb.Verdict(x.Verdict) == nil {
		e.Dangling("verdict", msgUnknownVerdict, x.Verdict, verdictIDs(p.rb), runbook.Plain("Runbook", p.rb.ID), runbook.Quoted("Verdict", x.Verdict))
	}
	if e.Has("verdict_within") {
		if d, ok := e.Duration(expect, "verdict_within"); ok {
			x.VerdictWithin = d.Approx()
			x.VerdictWithinText = e.Line("verdict_within")
		}
	}
	x.Ending = e.Line("ending")
	if x.Ending != "" && !incident.IsEnding(x.Ending) {
		e.Dangling("ending", msgUnknownEnding, x.Ending, incident.Endings, runbook.Part("What", expect), runbook.Quoted("Ending", x.Ending))
	}
	if x.Ending != "" && x.Verdict != "" {
		e.Error("ending", msgVerdictAndEnding, runbook.Quoted("Verdict", x.Verdict), runbook.Quoted("Ending", x.Ending))
	}
	for i, raw := range e.Strings("ticked") {
		if ref, ok := p.itemRef(e, expect, fmt.Sprintf("ticked[%d]", i), raw); ok {
			x.Ticked = append(x.Ticked, ref)
		}
	}
	x.Filled = p.expectFilled(e, expect)
	x.Reached = p.expectReached(e, expect)
	x.Registered = p.expectRegistered(e, expect)
	x.Approved = e.Strings("approved")
	for i, id := range x.Approved {
		at := fmt.Sprintf("approved[%d]", i)
		if p.rb == nil {
			continue
		}
		if d := p.rb.Duty(id); d == nil {
			e.Dangling(at, msgUnknownExpected, id, dutyIDs(p.rb), runbook.Plain("Key", "approved"), runbook.Quoted("Duty", id), runbook.Plain("Runbook", p.rb.ID))
		} else if d.Approval == nil {
			e.Error(at, msgNoApproval, runbook.Part("What", expect), runbook.Quoted("Duty", id))
		}
	}
	x.Met = e.Strings("met")
	x.NotStarted = e.Strings("not_started")
	e.Since(2, "in_order")
	x.InOrder = e.Strings("in_order")
	p.expectDimensions(e)
	for i, id := range x.InOrder {
		at := fmt.Sprintf("in_order[%d]", i)
		switch d := p.dutyOf(id); {
		case p.rb == nil:
		case d == nil:
			e.Dangling(at, msgUnknownExpected, id, dutyIDs(p.rb), runbook.Plain("Key", "in_order"), runbook.Quoted("Duty", id), runbook.Plain("Runbook", p.rb.ID))
		case d.Before == "":
			e.Error(at, msgInOrderNoBefore, runbook.Quoted("Duty", id), runbook.Plain("Runbook", p.rb.ID))
		}
	}
	for key, list := range map[string][]string{"met": x.Met, "not_started": x.NotStarted} {
		for i, id := range list {
			at := fmt.Sprintf("%s[%d]", key, i)
			if p.rb != nil && p.rb.Duty(id) == nil {
				e.Dangling(at, msgUnknownExpected, id, dutyIDs(p.rb), runbook.Plain("Key", key), runbook.Quoted("Duty", id), runbook.Plain("Runbook", p.rb.ID))
			}
			if key == "not_started" && slices.Contains(x.Met, id) {
				e.Error(at, msgMetAndNotStarted, runbook.Quoted("Duty", id))
			}
		}
	}
}

func (p *parser) step(i int, t runbook.Table) {
	what := msgWhatStep.With(runbook.Number("N", i+1))
	actions := Actions()
	keys := slices.Clone(stepKeys)
	for key := range evidenceStepKeys {
		keys = append(keys, key)
	}
	for _, a := range actions {
		keys = append(keys, string(a))
	}
	t.Allow(what, keys...)
	t.Since(2, string(ActionTick), string(ActionUntick), string(ActionApprove), "unticked", string(ActionFill), "value", string(ActionRegister), string(ActionTransfer), string(ActionCheck), string(ActionReach))
	t.Since(2, slices.Sorted(maps.Keys(evidenceStepKeys))...)
	t.Since(2, string(ActionTake), string(ActionHandOver))
	t.Since(2, string(ActionExtend), "authority", "reference", "length", "step", "affirmed")
	st := Step{Pos: t.Pos("")}
	at, atText, ok := offset(t, what)
	if ok {
		if i > 0 && at < p.lastAt {
			t.Error("at", msgStepOutOfOrder, runbook.Part("What", what), runbook.Plain("At", atText), runbook.Plain("Earlier", p.lastAtText))
		} else {
			p.lastAt, p.lastAtText = at, atText
		}
		st.At, st.AtText = at, atText
	}
	// `note` is an action of its own, or the note of a done step.
	var found []Action
	for _, a := range actions {
		if t.Has(string(a)) && !(a == ActionNote && t.Has(string(ActionDone))) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 0:
		t.Error("", msgNoAction, runbook.Part("What", what), runbook.OrList("Actions", actionNames(actions)))
	case 1:
		st.Action = found[0]
	default:
		t.Error(string(found[1]), msgTwoActions, runbook.Part("What", what), runbook.Quoted("First", string(found[0])), runbook.Quoted("Second", string(found[1])))
	}
	withAction := map[string][]Action{"by": {ActionDone, ActionAttempt, ActionReach}, "outcome": {ActionAttempt}, "reason": {ActionWaive, ActionReopen, ActionRestart, ActionPause, ActionResume, ActionTransfer},
		"happened": {ActionStamp, ActionDone, ActionRegister, ActionExtend}, "ending": {ActionClose}, "of": {ActionClose}, "unticked": {ActionDone}, "value": {ActionFill},
		"authority": {ActionExtend}, "reference": {ActionExtend}, "length": {ActionExtend}, "step": {ActionExtend}, "affirmed": {ActionExtend}}
	maps.Copy(withAction, evidenceStepKeys)
	for key, allowed := range withAction {
		if t.Has(key) && st.Action != "" && !slices.Contains(allowed, st.Action) {
			t.Error(key, msgKeyWithAction, runbook.Part("What", what), runbook.Quoted("Key", key), runbook.AndList("Allowed", actionNames(allowed)), runbook.Plain("Action", string(st.Action)))
		}
	}
	st.Actor = t.Line("actor")
	main := string(st.Action)
	value := ""
	if st.Action != "" {
		if st.Action == ActionNote || st.Action == ActionClose {
			value = t.Text(main)
		} else {
			value = t.Line(main)
		}
		// A value of the wrong type was reported already; only an empty
		// string is reported here.
		if raw, _ := t.Raw(main); isString(raw) && strings.TrimSpace(raw.(string)) == "" {
			t.Error(main, msgEmptyValue, runbook.Part("What", what), runbook.Plain("Key", main))
		}
	}
	switch st.Action {
	case ActionAnswer:
		p.parseAnswer(t, what, main, value, &st)
	case ActionRevise:
		st.Node = value
		p.checkNode(t, what, main, value)
	case ActionDone, ActionAttempt, ActionWaive:
		st.Duty = value
		st.By = t.Line("by")
		if st.Action != ActionDone && strings.Contains(value, "/") {
			// attempt or waive = "duty/recipient" (format version 2): one
			// recipient of a duty owed to several, as C does in the TUI.
			t.SinceValue(2, string(st.Action), value)
			st.Duty = ""
			if ref, ok := p.recipientRef(t, what, string(st.Action), value); ok {
				st.Duty, st.Recipient = ref.Duty, ref.Recipient
			}
		} else {
			p.checkDuty(t, what, st)
		}
		switch st.Action {
		case ActionDone:
			st.Note = t.Text("note")
			st.Unticked, _ = t.Bool("unticked")
			// On a done step, happened is when the report was really
			// submitted (format version 2): done:<duty> counts from it.
			t.Since(2, "happened")
			p.happened(t, what, &st)
		case ActionAttempt:
			st.Outcome = t.Line("outcome")
			if strings.TrimSpace(st.Outcome) == "" {
				t.Missing(what, "outcome", exOutcome.With())
			}
		case ActionWaive:
			st.Reason = t.Text("reason")
			if strings.TrimSpace(st.Reason) == "" {
				t.Missing(what, "reason", exReason.With())
			}
		}
	case ActionReopen, ActionRestart, ActionPause, ActionResume:
		st.Duty = value
		st.Reason = t.Text("reason")
		p.checkDuty(t, what, st)
		if st.Action != ActionResume && strings.TrimSpace(st.Reason) == "" {
			t.Missing(what, "reason", exReason.With())
		}
	case ActionExtend:
		st.Duty = value
		p.checkDuty(t, what, st)
		p.extendStep(t, what, &st)
	case ActionTick, ActionUntick:
		if ref, ok := p.itemRef(t, what, main, value); ok {
			st.Duty, st.Item = ref.Duty, ref.Item
		}
	case ActionFill:
		p.fillStep(t, what, value, &st)
	case ActionReach:
		p.reachStep(t, what, value, &st)
	case ActionApprove:
		st.Duty = value
		p.checkDuty(t, what, st)
		if d := p.dutyOf(value); d != nil && d.Approval == nil {
			t.Error(main, msgNoApproval, runbook.Part("What", what), runbook.Quoted("Duty", value))
		}
	case ActionStamp:
		st.Milestone = value
		if p.rb != nil && value != "" && p.rb.Milestone(value) == nil {
			t.Dangling(main, msgUnknownMilestone, value, milestoneIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Milestone", value), runbook.Plain("Runbook", p.rb.ID))
		}
		p.happened(t, what, &st)
	case ActionRegister:
		p.registerStep(t, what, &st, value)
	case ActionTransfer:
		p.transferStep(t, what, &st, value)
	case ActionCheck:
		p.checkStep(t, what, &st, value)
	case ActionTake, ActionHandOver:
		st.Role = value
		if p.rb != nil && value != "" && p.rb.Role(value) == nil {
			t.Dangling(main, msgUnknownRole, value, roleIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Role", value), runbook.Plain("Runbook", p.rb.ID))
		}
		if st.Action == ActionHandOver {
			st.Receiver = t.Line("to")
			if !t.Has("to") {
				t.Missing(what, "to", exTo.With())
			}
		}
	case ActionNote:
		st.Note = value
	case ActionClose:
		st.Summary = value
		st.Ending, st.Of = t.Line("ending"), t.Line("of")
		if st.Ending != "" && !incident.IsEnding(st.Ending) {
			t.Dangling("ending", msgUnknownEnding, st.Ending, incident.Endings, runbook.Part("What", what), runbook.Quoted("Ending", st.Ending))
		}
	}
	p.sc.Steps = append(p.sc.Steps, st)
	p.stepTables = append(p.stepTables, t)
}

// happened reads a step's `happened`: the scenario offset at which what it
// records really happened (a milestone came, evidence was collected, a
// report was submitted), never after the step itself.
func (p *parser) happened(t runbook.Table, what runbook.Msg, st *Step) {
	if !t.Has("happened") {
		return
	}
	if d, ok := t.Offset(what, "happened"); ok {
		st.Happened, st.HappenedText, st.HasHappened = d.Approx(), t.Line("happened"), true
		if st.AtText != "" && st.Happened > st.At {
			t.Error("happened", msgHappenedLater, runbook.Part("What", what), runbook.Plain("Happened", st.HappenedText), runbook.Plain("At", st.AtText))
		}
	}
}

func (p *parser) checkNode(t runbook.Table, what runbook.Msg, key, node string) bool {
	if p.rb == nil || node == "" {
		return false
	}
	if p.rb.Node(node) == nil {
		t.Dangling(key, msgUnknownNode, node, nodeIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Node", node), runbook.Plain("Runbook", p.rb.ID))
		return false
	}
	return true
}

func (p *parser) checkAnswer(t runbook.Table, what runbook.Msg, node, option string) {
	if !p.checkNode(t, what, "answer", node) {
		return
	}
	n := p.rb.Node(node)
	if n.Option(option) == nil {
		opts := make([]string, len(n.Options))
		for i, o := range n.Options {
			opts[i] = o.ID
		}
		t.Dangling("answer", msgUnknownOption, option, opts, runbook.Part("What", what), runbook.Quoted("Node", node), runbook.Quoted("Option", option))
	}
}

func (p *parser) checkDuty(t runbook.Table, what runbook.Msg, st Step) {
	if p.rb == nil || st.Duty == "" {
		return
	}
	d := p.rb.Duty(st.Duty)
	if d == nil {
		t.Dangling(string(st.Action), msgUnknownDuty, st.Duty, dutyIDs(p.rb), runbook.Part("What", what), runbook.Quoted("Duty", st.Duty), runbook.Plain("Runbook", p.rb.ID))
		return
	}
	if st.Action != ActionDone && st.Action != ActionAttempt {
		return // no means of contact to check
	}
	accepted := p.rb.AcceptedMeans(d)
	switch {
	case len(accepted) == 0:
		// An action with nobody to contact: any means, or none, will do.
	case st.By == "":
		t.Missing(what, "by", exBy.With(runbook.Quoted("By", accepted[0]), runbook.Plain("Duty", d.ID), runbook.PlainList("Accepted", accepted)))
	case !slices.Contains(accepted, st.By):
		t.Dangling("by", msgWrongMeans, st.By, accepted, runbook.Part("What", what), runbook.Quoted("Duty", d.ID), runbook.Quoted("By", st.By))
	}
}

func isString(v any) bool {
	_, ok := v.(string)
	return ok
}

func actionNames(as []Action) []string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return s
}

func nodeIDs(rb *runbook.Runbook) []string {
	out := make([]string, len(rb.Triage.Nodes))
	for i, n := range rb.Triage.Nodes {
		out[i] = n.ID
	}
	return out
}

func dutyIDs(rb *runbook.Runbook) []string {
	out := make([]string, len(rb.Duties))
	for i, d := range rb.Duties {
		out[i] = d.ID
	}
	return out
}

func verdictIDs(rb *runbook.Runbook) []string {
	out := make([]string, len(rb.Verdicts))
	for i, v := range rb.Verdicts {
		out[i] = v.ID
	}
	return out
}

func roleIDs(rb *runbook.Runbook) []string {
	out := make([]string, len(rb.Roles))
	for i, r := range rb.Roles {
		out[i] = r.ID
	}
	return out
}

func milestoneIDs(rb *runbook.Runbook) []string {
	out := make([]string, len(rb.Milestones))
	for i, m := range rb.Milestones {
		out[i] = m.ID
	}
	return out
}

// extendStep reads the grant of an extend step: who granted it and how
// long it adds are required, as the session requires them; whether the
// runbook allows the step is the session's to say when the step plays.
func (p *parser) extendStep(t runbook.Table, what runbook.Msg, st *Step) {
	st.Grant.Authority = t.Line("authority")
	if !t.Has("authority") {
		t.Missing(what, "authority", exAuthority.With())
	}
	st.Grant.Reference = t.Line("reference")
	if length, ok := t.Duration(what, "length"); ok {
		st.Grant.Length = length
	} else if !t.Has("length") {
		t.Missing(what, "length", exLength.With())
	}
	if n, ok := t.Int("step"); ok {
		st.Grant.Step = int(n)
	}
	st.Grant.Affirmed, _ = t.Bool("affirmed")
	p.happened(t, what, st)
}
