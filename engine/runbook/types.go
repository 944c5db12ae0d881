// Package runbook defines shodo's runbook format: the types a runbook decodes
// into, guarded loading of TOML files and their includes, and validation that
// reports every problem at once as file:line:col diagnostics.
package runbook

import (
	"fmt"
	"slices"
	"time"

	"github.com/shodo-dev/shodo/engine/calendar"
)

// FormatVersion is the newest value of the `shodo` key this build
// understands; FirstFormatVersion the oldest. Every version in between keeps
// loading as it always did: a newer version only adds keys, and a key a file's
// version does not have is an error that names the version it needs
// (obj.since).
const (
	FormatVersion      = 2
	FirstFormatVersion = 1
)

// Limits bound what a runbook may contain, so that a hostile or broken file
// cannot make the loader or the UI slow.
const (
	MaxFileSize    = 1 << 20 // bytes per file, checked before decoding
	MaxNesting     = 32      // arrays and inline tables inside each other
	MaxKeyParts    = 32      // parts of one dotted key or table header
	MaxNodes       = 5000    // triage nodes per runbook
	MaxDuties      = 1000    // duties per runbook
	MaxCalendars   = 100     // calendars per runbook, its includes counted
	MaxTextBytes   = 16 << 10
	MaxIncludeDeep = 16
)

// Pos is a place in a runbook file. Line and Col start at 1; Col counts
// characters (runes), not bytes, so that it matches what an editor shows for
// Japanese text. A zero Line means "the file as a whole".
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String writes the position as "file:line:col", the way a diagnostic
// points at it.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Runbook is a loaded, validated runbook. Collections keep the order in which
// they appear in the source; use the lookup methods to find one by id.
type Runbook struct {
	Shodo    int
	ID       string
	Title    string
	Version  string
	Lang     string
	Reviewed time.Time // zero when missing
	Summary  string
	Include  []string
	// Calendar is the id of the runbook's default calendar; empty when
	// it has none (durations then count on the wall clock of the
	// anchor's own zone).
	Calendar string

	Calendars  []*Calendar
	Roles      []*Role
	Parties    []*Party
	Milestones []*Milestone
	Ranks      []*Rank
	Duties     []*Duty
	Triage     Triage
	Verdicts   []*Verdict
	// Preparation is what must be in place before an incident, and
	// ReviewEvery how old its verified dates may be (zero: a year; see
	// ReviewPeriod). Format version 2.
	Preparation []*Preparation
	ReviewEvery Duration
	// Fragments are the files the runbook includes, in include order,
	// with what each says about itself (format version 2).
	Fragments []*Fragment
	// Dimensions are the runbook's classification axes (format version
	// 2), in source order.
	Dimensions []*Dimension
	// Evidence is what to collect in every incident of the runbook
	// (format version 2); duties list their own (Duty.Evidence).
	Evidence []*ExpectedEvidence

	// Path is where the runbook was loaded from (for messages).
	Path string
	// Sources are the bytes of the runbook file and every file it includes,
	// the runbook itself first; an incident embeds them so that its journal
	// stays self-contained when the files change later.
	Sources []Source

	index index
	at    loc // the top file's root table
}

// Source is one file that went into a runbook, byte for byte.
type Source struct {
	Path string `json:"path"`
	Text string `json:"text"`
}

// Role is a position on the responding team, such as the incident commander.
type Role struct {
	ID       string
	Title    string
	Assignee string // default holder; may be reassigned during an incident
	Pos      Pos

	at loc // where it was defined, for diagnostics
}

// Party kinds: who is outside the responding team.
const (
	KindVendor         = "vendor"
	KindSecurityVendor = "security-vendor"
	KindInternal       = "internal"
	KindAuthority      = "authority"
	KindCloud          = "cloud"
	KindCustomer       = "customer"
	KindLegal          = "legal"
	// Format version 2 adds the parties a real playbook names that none of
	// the first kinds fits: the cyber insurer, the regulator a breach is
	// reported to, the police.
	KindInsurer   = "insurer"
	KindRegulator = "regulator"
	KindPolice    = "police"
)

// PartyKinds lists every valid Party.Kind (a new slice each call).
func PartyKinds() []string {
	return []string{KindVendor, KindSecurityVendor, KindInternal, KindAuthority, KindCloud, KindCustomer, KindLegal,
		KindInsurer, KindRegulator, KindPolice}
}

