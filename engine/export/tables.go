package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/textsafe"
)

// jsonEvent is an event as the JSON export writes it: the journal's fields,
// the incident time, and the sentence a person would read.
type jsonEvent struct {
	Seq      uint64           `json:"seq"`
	ID       string           `json:"id"`
	At       time.Time        `json:"at"`
	Time     time.Time        `json:"time"`
	Sim      string           `json:"sim,omitempty"`
	Actor    string           `json:"actor"`
	Type     string           `json:"type"`
	Data     incident.Payload `json:"data"`
	Sentence string           `json:"sentence"`
	// NotApplied says why the state left the event out (a record after
	// the close, one edited in by hand); absent for every fact.
	NotApplied string `json:"not_applied,omitempty"`
}

type jsonDuty struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	Who   string `json:"who"`
	// Contacts is the duty's one contacts; a duty owed to several lists
	// them in Recipients instead.
	Contacts string    `json:"contacts,omitempty"`
	Status   string    `json:"status"`
	Overdue  bool      `json:"overdue,omitempty"`
	Trigger  string    `json:"trigger"`
	Started  time.Time `json:"started"`
	// Due is left out for a duty with no hard due time; Target and ASAP
	// say what it has instead.
	Due      time.Time `json:"due,omitzero"`
	Target   time.Time `json:"target,omitzero"`
	ASAP     bool      `json:"asap,omitempty"`
	DoneAt   time.Time `json:"done_at,omitzero"`
	DoneBy   string    `json:"done_by,omitempty"`
	Means    string    `json:"means,omitempty"`
	LateSecs int64     `json:"late_seconds,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Attempts int       `json:"attempts,omitempty"`
	// Unrolled is where Due fell before the duty's roll moved it off a
	// closed day; AppliesFrom, for a duty not applicable, the date its
	// law applies from. Each is left out when it says nothing.
	Unrolled    time.Time `json:"unrolled,omitzero"`
	AppliesFrom string    `json:"applies_from,omitempty"`
	// What became of its clock besides running; each is left out when
	// nothing happened, so exports of older journals read as they did.
	Recorded time.Time `json:"recorded,omitzero"`
	// The anchor its clock counts from when not its trigger (`from`),
	// when it happened (as claimed) and was recorded (only if claimed);
	// the moment of its `not_after` anchor.
	Anchor         string    `json:"anchor,omitempty"`
	Anchored       time.Time `json:"anchored,omitzero"`
	AnchorRecorded time.Time `json:"anchor_recorded,omitzero"`
	Bound          time.Time `json:"bound,omitzero"`
	// A recurring duty: the current occurrence (the fields above are its)
	// and the earlier ones.
	Instance    int              `json:"instance,omitempty"`
	Instances   []jsonOccurrence `json:"instances,omitempty"`
	Paused      bool             `json:"paused,omitempty"`
	Remaining   *int64           `json:"remaining_seconds,omitempty"`
	Withdrawals []jsonWithdrawal `json:"withdrawals,omitempty"`
	Restarts    []jsonRestart    `json:"restarts,omitempty"`
	Pauses      []jsonPause      `json:"pauses,omitempty"`
	// Extensions are the delays of its due time an authority granted
	// (duty.extended), and Deferral its clock stopped at its due time
	// while the incident was still being handled (duty.deferred).
	Extensions []jsonExtension `json:"extensions,omitempty"`
	Deferral   *jsonDeferral   `json:"deferral,omitempty"`
	// Reopenings are the dones and waives taken back (duty.reopened).
	Reopenings []jsonReopening `json:"reopenings,omitempty"`
	// HandedOver is the hand-over of a running duty to an owner outside
	// the incident, when there was one.
	HandedOver *jsonHandover `json:"handed_over,omitempty"`
	// AtClose is where a duty still running when the incident closed
	// stood at the close: its clock stops there.
	AtClose *jsonAtClose `json:"at_close,omitempty"`
	// Legal marks a duty owed to a regulator, a court or the people
	// affected (`legal = true`).
	Legal bool `json:"legal,omitempty"`
	// Optional marks a step to take "if possible" (`optional = true`,
	// format version 2).
	Optional bool `json:"optional,omitempty"`
	// Before is the duty this one must be done before (`before`, format
	// version 2); OrderBroken says that that duty was done first.
	Before      string `json:"before,omitempty"`
	OrderBroken bool   `json:"order_broken,omitempty"`
	// Items is the duty's checklist and Approval its approval (runbook
	// format version 2); left out for a duty without them.
	Items    []jsonItem    `json:"items,omitempty"`
	Approval *jsonApproval `json:"approval,omitempty"`
	// Source is the law and article the duty's clock comes from, and
	// Pending says its regime is not yet in force (an included file with
	// status = "pending"); runbook format version 2, left out otherwise.
	Source  string `json:"source,omitempty"`
	Pending bool   `json:"pending,omitempty"`
	// Fields are the duty's report fields as they stood at the end
	// (runbook format version 2); left out for a duty without them.
	Fields []jsonField `json:"fields,omitempty"`
	// Recipients are the recipients of a duty owed to several, and
	// ForEach the list field they come from (runbook format version 2);
	// left out for a duty with one contacts or none.
	ForEach    string          `json:"for_each,omitempty"`
	Recipients []jsonRecipient `json:"recipients,omitempty"`
}

type jsonHandover struct {
	Owner  string    `json:"owner"`
	Ticket string    `json:"ticket,omitempty"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

