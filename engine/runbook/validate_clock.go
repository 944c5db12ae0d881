package runbook

// This file checks what a runbook says about time against the rest of the
// runbook: calendar references, business durations that need a calendar,
// and the anchors a duty's clock counts from.

func (v *validator) calendarIDs() []string {
	return ids(v.rb.Calendars, func(c *Calendar) string { return c.ID })
}

// calendars reports references to unknown calendars and calendars of the
// runbook's own file that nothing uses. A calendar in an included file is
// shared by several runbooks, so one runbook not using it says nothing.
func (v *validator) calendars() {
	used := map[string]bool{v.rb.Calendar: true}
	if id := v.rb.Calendar; id != "" && v.rb.CalendarByID(id) == nil {
		v.dangling(v.rb.at, "calendar", msgUnknownCalendar, id, v.calendarIDs(), Part("What", msgWhatRunbook.With()), Quoted("Calendar", id))
	}
	for _, p := range v.rb.Parties {
		used[p.Calendar] = true
		if p.Calendar != "" && v.rb.CalendarByID(p.Calendar) == nil {
			v.dangling(p.at, "calendar", msgUnknownCalendar, p.Calendar, v.calendarIDs(), Part("What", whatNamed(msgKindParty, p.ID)), Quoted("Calendar", p.Calendar))
		}
	}
	for _, d := range v.rb.Duties {
		used[d.Calendar] = true
		if d.Calendar != "" && v.rb.CalendarByID(d.Calendar) == nil {
			v.dangling(d.at, "calendar", msgUnknownCalendar, d.Calendar, v.calendarIDs(), Part("What", whatNamed(msgKindDuty, d.ID)), Quoted("Calendar", d.Calendar))
		}
	}
	for _, c := range v.rb.Calendars {
		if !used[c.ID] && v.rb.at.file != nil && c.at.file == v.rb.at.file {
			v.r.warn(c.at, "", msgUnusedCalendar, Quoted("Calendar", c.ID))
		}
	}
}

// dutyClock checks a duty's clock against the runbook: the calendar its
// business durations need, and what its anchors and until name.
func (v *validator) dutyClock(d *Duty) {
	cal := v.rb.CalendarOf(d)
	calID, source := v.rb.CalendarSourceOf(d)
	business := func(at loc, key string, dur Duration) {
		switch {
		case !dur.IsBusiness():
		case calID == "":
			v.r.fail(at, key, msgBusinessNoCalendar, Quoted("Duty", d.ID), Plain("Key", key), Quoted("Duration", dur.String()))
		case cal == nil:
			// An unknown calendar: reported where it is named.
		case dur.BusinessHours > 0 && cal.Hours == "":
			v.r.fail(at, key, msgBusinessNoHours, Quoted("Duty", d.ID), Plain("Key", key), Quoted("Duration", dur.String()), Quoted("Calendar", cal.ID),
				Part("Source", calendarSource(source, d.Who)))
		}
	}
	business(d.at, "within", d.Within)
	business(d.at, "target", d.Target)
	business(d.at, "every", d.Every)
	notAfter := loc{file: d.at.file, path: joinKey(d.at.path, "not_after")}
	if d.NotAfter != nil {
		business(notAfter, "within", d.NotAfter.Within)
	}

	v.anchor(d, d.at, "from", d.From)
	if d.NotAfter != nil {
		v.anchor(d, notAfter, "from", d.NotAfter.From)
		v.looseBound(d, notAfter)
	}
	if !d.Target.IsZero() && !d.Within.IsZero() && !d.Target.IsBusiness() && !d.Within.IsBusiness() &&
		d.Target.Approx() >= d.Within.Approx() {
		v.r.warn(d.at, "target", msgTargetLooser, Quoted("Duty", d.ID), Quoted("Target", d.Target.String()), Quoted("Within", d.Within.String()))
	}
	if u := d.Until; u.Kind != "" {
		ref := u.Ref()
		switch {
		case ref == RefNone || u.Arg == "":
		case ref == RefDuty && u.Arg == d.ID && (u.Kind == TriggerDone || u.Kind == TriggerClosed):
			v.r.fail(d.at, "until", msgUntilNever, Quoted("Duty", d.ID), Quoted("Until", u.String()))
		case !ref.Exists(v.rb, u.Arg):
			v.dangling(d.at, "until", msgUntilDangling, u.Arg, ref.IDs(v.rb),
				Quoted("Duty", d.ID), Quoted("Until", u.String()), Part("Ref", ref.kind().With()), Quoted("ID", u.Arg))
		}
	}
}

// anchor checks one `from`: what it names must exist, and a duty cannot
// count from its own completion.
func (v *validator) anchor(d *Duty, at loc, key string, t Trigger) {
	ref := t.Ref()
	switch {
	case t.Kind == "" || ref == RefNone || t.Arg == "":
	case ref == RefDuty && t.Arg == d.ID:
		v.r.fail(at, key, msgAnchorSelf, Quoted("Duty", d.ID), Plain("Key", key), Quoted("Anchor", t.String()))
	case !ref.Exists(v.rb, t.Arg):
		v.dangling(at, key, msgAnchorDangling, t.Arg, ref.IDs(v.rb),
			Quoted("Duty", d.ID), Plain("Key", key), Quoted("Anchor", t.String()), Part("Ref", ref.kind().With()), Quoted("ID", t.Arg))
	}
}

// looseBound warns about a not_after that counts from the same moment as
// within and is no shorter: the earlier of the two is always within.
func (v *validator) looseBound(d *Duty, at loc) {
	from := d.From
	if from.Kind == "" && len(d.On) == 1 {
		from = d.On[0] // without from, the clock counts from its one trigger
	}
	b := d.NotAfter
	if d.Within.IsZero() || from != b.From || d.Within.IsBusiness() || b.Within.IsBusiness() {
		return
	}
	if b.Within.Approx() >= d.Within.Approx() {
		v.r.warn(at, "within", msgNotAfterLooser, Quoted("Duty", d.ID), Quoted("NotAfter", b.Within.String()),
			Quoted("Within", d.Within.String()), Quoted("From", b.From.String()))
	}
}

// calendarSource says why a duty counts on its calendar, for a diagnostic
// that names the calendar: the rule of CalendarOf, applied.
func calendarSource(source CalendarSource, who string) Msg {
	switch source {
	case CalendarFromDuty:
		return msgSourceDuty.With()
	case CalendarFromParty:
		return msgSourceParty.With(Quoted("Party", who))
	}
	return msgSourceRunbook.With()
}
