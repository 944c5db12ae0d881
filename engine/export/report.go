package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/textsafe"
)

// Report drafts (`shodo export --format report --regime R`): a report a
// law requires, in the structure its text lists (regimes.go), filled from
// what the journal holds and nothing else. An item the journal cannot
// fill is shown as empty and listed at the top, so that a draft is never
// taken for a finished report; the draft names the journal head it was
// made from, so that a reader can check it against the journal.

// ErrNoRegime is returned by the report formats when Options.Regime is
// empty: a draft is always of one regime's report.
var ErrNoRegime = errors.New("no report regime")

// ErrUnknownRegime is returned for a regime that is not one of Regimes.
var ErrUnknownRegime = errors.New("unknown report regime")

// RegimeMissingError is returned when the incident's runbook has none of
// the duties that file the regime's report: the runbook does not include
// the fragment (or an older copy of it). The CLI names the runbooks that
// do include it.
type RegimeMissingError struct {
	Regime   string
	Duties   []string // the duties the report is filed by, any of which would do
	Fragment string   // the regulation fragment that declares them: "gdpr.toml"
	Runbook  string   // the incident's runbook id
}

func (e *RegimeMissingError) Error() string {
	return fmt.Sprintf("runbook %q has no duty %s: it does not include regulations/%s", e.Runbook, strings.Join(e.Duties, " or "), e.Fragment)
}

// Regimes are the names --regime takes, in the order help lists them.
func Regimes() []string {
	var names []string
	for _, r := range regimes() {
		names = append(names, r.name)
	}
	return names
}

// RegimeFragment returns the regulation fragment (a file name under
// runbooks/regulations) whose duties file the regime's report, and those
// duties; ok is false for an unknown regime.
func RegimeFragment(name string) (fragment string, duties []string, ok bool) {
	for _, r := range regimes() {
		if r.name == name {
			return r.fragment, r.duties, true
		}
	}
	return "", nil, false
}

func findRegime(name string) (*regime, error) {
	if name == "" {
		return nil, fmt.Errorf("%w: use one of %v", ErrNoRegime, Regimes())
	}
	for _, r := range regimes() {
		if r.name == name {
			return &r, nil
		}
	}
	return nil, fmt.Errorf("%w %q: use one of %v", ErrUnknownRegime, name, Regimes())
}

// draft is a regime's report as the journal fills it: the duty that files
// it and every item with its value, or none.
type draft struct {
	regime   *regime
	duty     *incident.Duty
	sections []draftSection
}

type draftSection struct {
	id    string
	items []draftItem
}

// draftItem is one item with what filled it. For a field, Value or Values
// and who set it when; for a milestone, when it happened (claimed) and
// when it was recorded; for a submission, when and by whom.
type draftItem struct {
	item     reportItem
	filled   bool
	ref      string         // the field that filled it (of item.ref and item.also), else item.ref
	owner    *incident.Duty // the duty whose field filled it
	field    *runbook.Field
	value    incident.FieldValue
	when     time.Time // a moment: the stamp's, the submission's, the recovery's
	recorded time.Time // when a claimed moment was recorded; zero when not claimed
	by       string
}

// empty lists the items still to fill: every empty item the law asks for
// without condition.
func (d *draft) empty() []draftItem {
	var out []draftItem
	for _, s := range d.sections {
		for _, it := range s.items {
			if !it.filled && !it.item.optional {
				out = append(out, it)
			}
		}
	}
	return out
}

// newDraft fills the regime's report from the incident's state.
func newDraft(st *incident.State, name string) (*draft, error) {
	r, err := findRegime(name)
	if err != nil {
		return nil, err
	}
	d := &draft{regime: r}
	// The first of its duties that started, else the first the runbook
	// has: APPI's final report is the 60-day one once that clock runs.
	for _, id := range r.duties {
		duty := st.Duty(id)
		if duty == nil {
			continue
		}
		if d.duty == nil || (d.duty.Status == incident.StatusIdle && duty.Status != incident.StatusIdle) {
			d.duty = duty
		}
	}
	if d.duty == nil {
		return nil, &RegimeMissingError{Regime: r.name, Duties: r.duties, Fragment: r.fragment, Runbook: st.Runbook.ID}
	}
	for _, s := range r.sections {
		ds := draftSection{id: s.id}
		for _, it := range s.items {
			ds.items = append(ds.items, fill(st, d.duty, it))
		}
		d.sections = append(d.sections, ds)
	}
	return d, nil
}