type jsonAtClose struct {
	// Remaining is what was left of its hard due time at the close,
	// negative when it was overdue; absent for a duty without one.
	Remaining *int64 `json:"remaining_seconds,omitempty"`
	Overdue   bool   `json:"overdue,omitempty"`
}

type jsonResolution struct {
	At       time.Time `json:"at"`
	Recorded time.Time `json:"recorded,omitzero"` // set when an earlier time was claimed
	By       string    `json:"by"`
}

type jsonLink struct {
	Kind     string    `json:"kind"`
	Incident string    `json:"incident"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
}

type jsonEnding struct {
	Code   string `json:"code"`
	Of     string `json:"of,omitempty"`
	Reason string `json:"reason"`
	Words  string `json:"words"`
}

type jsonReopen struct {
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Reason   string    `json:"reason"`
	ClosedAt time.Time `json:"closed_at"`
	Summary  string    `json:"summary"`
	// Resolved is the resolution the reopen undid (a reopened incident is
	// open again); absent when it had none.
	Resolved *jsonResolution `json:"resolved,omitempty"`
}

type jsonOccurrence struct {
	Instance int       `json:"instance"`
	Started  time.Time `json:"started"`
	Due      time.Time `json:"due"`
	Status   string    `json:"status"`
	Overdue  bool      `json:"overdue,omitempty"`
	DoneAt   time.Time `json:"done_at,omitzero"`
	DoneBy   string    `json:"done_by,omitempty"`
	LateSecs int64     `json:"late_seconds,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	// What was done to this occurrence's clock, left out when nothing.
	Restarts []jsonRestart `json:"restarts,omitempty"`
	Pauses   []jsonPause   `json:"pauses,omitempty"`
}

type jsonWithdrawal struct {
	Withdrawn     time.Time `json:"withdrawn"`
	Trigger       string    `json:"trigger"`
	Returned      time.Time `json:"returned,omitzero"`
	ReturnTrigger string    `json:"return_trigger,omitempty"`
}

type jsonRestart struct {
	At              time.Time `json:"at"`
	By              string    `json:"by"`
	Reason          string    `json:"reason"`
	PreviousStarted time.Time `json:"previous_started"`
	PreviousDue     time.Time `json:"previous_due,omitzero"`
	WasOverdue      bool      `json:"was_overdue,omitempty"`
}

type jsonReopening struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Undone bool      `json:"undone,omitempty"`
	Reason string    `json:"reason,omitempty"`
	// What was taken back: done or waived, and when and by whom.
	Was   incident.DutyStatus `json:"was"`
	WasAt time.Time           `json:"was_at"`
	WasBy string              `json:"was_by"`
}