// partyKindSince returns the format version that added a party kind.
func partyKindSince(kind string) int {
	switch kind {
	case KindInsurer, KindRegulator, KindPolice:
		return 2
	}
	return 1
}

// Party is anyone outside the responding team that a duty may contact.
type Party struct {
	ID       string
	Title    string
	Kind     string
	Scope    string // what their response covers, as agreed
	Contract *Contract
	Means    []Means
	// Calendar is the id of the party's own calendar (a vendor's support
	// desk): the clocks of the duties it must act on count on it.
	Calendar string
	Pos      Pos

	at loc // where it was defined, for diagnostics
}

// Contract is what the agreement with a party says about incidents.
type Contract struct {
	Ref         string
	Maintenance bool // the party must respond to faults at all
	NDA         bool // an investigation can start without a new agreement
	// NDAUnknown says `nda = "unknown"` (format version 2): nobody on the
	// team knows yet whether an NDA is signed. NDA is then false; the lint
	// does not ask the runbook to claim either.
	NDAUnknown bool
	Notes      string
}

// Means is one agreed way to reach a party.
type Means struct {
	By    string // phone, email, portal, form, …
	To    string // the number, address or URL
	Hours string // when it is staffed, e.g. "24/7" or "weekdays 9-18"
	Pos   Pos

	at loc // where it was defined, for diagnostics
}

// Milestone is a named moment that can start legal clocks, such as becoming
// aware that personal data may have leaked.
type Milestone struct {
	ID    string
	Title string
	Hint  string
	// Kind is the legal judgement the milestone records (one of
	// MilestoneKinds: aware, classified-major, …) and Source the law that
	// names it (format version 2); empty when not said.
	Kind   string
	Source string
	Pos    Pos

	at loc // where it was defined, for diagnostics
}

// Rank is a severity class with its own duties, such as "A: fix within 3 days".
type Rank struct {
	ID    string
	Title string
	Pos   Pos

	at loc // where it was defined, for diagnostics
}

// Duty is one agreed rule: who contacts whom, by what means, how fast, and
// what the contact covers. It starts when any of its triggers happens; its
// clock counts from From (by default, the trigger) on the calendar that
// Runbook.CalendarOf names.
type Duty struct {
	ID string
	// On is the triggers of which any one starts the duty: `on` as a
	// string or a list, or the `any` of a condition.
	On []Trigger
	// Condition is the rest of `on` written as a table (format version
	// 2): triggers that must all stand, and triggers none of which may.
	// Nil for `on` as a string or a list.
	Condition *Condition
	Who       string // role or party that must act
	Contacts  string // role or party contacted; empty for actions
	// Recipients (format version 2) are the roles and parties of
	// `contacts = [a, b]`: one act owed to each, reached one by one.
	// Contacts is then empty; ContactIDs gives either.
	Recipients []string
	// ForEach (format version 2) is the id of the list field whose values
	// are the duty's recipients (`for_each = "field:authorities"`): known
	// only once someone fills it in during the incident.
	ForEach string
	By      []string // acceptable means, preferred first
	// Within is the hard limit; zero when the duty has none (a target
	// only, asap, or a recurring duty without a first limit).
	Within Duration
	// Target is what the team aims for, a soft deadline; zero when none.
	Target Duration
	// ASAP says "immediately / without undue delay": no number.
	ASAP bool
	// From is the moment the clock counts from; the zero Trigger means the
	// trigger that started the duty. Its kind is one of the anchors of
	// TriggerKinds.
	From Trigger
	// NotAfter is a second bound: the duty is due at the earlier of the
	// two. Nil when none.
	NotAfter *Bound
	// Every makes the duty recur: each period a new instance is due,
	// until Until holds. Zero for a duty that happens once.
	Every Duration
	Until Trigger
	// Legal says that the duty is owed to a regulator, a court or the
	// people affected (a breach report, a notification): the incident
	// cannot be closed until it is done or waived with a reason, and
	// handing it over to someone else does not release it.
	Legal bool
	// Optional (format version 2) marks a step the playbook says to take
	// "if possible" or to "consider": waiving it is an expected outcome,
	// a drill does not count it against the team when it is not done, and
	// a step chained after it with closed:<duty> goes on either way.
	Optional bool
	// Before (format version 2) names the duty this one must be done
	// before ("tell the regulator before the public notice"): the duty
	// board warns when the later one is done first, and a drill can
	// expect the order kept. Empty when no order is asked.
	Before string
	// Calendar is the id of the duty's own calendar; empty to use the
	// party's or the runbook's (see Runbook.CalendarOf).
	Calendar string
	// Roll (format version 2) moves a due time that falls on a closed day
	// of the duty's calendar to a time of the next working day; nil when
	// the due time stays where it falls (see roll.go).
	Roll *Roll
	// AppliesFrom (format version 2) is the date before which the duty
	// does not apply (see Applicability); the zero Date when not said.
	AppliesFrom calendar.Date
	Title       string
	Scope       string
	Message     string // copyable text with {placeholders}
	// Items is the duty's checklist and Approval the role that must
	// approve it before it is done (format version 2); empty and nil when
	// it has none.
	Items    []*Item
	Approval *Approval
	// Source is the law and article the duty's clock comes from (format
	// version 2); empty when not said.
	Source string
	// Fragment is the included file the duty comes from; nil for the
	// runbook's own duties.
	Fragment *Fragment
	// Fields are the facts the duty's report carries, filled in during
	// the incident (format version 2); empty when it has none.
	Fields []*Field
	// Evidence is what to collect once the duty starts (format version
	// 2): the incident's evidence register shows each entry as missing
	// until an artefact is registered against it.
	Evidence []*ExpectedEvidence
	// Extensions are the delays of its due time the law allows an
	// authority to grant, in order (format version 2); empty when none.
	Extensions []*Extension
	// IfOngoing says what becomes of its clock when it falls due while
	// the incident is still being handled (format version 2); nil when
	// nothing does.
	IfOngoing *Ongoing
	Pos       Pos

	at   loc   // where it was defined, for diagnostics
	onAt []loc // where each of On is written
}