// fill looks up what the journal holds for one item of the report duty
// files. A field item left empty is the duty's own field, where it has
// one: that is where it is filled in.
func fill(st *incident.State, duty *incident.Duty, it reportItem) draftItem {
	di := draftItem{item: it, ref: it.ref}
	switch it.from {
	case fromField:
		for _, ref := range append([]string{it.ref}, it.also...) {
			f, _ := st.Runbook.Field(ref)
			if f == nil {
				continue // an older copy of the fragment, without the later report's field
			}
			v, owner := st.Field(ref)
			if di.field == nil || v.Filled() || (owner == duty && di.owner != duty) {
				di.ref, di.field, di.owner = ref, f, owner
				di.value, di.filled, di.by, di.when = v, v.Filled(), v.Actor, v.Time
			}
			if v.Filled() {
				break
			}
		}
	case fromMilestone:
		if s, ok := st.Stamped(it.ref); ok {
			di.filled, di.by, di.when = true, s.Actor, s.Time
			if !s.Happened.IsZero() {
				di.when, di.recorded = s.Happened, s.Time
			}
		}
	case fromSubmitted:
		if d := st.Duty(it.ref); d != nil && d.Status == incident.StatusDone {
			di.filled, di.by, di.when = true, d.DoneBy, d.Completed()
			if !d.Submitted.IsZero() {
				di.recorded = d.DoneAt
			}
		}
	case fromResolved:
		if r := st.Resolution; r != nil {
			di.filled, di.by, di.when = true, r.Actor, r.When()
			if !r.Happened.IsZero() {
				di.recorded = r.Time
			}
		}
	}
	return di
}

// Report writes a regime's report draft in Markdown, in the authority's
// structure (Options.Regime names the regime).
func Report(out io.Writer, in Input, opt Options) error {
	st := in.State
	d, err := newDraft(st, opt.Regime)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	c := opt.catalogue()
	rb := st.Runbook
	local := localTime(opt.loc())
	r := d.regime
	spec := d.duty.Spec

	fmt.Fprintf(bw, "# %s\n\n", c.T("export.report.heading", "Report", c.T("export.report.title."+r.name),
		"Incident", md(Named(c, st.Name, rb.Title, st.Drill != nil)), "ID", md(st.ID)))
	fmt.Fprintf(bw, "> %s\n\n", c.T("export.report.banner"))

	fmt.Fprintf(bw, "| | |\n|---|---|\n")
	row := func(k, v string) { fmt.Fprintf(bw, "| %s | %s |\n", k, v) }
	row(c.T("export.postmortem.f-incident"), fmt.Sprintf("%s (%s)", st.ID, st.UUID))
	version := ""
	if rb.Version != "" {
		version = " " + md(rb.Version)
	}
	row(c.T("export.postmortem.f-runbook"), fmt.Sprintf("%s%s — %s", md(rb.ID), version, md(rb.Title)))
	if f := spec.Fragment; f != nil {
		row(c.T("export.report.f-fragment"), md(oneLine(fragmentWords(c, f))))
		if f.Source != "" {
			row(c.T("export.report.f-fragment-source"), md(oneLine(f.Source)))
		}
		reviewed := c.T("export.report.not-reviewed")
		if !f.Reviewed.IsZero() {
			reviewed = f.Reviewed.Format(time.DateOnly)
		}
		row(c.T("export.report.f-reviewed"), reviewed)
	}
	row(c.T("export.report.f-duty"), md(oneLine(dutyTitle(rb, d.duty.ID))))
	if spec.Source != "" {
		row(c.T("export.report.f-duty-source"), md(oneLine(spec.Source)))
	}
	row(c.T("export.report.f-status"), md(dutyStatus(c, st, d.duty)))
	if d.duty.Status != incident.StatusIdle {
		row(c.T("export.report.f-started"), local(d.duty.Started))
		if due := dueCell(c, d.duty, local); due != "" {
			row(c.T("export.report.f-due"), md(due))
		}
		// Each delay granted (SEC Item 1.05(c)): the filing's due time
		// above is the extended one, and the authority's notice is part
		// of what counsel checks before filing.
		for _, x := range d.duty.Extensions {
			row(c.T("export.report.f-extended"), md(extensionWords(c, x, local)))
		}
		if f := d.duty.Deferral; f != nil {
			row(c.T("export.report.f-deferred"), md(c.T("export.postmortem.clock-deferred", "Due", local(f.Due), "Until", f.Until)))
		}
	}
	if d.duty.Status == incident.StatusDone {
		row(c.T("export.report.f-done"), md(moment(c, d.duty.Completed(), submittedRecorded(d.duty), d.duty.DoneBy, local)))
	}
	if v := st.Verdict; v != nil {
		row(c.T("export.report.f-verdict"), md(oneLine(v.Title))+" · "+local(v.Time))
	}
	row(c.T("export.report.f-zone"), md(zoneWords(opt.loc(), lastTime(st))))
	row(c.T("export.report.f-made-from"), c.T("export.custody.head", "Seq", st.LastSeq, "Hash", in.Head))
	bw.WriteString("\n")

	empty := d.empty()
	fmt.Fprintf(bw, "## %s\n\n", c.T("export.report.h-still-empty"))
	if len(empty) == 0 {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.report.none-empty"))
	} else {
		fmt.Fprintf(bw, "%s\n\n", c.T("export.report.still-empty", "Count", len(empty)))
		for _, it := range empty {
			fmt.Fprintf(bw, "- [ ] %s\n", c.T(itemHeading(r, it.item)))
		}
		bw.WriteString("\n")
	}

	for _, s := range d.sections {
		fmt.Fprintf(bw, "## %s\n\n", c.T("export.report."+r.family+".s-"+s.id))
		for _, it := range s.items {
			heading := c.T(itemHeading(r, it.item))
			if it.item.optional {
				heading = c.T("export.report.where-applicable", "Heading", heading)
			}
			fmt.Fprintf(bw, "### %s\n\n", heading)
			if !it.filled {
				fmt.Fprintf(bw, "%s\n\n", c.T("export.report.empty"))
				continue
			}
			writeItemValue(bw, c, rb, d.duty, it, local)
		}
	}
	fmt.Fprintf(bw, "---\n\n%s\n", c.T("export.report.footer", "Command", "shodo verify "+st.ID))
	return bw.Flush()
}