type jsonPause struct {
	From         time.Time `json:"from"`
	To           time.Time `json:"to,omitzero"`
	By           string    `json:"by"`
	Reason       string    `json:"reason"`
	Remaining    int64     `json:"remaining_seconds"`
	ResumeReason string    `json:"resume_reason,omitempty"`
}

// clockHistory fills in what became of a duty's clock besides running.
func (j *jsonDuty) clockHistory(d *incident.Duty) {
	j.Recorded, j.Paused, j.Instance = d.Recorded, d.Paused, d.Instance
	for _, o := range d.Occurrences {
		jo := jsonOccurrence{o.Instance, o.Started, o.Due, string(o.Status), o.Overdue, o.DoneAt, o.DoneBy, int64(o.Late / time.Second), o.Reason, nil, nil}
		jo.Restarts, jo.Pauses = jsonRestarts(o.Restarts), jsonPauses(o.Pauses)
		j.Instances = append(j.Instances, jo)
	}
	if d.Paused {
		left := int64(d.Remaining(time.Time{}) / time.Second)
		j.Remaining = &left
	}
	for _, w := range d.Withdrawals {
		j.Withdrawals = append(j.Withdrawals, jsonWithdrawal{w.Time, w.Trigger, w.Returned, w.ReturnTrigger})
	}
	j.Restarts, j.Pauses = jsonRestarts(d.Restarts), jsonPauses(d.Pauses)
	j.Extensions = jsonExtensions(d.Extensions)
	if f := d.Deferral; f != nil {
		j.Deferral = &jsonDeferral{At: f.Time, Until: f.Until, Due: f.Due, Anchored: f.Anchored, NewDue: f.NewDue}
	}
	for _, r := range d.Reopenings {
		j.Reopenings = append(j.Reopenings, jsonReopening{r.Time, r.Actor, r.Undone(), r.Reason, r.From, r.FromAt, r.FromBy})
	}
}

func jsonRestarts(rs []incident.Restart) []jsonRestart {
	var out []jsonRestart
	for _, r := range rs {
		out = append(out, jsonRestart{r.Time, r.Actor, r.Reason, r.PreviousStarted, r.PreviousDue, r.WasOverdue})
	}
	return out
}

// jsonExtension is one granted extension of a duty's due time.
type jsonExtension struct {
	At          time.Time `json:"at"` // when it was recorded
	Actor       string    `json:"actor"`
	Step        int       `json:"step"`
	Authority   string    `json:"authority"`
	Reference   string    `json:"reference,omitempty"`
	Length      string    `json:"length"`
	Affirmed    bool      `json:"affirmed,omitempty"`
	Granted     time.Time `json:"granted,omitzero"`
	PreviousDue time.Time `json:"previous_due"`
	Due         time.Time `json:"due"`
	WasOverdue  bool      `json:"was_overdue,omitempty"`
}

// jsonDeferral is a duty's clock stopped at its due time while the
// incident was still being handled; Anchored and NewDue once it ended.
type jsonDeferral struct {
	At       time.Time `json:"at"` // when it was recorded
	Until    string    `json:"until"`
	Due      time.Time `json:"due"`
	Anchored time.Time `json:"anchored,omitzero"`
	NewDue   time.Time `json:"new_due,omitzero"`
}

func jsonExtensions(xs []incident.Extension) []jsonExtension {
	var out []jsonExtension
	for _, x := range xs {
		out = append(out, jsonExtension{x.Time, x.Actor, x.Step, x.Authority, x.Reference, x.Length, x.Affirmed, x.Granted, x.PreviousDue, x.Due, x.WasOverdue})
	}
	return out
}

func jsonPauses(ps []incident.Pause) []jsonPause {
	var out []jsonPause
	for _, pa := range ps {
		out = append(out, jsonPause{pa.From, pa.To, pa.By, pa.Reason, int64(pa.Remaining / time.Second), pa.ResumeReason})
	}
	return out
}

type jsonAnswer struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"`
	Actor      string    `json:"actor"`
	Node       string    `json:"node"`
	Option     string    `json:"option"`
	Options    []string  `json:"options,omitempty"` // the set picked on a multi node (format version 2)
	Number     *float64  `json:"number,omitempty"`  // the number given on a number node (format version 2)
	Superseded bool      `json:"superseded,omitempty"`
}