// Condition is a duty's `on` written as a table, beyond its `any`:
// `on = { all = ["verdict", "milestone:pii"], unless = ["security"] }`.
// The duty starts once every trigger of All stands, one of the duty's On
// (when it has any), and none of Unless; its clock runs from the moment
// the last of them came to stand. Unless only keeps a duty from
// starting (or from coming back after a revision withdrew it): a duty
// already running goes on when an unless comes to stand later, because a
// clock is never stopped behind a responder's back.
type Condition struct {
	All    []Trigger
	Unless []Trigger

	allAt, unlessAt []loc
}

// Bound is a second limit on a duty's due time, counted from its own
// anchor: DORA's "within 4 hours of classification, and at the latest 24
// hours after awareness".
type Bound struct {
	From   Trigger
	Within Duration
	// Lapses (format version 2) says the bound no longer applies when it
	// has already passed at the moment the duty's own clock counts from:
	// DORA 2025/301 Art. 5(2), where a classification more than 24 hours
	// after awareness still gets its 4 hours.
	Lapses bool
}

// Lapsed reports whether b, counted from bound on cal, has lapsed for a
// clock that counts from anchor: it lapses, and its due time is not after
// the anchor.
func (b *Bound) Lapsed(bound, anchor time.Time, cal *calendar.Calendar) bool {
	return b != nil && b.Lapses && !bound.IsZero() && !b.Within.Due(bound, cal).After(anchor)
}

// Calendar is a runbook's [calendars.<id>]: the zone, working days,
// business hours, public holidays and closures on which durations count.
type Calendar struct {
	ID       string
	Zone     *time.Location
	Holidays calendar.HolidaySet
	Closed   []calendar.Date // each closed day, ranges expanded
	Days     []time.Weekday  // empty: Monday to Friday
	// Hours is the business hours as written ("09:00-18:00"); empty
	// when the calendar has none, which business hours need.
	Hours string
	Pos   Pos

	counter *calendar.Calendar // nil when the spec is broken (reported)
	at      loc
}

// Counter returns the calendar that counts durations, or nil when the
// definition was broken (a loaded runbook never has one).
func (c *Calendar) Counter() *calendar.Calendar { return c.counter }

// Triage is the question graph that leads from a report to a verdict.
type Triage struct {
	Start string
	Nodes []*Node
	Pos   Pos

	at loc
}