// zoneWords names the time zone the draft's times are in, as a reader
// can check it: its name when it has one (time.Local has none to show),
// its abbreviation and its offset from UTC at the end of the incident.
func zoneWords(loc *time.Location, at time.Time) string {
	short := at.In(loc).Format("MST (UTC-07:00)")
	if name := loc.String(); name != "Local" && name != "UTC" && !strings.HasPrefix(short, name+" ") {
		return name + " — " + short
	}
	return short
}

// itemHeading is the message id of an item's heading.
func itemHeading(r *regime, it reportItem) string {
	return "export.report." + r.family + "." + it.id
}

// fragmentWords names a fragment with its status.
func fragmentWords(c *i18n.Catalog, f *runbook.Fragment) string {
	if f.Pending() {
		return c.T("export.report.fragment-pending", "Title", f.Title)
	}
	return f.Title
}

// submittedRecorded is when a done duty was marked done, when an earlier
// submission was claimed; zero otherwise.
func submittedRecorded(d *incident.Duty) time.Time {
	if d.Submitted.IsZero() {
		return time.Time{}
	}
	return d.DoneAt
}

// moment says when something happened and who recorded it, marking a
// claimed time as one.
func moment(c *i18n.Catalog, when, recorded time.Time, by string, local func(time.Time) string) string {
	w := local(when)
	if !recorded.IsZero() {
		w = c.T("export.postmortem.claimed", "When", w, "Recorded", local(recorded))
	}
	return c.T("export.report.moment", "When", w, "By", by)
}