type jsonVerdict struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Security bool      `json:"security"`
	Rank     string    `json:"rank,omitempty"`
	Time     time.Time `json:"time"`
}

// JSONVersion is the format version of the JSON export, its "version":
// raised when a field changes meaning or goes; new fields leave it.
const JSONVersion = 1

type jsonExport struct {
	Version  int    `json:"version"`
	Incident string `json:"incident"`
	UUID     string `json:"uuid"`
	Runbook  string `json:"runbook"`
	Title    string `json:"title"`
	// Name is the incident's own title, when one was given.
	Name   string    `json:"name,omitempty"`
	Opened time.Time `json:"opened"`
	// Happened is the claimed time the incident began, when one was claimed.
	Happened time.Time       `json:"happened,omitzero"`
	Resolved *jsonResolution `json:"resolved,omitempty"`
	Closed   bool            `json:"closed"`
	ClosedAt time.Time       `json:"closed_at,omitzero"`
	Reopens  []jsonReopen    `json:"reopens,omitempty"`
	Summary  string          `json:"summary,omitempty"`
	// Ending says how an incident that was none ended (a false alarm, a
	// duplicate, opened by mistake); Summary is then its reason.
	Ending *jsonEnding `json:"ending,omitempty"`
	// Links are the other incidents this one is linked to.
	Links   []jsonLink   `json:"links,omitempty"`
	Verdict *jsonVerdict `json:"verdict"`
	// Dimensions are the values answers gave the runbook's dimensions
	// (format version 2); left out when none.
	Dimensions []jsonDimension `json:"dimensions,omitempty"`
	Path       []jsonAnswer    `json:"path"`
	Duties     []jsonDuty      `json:"duties"`
	// Evidence is the evidence register with each artefact's custody, and
	// ExpectedEvidence the runbook's evidence list with what answers each
	// entry; both left out when the incident has neither.
	Evidence         []jsonArtefact `json:"evidence,omitempty"`
	ExpectedEvidence []jsonExpected `json:"expected_evidence,omitempty"`
	Records          int            `json:"records"`
	Head             string         `json:"head"`
	Sealed           any            `json:"sealed,omitempty"`
}