// Node is one triage question.
type Node struct {
	ID      string
	Ask     string
	Hint    string
	Options []*Option
	// Multi (format version 2) lets the responder pick several options;
	// at least one unless AllowNone. See Route for where it leads.
	Multi     bool
	AllowNone bool
	// Kind is NodeChoice, or NodeNumber for a node answered with a number
	// (format version 2) in Unit ("people"), between Min and Max when
	// given (nil: no bound).
	Kind     string
	Unit     string
	Min, Max *float64
	// Next and Verdict are the node's own way on (format version 2): for a
	// number node, and for a multi node when no picked option has its own.
	Next    string
	Verdict string
	Pos     Pos

	at loc // where it was defined, for diagnostics
}

// Option is one answer to a node; it leads either to another node or to a verdict.
type Option struct {
	ID      string
	Label   string
	Next    string
	Verdict string
	Stamp   []string // milestones stamped when this answer is given
	// Sets are the dimension values this answer gives (format version 2),
	// in the order of the dimensions' ids.
	Sets []Setting
	Pos  Pos

	at loc // where it was defined, for diagnostics
}

// Verdict is where triage ends: an ordinary fault or a kind of security incident.
type Verdict struct {
	ID       string
	Title    string
	Security bool
	Rank     string
	Category string
	Summary  string
	// Open names the runbooks this verdict offers to open as incidents
	// linked to this one (spawned from it), in the order written. The
	// loader checks each is a runbook id; the library, which knows every
	// runbook, checks that one exists.
	Open []OpenRef
	Pos  Pos

	at loc // where it was defined, for diagnostics
}

// OpenRef is a runbook id a verdict's open names, and where.
type OpenRef struct {
	Runbook string
	Pos     Pos
}

// index maps ids to entries for the lookup methods.
type index struct {
	calendars  map[string]*Calendar
	roles      map[string]*Role
	parties    map[string]*Party
	milestones map[string]*Milestone
	ranks      map[string]*Rank
	duties     map[string]*Duty
	nodes      map[string]*Node
	verdicts   map[string]*Verdict
}

func (rb *Runbook) buildIndex() {
	rb.index = index{
		calendars:  byID(rb.Calendars, func(c *Calendar) string { return c.ID }),
		roles:      byID(rb.Roles, func(r *Role) string { return r.ID }),
		parties:    byID(rb.Parties, func(p *Party) string { return p.ID }),
		milestones: byID(rb.Milestones, func(m *Milestone) string { return m.ID }),
		ranks:      byID(rb.Ranks, func(r *Rank) string { return r.ID }),
		duties:     byID(rb.Duties, func(d *Duty) string { return d.ID }),
		nodes:      byID(rb.Triage.Nodes, func(n *Node) string { return n.ID }),
		verdicts:   byID(rb.Verdicts, func(v *Verdict) string { return v.ID }),
	}
}

func byID[T any](items []T, id func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		if _, dup := m[id(it)]; !dup {
			m[id(it)] = it
		}
	}
	return m
}

// CalendarByID returns the calendar with the given id, or nil.
func (rb *Runbook) CalendarByID(id string) *Calendar { return rb.index.calendars[id] }

// CalendarOf returns the calendar d's clock counts on, or nil when none
// applies (durations then count in the anchor's own zone): the duty's own
// calendar; else the calendar of the party that must act (who), if it has
// one; else the runbook's.
func (rb *Runbook) CalendarOf(d *Duty) *Calendar {
	id, _ := rb.CalendarSourceOf(d)
	return rb.CalendarByID(id)
}

// CalendarSource says where a duty's calendar comes from.
type CalendarSource string

// Where a duty's calendar comes from, in the order CalendarOf looks.
const (
	CalendarFromDuty    CalendarSource = "duty"
	CalendarFromParty   CalendarSource = "party"
	CalendarFromRunbook CalendarSource = "runbook"
	CalendarFromNone    CalendarSource = ""
)

// CalendarSourceOf returns the id of d's calendar and where it comes
// from, for `shodo validate` and the docs to say why a clock counts on it.
func (rb *Runbook) CalendarSourceOf(d *Duty) (string, CalendarSource) {
	if d.Calendar != "" {
		return d.Calendar, CalendarFromDuty
	}
	if p := rb.Party(d.Who); p != nil && p.Calendar != "" {
		return p.Calendar, CalendarFromParty
	}
	if rb.Calendar != "" {
		return rb.Calendar, CalendarFromRunbook
	}
	return "", CalendarFromNone
}