// writeItemValue writes a filled item. A text value keeps its lines (a
// report's summary is paragraphs), each escaped so that no line of it can
// start a heading, a list, a quote or a table row of the draft.
func writeItemValue(bw *bufio.Writer, c *i18n.Catalog, rb *runbook.Runbook, duty *incident.Duty, it draftItem, local func(time.Time) string) {
	switch it.item.from {
	case fromField:
		switch {
		case len(it.value.Values) > 0:
			for _, v := range it.value.Values {
				fmt.Fprintf(bw, "- %s\n", textsafe.MarkdownBlock(oneLine(v)))
			}
			bw.WriteString("\n")
		case it.field == nil || it.field.Kind == runbook.FieldText:
			// A hard line break ("  " before the newline) keeps the
			// lines a person wrote.
			fmt.Fprintf(bw, "%s\n\n", strings.ReplaceAll(textsafe.MarkdownBlock(strings.ReplaceAll(it.value.Value, "\r\n", "\n")), "\n", "  \n"))
		default:
			fmt.Fprintf(bw, "%s\n\n", textsafe.MarkdownBlock(fieldValueText(c, it.field, it.value, local)))
		}
		if it.owner != nil && it.owner.ID != duty.ID {
			// The same fact as an earlier report gave it: say which.
			fmt.Fprintf(bw, "_%s_\n\n", md(c.T("export.report.set-by-on", "By", it.by, "At", local(it.when), "Duty", oneLine(dutyTitle(rb, it.owner.ID)))))
		} else {
			fmt.Fprintf(bw, "_%s_\n\n", md(c.T("export.report.set-by", "By", it.by, "At", local(it.when))))
		}
	default:
		fmt.Fprintf(bw, "%s\n\n", md(moment(c, it.when, it.recorded, it.by, local)))
	}
}

// ReportJSONVersion is the format version of the JSON report draft, its
// "version": raised only for a change a reader must know of.
const ReportJSONVersion = 1

// jsonReport is the JSON report draft (docs/incidents.md describes it).
type jsonReport struct {
	Version  int                 `json:"version"`
	Draft    bool                `json:"draft"` // always true: nothing here is a submission
	Regime   string              `json:"regime"`
	Title    string              `json:"title"`
	Lang     string              `json:"lang"`
	Incident string              `json:"incident"`
	UUID     string              `json:"uuid"`
	Name     string              `json:"name,omitempty"`
	Runbook  jsonReportRunbook   `json:"runbook"`
	Fragment *jsonReportFragment `json:"fragment,omitempty"`
	Duty     jsonReportDuty      `json:"duty"`
	Verdict  *jsonVerdict        `json:"verdict"`
	Zone     string              `json:"zone"`
	Seq      uint64              `json:"seq"`  // the journal head it was made from
	Head     string              `json:"head"` // that record's hash
	Empty    []string            `json:"empty"`
	Sections []jsonReportSection `json:"sections"`
}

type jsonReportRunbook struct {
	ID      string `json:"id"`
	Version string `json:"version,omitempty"`
	Title   string `json:"title"`
}

type jsonReportFragment struct {
	Title    string `json:"title"`
	Source   string `json:"source,omitempty"`
	Reviewed string `json:"reviewed,omitempty"` // a date, YYYY-MM-DD
	Pending  bool   `json:"pending,omitempty"`
}

type jsonReportDuty struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Source    string    `json:"source,omitempty"`
	Status    string    `json:"status"`
	Started   time.Time `json:"started,omitzero"`
	Due       time.Time `json:"due,omitzero"`
	DoneAt    time.Time `json:"done_at,omitzero"`
	Submitted time.Time `json:"submitted,omitzero"`
	DoneBy    string    `json:"done_by,omitempty"`
	// Extensions are the delays of the due time granted (Due is the
	// extended one); Deferral the clock stopped while the incident was
	// still being handled.
	Extensions []jsonExtension `json:"extensions,omitempty"`
	Deferral   *jsonDeferral   `json:"deferral,omitempty"`
}

type jsonReportSection struct {
	ID    string           `json:"id"`
	Title string           `json:"title"`
	Items []jsonReportItem `json:"items"`
}

// jsonReportItem is one item: where it comes from (source and ref) and, when
// filled, its value; empty items carry filled: false and nothing else.
type jsonReportItem struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Source   string    `json:"source"`
	Ref      string    `json:"ref,omitempty"`  // the field (that filled it), milestone or duty
	Duty     string    `json:"duty,omitempty"` // a filled field's duty: another report's, when this one's own is empty
	Optional bool      `json:"optional,omitempty"`
	Filled   bool      `json:"filled"`
	Value    string    `json:"value,omitempty"`
	Values   []string  `json:"values,omitempty"`
	At       time.Time `json:"at,omitzero"`       // the moment, or when the field was set
	Recorded time.Time `json:"recorded,omitzero"` // when a claimed moment was recorded
	By       string    `json:"by,omitempty"`
}