// JSON writes the events with the state derived from them, for tools.
func JSON(out io.Writer, in Input, opt Options) error {
	loc := opt.loc()
	st := in.State
	tell := words{c: opt.catalogue(), rb: st.Runbook, formatTime: dateTimeIn(loc), compiled: map[string]*compiledMessage{}}
	x := jsonExport{
		Version:  JSONVersion,
		Incident: st.ID, UUID: st.UUID, Runbook: st.Runbook.ID, Title: st.Runbook.Title, Name: st.Name,
		Opened: st.Opened, Happened: st.Happened, Closed: st.Closed, ClosedAt: st.ClosedAt, Summary: st.Summary,
		Path: []jsonAnswer{}, Duties: []jsonDuty{},
		Records: in.Records, Head: in.Head,
	}
	if in.Sealed != nil {
		sealed := *in.Sealed
		x.Sealed = &sealed // inZone moves its time, not the caller's
	}
	x.Evidence, x.ExpectedEvidence = evidenceJSON(st)
	x.Resolved = resolutionJSON(st.Resolution)
	if e := st.Ending; e != nil {
		x.Ending = &jsonEnding{Code: e.Code, Of: e.Of, Reason: e.Reason, Words: EndingWords(tell.c, e)}
	}
	for _, l := range st.Links {
		x.Links = append(x.Links, jsonLink{Kind: l.Kind, Incident: l.Incident, At: l.Time, By: l.Actor})
	}
	for _, ro := range st.Reopens {
		x.Reopens = append(x.Reopens, jsonReopen{ro.Time, ro.Actor, ro.Reason, ro.ClosedAt, ro.Summary, resolutionJSON(ro.Resolution)})
	}
	if v := st.Verdict; v != nil {
		x.Verdict = &jsonVerdict{ID: v.ID, Title: v.Title, Security: v.Security, Rank: v.Rank, Time: v.Time}
	}
	x.Dimensions = dimensionsJSON(st)
	for _, a := range st.Path {
		x.Path = append(x.Path, answerJSON(a))
	}
	for _, d := range startedDuties(st) {
		jd := jsonDuty{
			ID: d.ID, Title: d.Spec.Title, Who: d.Spec.Who, Contacts: d.Spec.Contacts,
			Status: string(d.Status), Overdue: d.Overdue, Trigger: d.Trigger, Started: d.Started, Due: d.Due, Target: d.Target, ASAP: d.ASAP,
			Anchor: d.Anchor, Anchored: d.Anchored, AnchorRecorded: d.AnchorRecorded, Bound: d.Bound,
			DoneAt: d.DoneAt, DoneBy: d.DoneBy, Means: d.Means, LateSecs: int64(d.Late / time.Second),
			Reason: tell.dutyReason(d), Attempts: len(d.Attempts),
		}
		if d.Status == incident.StatusDismissed && st.Ending != nil {
			jd.Reason = st.Ending.Reason
		}
		jd.clockHistory(d)
		jd.Unrolled, jd.AppliesFrom = d.Unrolled, d.AppliesFrom
		jd.Legal, jd.Optional = d.Spec.Legal, d.Spec.Optional
		jd.Source, jd.Pending = d.Spec.Source, d.Spec.Fragment.Pending()
		jd.Before, jd.OrderBroken = st.OrderBroken(d.ID)
		jd.content(d)
		jd.fields(d)
		jd.recipients(st, d)
		if h := d.Handover; h != nil {
			jd.HandedOver = &jsonHandover{h.Owner, h.Ticket, h.Time, h.Actor}
		}
		if st.Closed && d.Status == incident.StatusRunning {
			jd.AtClose = &jsonAtClose{Overdue: d.Overdue || d.LateAt(st.ClosedAt)}
			if !d.Due.IsZero() {
				left := int64(d.Remaining(st.ClosedAt) / time.Second)
				jd.AtClose.Remaining = &left
			}
		}
		x.Duties = append(x.Duties, jd)
	}
	// Every time in the time zone of the export (TZ), as in every other
	// output; the events' data stay the records as the journal holds them.
	inZone(reflect.ValueOf(&x).Elem(), loc)
	// The head is encoded whole; the events are streamed one per line after
	// it, so a 100,000-event export never holds the document in memory.
	head, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	bw.Write(textsafe.JSON(bytes.TrimSuffix(head, []byte("\n}")))) // without the closing brace
	bw.WriteString(",\n  \"events\": [")
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	notApplied := problemsBySeq(st.Problems)
	for i, ev := range st.Events {
		line.Reset()
		why := ""
		if p, ok := notApplied[ev.Seq]; ok {
			why = textsafe.Terminal(Say(tell.c, p.Say))
		}
		if err := enc.Encode(jsonEvent{ev.Seq, ev.ID, ev.At.In(loc), ev.Time.In(loc), ev.Sim, ev.Actor, ev.Type, ev.Data, textsafe.Terminal(tell.sentence(incident.SentenceOf(ev))), why}); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		bw.Write(textsafe.JSON(bytes.TrimSuffix(line.Bytes(), []byte("\n"))))
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
}

// timeType is the type inZone moves.
var timeType = reflect.TypeFor[time.Time]()

// inZone sets every time in v — a field, an element, behind a pointer —
// to the same instant in loc, so that a field added later follows the
// rule by itself. A value behind an interface is moved only through a
// pointer the export owns; the events' data are not walked (they are the
// records as the journal holds them).
func inZone(v reflect.Value, loc *time.Location) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() && (v.Kind() == reflect.Pointer || v.Elem().Kind() == reflect.Pointer) {
			inZone(v.Elem(), loc)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			inZone(v.Index(i), loc)
		}
	case reflect.Struct:
		if v.Type() == timeType {
			if t := v.Interface().(time.Time); !t.IsZero() && v.CanSet() {
				v.Set(reflect.ValueOf(t.In(loc)))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				inZone(v.Field(i), loc)
			}
		}
	}
}

// utf8BOM is the byte order mark that tells a spreadsheet a CSV is UTF-8.
const utf8BOM = "\ufeff"