// Role returns the role with the given id, or nil.
func (rb *Runbook) Role(id string) *Role { return rb.index.roles[id] }

// Party returns the party with the given id, or nil.
func (rb *Runbook) Party(id string) *Party { return rb.index.parties[id] }

// Milestone returns the milestone with the given id, or nil.
func (rb *Runbook) Milestone(id string) *Milestone { return rb.index.milestones[id] }

// Rank returns the rank with the given id, or nil.
func (rb *Runbook) Rank(id string) *Rank { return rb.index.ranks[id] }

// Duty returns the duty with the given id, or nil.
func (rb *Runbook) Duty(id string) *Duty { return rb.index.duties[id] }

// indexOfDuty is the place of duty id in the runbook, -1 when none.
func (rb *Runbook) indexOfDuty(id string) int {
	return slices.IndexFunc(rb.Duties, func(d *Duty) bool { return d.ID == id })
}

// Node returns the triage node with the given id, or nil.
func (rb *Runbook) Node(id string) *Node { return rb.index.nodes[id] }

// Verdict returns the verdict with the given id, or nil.
func (rb *Runbook) Verdict(id string) *Verdict { return rb.index.verdicts[id] }

// Option returns the option with the given id of the given node, or nil.
func (n *Node) Option(id string) *Option {
	for _, o := range n.Options {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// ActorTitle names a role or party id for people: its title, or the id itself.
func (rb *Runbook) ActorTitle(id string) string {
	if r := rb.Role(id); r != nil && r.Title != "" {
		return r.Title
	}
	if p := rb.Party(id); p != nil && p.Title != "" {
		return p.Title
	}
	return id
}

// AcceptedMeans lists the means by which d can be done: its own `by`, or
// else every means of the party it contacts. Empty means any: the duty is
// an action, or its party lists no means.
func (rb *Runbook) AcceptedMeans(d *Duty) []string {
	if len(d.By) > 0 {
		return d.By
	}
	var out []string
	for _, p := range rb.Parties {
		if !slices.Contains(d.ContactIDs(), p.ID) {
			continue
		}
		for _, m := range p.Means {
			if !slices.Contains(out, m.By) {
				out = append(out, m.By)
			}
		}
	}
	return out
}

// CounterOf returns the calendar d's durations count on, what Duration.Due
// takes: nil when no calendar applies.
func (rb *Runbook) CounterOf(d *Duty) *calendar.Calendar {
	if c := rb.CalendarOf(d); c != nil {
		return c.counter
	}
	return nil
}

// Deadline is what a duty's clock says once its anchors are known. A zero
// time means "none": a duty with only a target has no Due, an asap duty
// neither.
type Deadline struct {
	Due    time.Time // the hard limit: the earlier of within and not_after, rolled
	Target time.Time // what the team aims for
	// Unrolled is the hard limit before the duty's roll moved it off a
	// closed day; zero when it did not move.
	Unrolled time.Time
}

// DeadlineOf computes d's deadline on its calendar (CounterOf): within and
// target count from anchor (the moment of d.From, or of its trigger);
// not_after counts from bound, the moment of d.NotAfter.From, and applies
// only once that moment is known (a zero bound is ignored), and not when it
// lapses (Bound.Lapses) because it had passed by the anchor. A recurring
// duty's first occurrence is what this returns; the engine counts the rest
// with Every.
func (rb *Runbook) DeadlineOf(d *Duty, anchor, bound time.Time) Deadline {
	cal := rb.CounterOf(d)
	var dl Deadline
	if !d.Within.IsZero() {
		dl.Due = d.Within.Due(anchor, cal)
	}
	if d.NotAfter != nil && !bound.IsZero() && !d.NotAfter.Lapsed(bound, anchor, cal) {
		if b := d.NotAfter.Within.Due(bound, cal); dl.Due.IsZero() || b.Before(dl.Due) {
			dl.Due = b
		}
	}
	if rolled, moved := rb.Rolled(d, dl.Due); moved {
		// The law's relief applies to the time limit as computed, the
		// earlier of the two bounds: "where the time limit … falls on".
		dl.Unrolled, dl.Due = dl.Due, rolled
	}
	if !d.Target.IsZero() {
		dl.Target = d.Target.Due(anchor, cal)
	}
	return dl
}