// ReportJSON writes a regime's report draft as JSON, for tools that fill
// an authority's form.
func ReportJSON(out io.Writer, in Input, opt Options) error {
	st := in.State
	d, err := newDraft(st, opt.Regime)
	if err != nil {
		return err
	}
	c := opt.catalogue()
	r := d.regime
	rb := st.Runbook
	x := jsonReport{
		Version: ReportJSONVersion, Draft: true, Regime: r.name, Title: c.T("export.report.title." + r.name), Lang: c.Lang(),
		Incident: st.ID, UUID: st.UUID, Name: st.Name,
		Runbook: jsonReportRunbook{ID: rb.ID, Version: rb.Version, Title: rb.Title},
		Zone:    zoneWords(opt.loc(), lastTime(st)), Seq: st.LastSeq, Head: in.Head, Empty: []string{}, Sections: []jsonReportSection{},
	}
	duty := d.duty
	x.Duty = jsonReportDuty{ID: duty.ID, Title: duty.Spec.Title, Source: duty.Spec.Source, Status: string(duty.Status),
		Started: duty.Started, Due: duty.Due, DoneAt: duty.DoneAt, Submitted: duty.Submitted, DoneBy: duty.DoneBy,
		Extensions: jsonExtensions(duty.Extensions)}
	if f := duty.Deferral; f != nil {
		x.Duty.Deferral = &jsonDeferral{At: f.Time, Until: f.Until, Due: f.Due, Anchored: f.Anchored, NewDue: f.NewDue}
	}
	if f := duty.Spec.Fragment; f != nil {
		x.Fragment = &jsonReportFragment{Title: f.Title, Source: f.Source, Pending: f.Pending()}
		if !f.Reviewed.IsZero() {
			x.Fragment.Reviewed = f.Reviewed.Format(time.DateOnly)
		}
	}
	if v := st.Verdict; v != nil {
		x.Verdict = &jsonVerdict{ID: v.ID, Title: v.Title, Security: v.Security, Rank: v.Rank, Time: v.Time}
	}
	for _, it := range d.empty() {
		x.Empty = append(x.Empty, it.item.id)
	}
	for _, s := range d.sections {
		js := jsonReportSection{ID: s.id, Title: c.T("export.report." + r.family + ".s-" + s.id), Items: []jsonReportItem{}}
		for _, it := range s.items {
			ji := jsonReportItem{ID: it.item.id, Title: c.T(itemHeading(r, it.item)), Source: string(it.item.from), Ref: it.ref,
				Optional: it.item.optional, Filled: it.filled}
			if it.filled {
				ji.At, ji.Recorded, ji.By = it.when, it.recorded, it.by
				ji.Value, ji.Values = it.value.Value, it.value.Values
				if it.owner != nil {
					ji.Duty = it.owner.ID
				}
			}
			js.Items = append(js.Items, ji)
		}
		x.Sections = append(x.Sections, js)
	}
	inZone(reflect.ValueOf(&x).Elem(), opt.loc())
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		return err
	}
	_, err = out.Write(textsafe.JSON(b.Bytes()))
	return err
}

// ReportGap is where a report draft stands, for the duty that files it:
// the regime, how many items the law asks for are still empty, and the
// headings (in the catalogue's language) of those that are not the
// duty's own fields — the milestones, earlier reports' submissions and
// other duties' fields the draft also waits for.
type ReportGap struct {
	Regime    string
	Empty     int
	Elsewhere []string
}

// ReportGaps returns, for a duty that files a regime's report in this
// incident, where each such draft stands; none for any other duty, nor
// for one not applicable (its law did not apply yet: nothing is owed). The
// duties pane shows it under the duty, above its own fields, so that what
// is missing is seen before the export.
func ReportGaps(c *i18n.Catalog, st *incident.State, dutyID string) []ReportGap {
	if d := st.Duty(dutyID); d != nil && d.Status == incident.StatusNotApplicable {
		return nil // its law did not apply yet: no report is owed, none is missing
	}
	var out []ReportGap
	for _, r := range regimes() {
		if !slices.Contains(r.duties, dutyID) {
			continue
		}
		d, err := newDraft(st, r.name)
		if err != nil || d.duty.ID != dutyID {
			continue // the 30-day APPI report while the 60-day one files it
		}
		gap := ReportGap{Regime: r.name}
		for _, it := range d.empty() {
			gap.Empty++
			if it.item.from != fromField || it.owner == nil || it.owner.ID != dutyID {
				gap.Elsewhere = append(gap.Elsewhere, c.T(itemHeading(d.regime, it.item)))
			}
		}
		out = append(out, gap)
	}
	return out
}