// CSV writes the timeline, one event per row, for spreadsheets: UTF-8 with
// a byte order mark unless opt.NoBOM, rows ended by LF, a cell quoted when
// it holds a comma, a quote or a line break (RFC 4180 otherwise).
//
// Its header row is a machine interface, the same in every language: the
// column names are for the scripts that read the file.
func CSV(out io.Writer, in Input, opt Options) error {
	st := in.State
	loc := opt.loc()
	tell := words{c: opt.catalogue(), rb: st.Runbook, formatTime: dateTimeIn(loc), compiled: map[string]*compiledMessage{}}
	bw := bufio.NewWriter(out)
	if !opt.NoBOM {
		bw.WriteString(utf8BOM)
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write([]string{"seq", "time_local", "time_utc", "scenario_time", "actor", "type", "event"}); err != nil {
		return err
	}
	for _, ev := range st.Events {
		row := []string{
			strconv.FormatUint(ev.Seq, 10),
			ev.Time.In(loc).Format(time.RFC3339),
			ev.Time.UTC().Format(time.RFC3339),
			textsafe.CSV(ev.Sim),
			textsafe.CSV(ev.Actor),
			textsafe.CSV(ev.Type),
			textsafe.CSV(tell.sentence(incident.SentenceOf(ev))),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// timesketchEvent is one line Timesketch imports as is: message, datetime
// and timestamp_desc are required; the rest become attributes.
type timesketchEvent struct {
	Message       string `json:"message"`
	Datetime      string `json:"datetime"`
	Timestamp     int64  `json:"timestamp"`
	TimestampDesc string `json:"timestamp_desc"`
	Actor         string `json:"actor"`
	EventType     string `json:"event_type"`
	IncidentID    string `json:"incident_id"`
	Seq           uint64 `json:"seq"`
	Runbook       string `json:"runbook"`
	Scenario      string `json:"scenario_time,omitempty"`
	Duty          string `json:"duty,omitempty"`
}

// Timesketch writes JSONL that Timesketch imports without mapping.
// Its field names and timestamp_desc labels are Timesketch's vocabulary and
// stay in English; the message is in the export's language.
func Timesketch(out io.Writer, in Input, opt Options) error {
	loc := opt.loc()
	st := in.State
	tell := words{c: opt.catalogue(), rb: st.Runbook, formatTime: dateTimeIn(loc), compiled: map[string]*compiledMessage{}}
	bw := bufio.NewWriter(out)
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	for _, ev := range st.Events {
		said := incident.SentenceOf(ev)
		te := timesketchEvent{
			Message:       textsafe.Terminal(tell.sentence(said)),
			Datetime:      ev.Time.In(loc).Format(time.RFC3339Nano),
			Timestamp:     ev.Time.UnixMicro(),
			TimestampDesc: timestampDesc(ev.Type),
			Actor:         textsafe.Terminal(ev.Actor),
			EventType:     ev.Type,
			IncidentID:    st.ID,
			Seq:           ev.Seq,
			Runbook:       st.Runbook.ID,
			Scenario:      ev.Sim,
			Duty:          dutyOf(said),
		}
		line.Reset()
		if err := enc.Encode(te); err != nil {
			return err
		}
		bw.Write(textsafe.JSON(line.Bytes()))
	}
	return bw.Flush()
}

// timestampDesc is what an event's time is the time of, as its type
// declares it.
func timestampDesc(typ string) string {
	if k, ok := incident.KindOf(typ); ok {
		return k.Label
	}
	return incident.LabelRecorded
}

// dutyOf returns the duty an event is about, from its sentence: "" when it
// names none.
func dutyOf(s incident.Sentence) string {
	for _, a := range s.Args {
		if a.Kind == incident.ArgDuty {
			return a.Text
		}
	}
	return ""
}

// resolutionJSON is a resolution in the JSON export; nil for none.
func resolutionJSON(r *incident.Resolution) *jsonResolution {
	if r == nil {
		return nil
	}
	x := &jsonResolution{At: r.When(), By: r.Actor}
	if !r.Happened.IsZero() {
		x.Recorded = r.Time
	}
	return x
}
