package export

// The report drafts' structures (issue 14): for each report a law asks
// for, the sections and items its text or the authority's guidance lists,
// in that order, each filled from one thing the journal holds — a report
// field of a regulation fragment's duty, a milestone with its claimed and
// recorded times, a report's submission, the service's
// recovery. The structure is data: adding a regime is one entry here and
// its headings under [export.report.<family>] in every language.

// regime is one report an authority expects: its --regime name, the
// message family of its headings, the fragment duties that file it
// (preferred first: APPI's final report is the 60-day one when that duty
// started), the fragment that declares them, and its sections.
type regime struct {
	name     string
	family   string
	duties   []string
	fragment string
	sections []reportSection
}

// reportSection is a heading of a report and its items, in the order the
// law lists them; its heading is export.report.<family>.s-<id>.
type reportSection struct {
	id    string
	items []reportItem
}

// itemSource is what fills a report item.
type itemSource string

const (
	fromField     itemSource = "field"     // a report field's value, who set it and when
	fromMilestone itemSource = "milestone" // a stamp: when it happened (claimed) and was recorded
	fromSubmitted itemSource = "submitted" // when a duty's report was submitted, and by whom
	fromResolved  itemSource = "resolved"  // when the service came back
)

// reportItem is one item of a report: its heading is
// export.report.<family>.<id>; ref names the field, milestone or duty it
// is filled from. A field item may name earlier fields after it (also):
// a later report's own field first, then the same fact as an earlier
// report gave it, which the draft shows when the later one is still
// empty (a field can only be filled while its duty runs, and the earlier
// // report is done by then). An optional item is one the law asks for only
// where it applies ("where available", "where applicable"): left empty,
// it is shown as empty but not counted among the items still to fill.
type reportItem struct {
	id       string
	from     itemSource
	ref      string
	also     []string
	optional bool
}

func fieldItem(id, ref string, also ...string) reportItem {
	return reportItem{id: id, from: fromField, ref: ref, also: also}
}
func stampItem(id, ref string) reportItem { return reportItem{id: id, from: fromMilestone, ref: ref} }
func submittedItem(id, ref string) reportItem {
	return reportItem{id: id, from: fromSubmitted, ref: ref}
}

// optional marks an item the law asks for only where it applies.
func (it reportItem) whereApplicable() reportItem { it.optional = true; return it }

// appiItems are the nine items of 施行規則第8条第1項, which the preliminary
// report (as far as known) and the final report (all of them) hold: the
// final report's own fields (of the 60-day report, else the 30-day one),
// else what the preliminary report said.
func appiItems(final bool) reportSection {
	ids := []string{"summary", "data-items", "people", "cause", "secondary-harm", "people-response", "publication", "prevention", "other"}
	items := make([]reportItem, len(ids))
	for i, id := range ids {
		item := id
		if id == "other" {
			item = "other-matters" // "other" is a plural form's name in the catalogue
		}
		items[i] = fieldItem(item, "appi-"+id)
		if final {
			items[i] = fieldItem(item, "appi-wrongful-"+id, "appi-final-"+id, "appi-"+id)
		}
	}
	return reportSection{id: "items", items: items}
}

// gdprContent is what Art. 33(3) lists; Art. 34(2) asks the data subjects
// to be told the nature of the breach and (b)–(d), in words for them (the
// communication's own fields), else as the authority was told.
var gdprContent = []reportItem{
	fieldItem("nature", "gdpr-nature"),
	fieldItem("subject-categories", "gdpr-subject-categories"),
	fieldItem("subjects", "gdpr-subjects"),
	fieldItem("record-categories", "gdpr-record-categories"),
	fieldItem("records", "gdpr-records"),
	fieldItem("contact", "gdpr-contact"),
	fieldItem("consequences", "gdpr-consequences"),
	fieldItem("measures", "gdpr-measures"),
}

// doraGeneral is RTS 2025/301 Art. 1, common to the three DORA reports;
// the facts are filled in once, on the initial notification.
var doraGeneral = reportSection{id: "general", items: []reportItem{
	fieldItem("entity", "dora-entity"),
	fieldItem("contact", "dora-contact"),
}}

// regimes lists every report draft, in the order help lists them.
func regimes() []regime {
	return []regime{
		{name: "appi-preliminary", family: "appi", duties: []string{"appi-preliminary"}, fragment: "appi.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("aware", "appi-aware"), stampItem("wrongful", "appi-wrongful-purpose").whereApplicable()}},
			appiItems(false),
		}},
		{name: "appi-final", family: "appi", duties: []string{"appi-final-wrongful", "appi-final"}, fragment: "appi.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{
				stampItem("aware", "appi-aware"), stampItem("wrongful", "appi-wrongful-purpose").whereApplicable(),
				submittedItem("preliminary", "appi-preliminary"),
			}},
			appiItems(true),
		}},
		{name: "gdpr-33", family: "gdpr", duties: []string{"gdpr-33-authority"}, fragment: "gdpr.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("aware", "gdpr-aware")}},
			{id: "content", items: gdprContent},
			{id: "delay", items: []reportItem{fieldItem("delay-reasons", "gdpr-delay-reasons").whereApplicable()}},
		}},
		{name: "gdpr-34", family: "gdpr", duties: []string{"gdpr-34-data-subjects"}, fragment: "gdpr.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("aware", "gdpr-aware"), stampItem("high-risk", "gdpr-high-risk")}},
			{id: "communication", items: []reportItem{
				fieldItem("nature", "gdpr-34-nature", "gdpr-nature"), fieldItem("contact", "gdpr-34-contact", "gdpr-contact"),
				fieldItem("consequences", "gdpr-34-consequences", "gdpr-consequences"), fieldItem("measures", "gdpr-34-measures", "gdpr-measures"),
			}},
		}},
		{name: "nis2-early-warning", family: "nis2", duties: []string{"nis2-early-warning"}, fragment: "nis2.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("aware", "nis2-aware")}},
			{id: "early-warning", items: []reportItem{fieldItem("malicious", "nis2-malicious"), fieldItem("cross-border", "nis2-cross-border")}},
		}},
		{name: "nis2-notification", family: "nis2", duties: []string{"nis2-notification"}, fragment: "nis2.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("aware", "nis2-aware"), submittedItem("early-warning-sent", "nis2-early-warning")}},
			{id: "notification", items: []reportItem{
				fieldItem("update", "nis2-update"), fieldItem("assessment", "nis2-assessment"), fieldItem("iocs", "nis2-iocs").whereApplicable(),
			}},
		}},
		{name: "nis2-final", family: "nis2", duties: []string{"nis2-final"}, fragment: "nis2.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{submittedItem("notification-sent", "nis2-notification")}},
			{id: "final", items: []reportItem{
				fieldItem("details", "nis2-description"), fieldItem("root-cause", "nis2-root-cause"),
				fieldItem("mitigation", "nis2-mitigation"), fieldItem("cross-border-impact", "nis2-cross-border-impact").whereApplicable(),
			}},
		}},
		{name: "dora-initial", family: "dora", duties: []string{"dora-initial"}, fragment: "dora.toml", sections: []reportSection{
			doraGeneral,
			{id: "initial", items: []reportItem{
				fieldItem("reference", "dora-reference"),
				stampItem("detected", "dora-aware"), stampItem("classified", "dora-classified-major"),
				fieldItem("incident-description", "dora-description"), fieldItem("criteria", "dora-criteria"),
				fieldItem("member-states", "dora-member-states"), fieldItem("discovery", "dora-discovery"),
				fieldItem("origin", "dora-origin").whereApplicable(), fieldItem("bcp", "dora-bcp"),
			}},
		}},
		{name: "dora-intermediate", family: "dora", duties: []string{"dora-intermediate"}, fragment: "dora.toml", sections: []reportSection{
			doraGeneral,
			{id: "intermediate", items: []reportItem{
				submittedItem("initial-sent", "dora-initial"),
				fieldItem("authority-ref", "dora-authority-ref").whereApplicable(),
				fieldItem("occurred", "dora-occurred"),
				stampItem("recovered", "dora-recovered").whereApplicable(),
				fieldItem("incident-type", "dora-incident-type"), fieldItem("criteria-data", "dora-criteria-data"),
				fieldItem("threats", "dora-threats").whereApplicable(), fieldItem("functions", "dora-functions"),
				fieldItem("infrastructure", "dora-infrastructure"), fieldItem("client-impact", "dora-client-impact"),
				fieldItem("other-authorities", "dora-other-authorities"), fieldItem("temporary-actions", "dora-temporary-actions"),
				fieldItem("iocs", "dora-iocs").whereApplicable(),
			}},
		}},
		{name: "dora-final", family: "dora", duties: []string{"dora-final"}, fragment: "dora.toml", sections: []reportSection{
			doraGeneral,
			{id: "final", items: []reportItem{
				submittedItem("intermediate-sent", "dora-intermediate"),
				fieldItem("root-causes", "dora-root-causes"),
				{id: "resolved", from: fromResolved},
				fieldItem("root-cause-addressed", "dora-root-cause-addressed"),
				fieldItem("resolution", "dora-resolution"), fieldItem("costs", "dora-costs"),
				fieldItem("recurring", "dora-recurring").whereApplicable(),
			}},
		}},
		{name: "sec-8k-105", family: "sec", duties: []string{"sec-8k-105"}, fragment: "sec-8k.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("discovered", "sec-discovered"), stampItem("material", "sec-material")}},
			{id: "item-105", items: []reportItem{
				fieldItem("nature", "sec-nature"), fieldItem("scope", "sec-scope"), fieldItem("timing", "sec-timing"),
				fieldItem("impact", "sec-impact"), fieldItem("undetermined", "sec-undetermined").whereApplicable(),
			}},
		}},
		{name: "cra-vuln-early-warning", family: "cra", duties: []string{"cra-vuln-early-warning"}, fragment: "cra.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("vuln-aware", "cra-vuln-aware")}},
			{id: "vuln-early-warning", items: []reportItem{fieldItem("member-states", "cra-vuln-member-states").whereApplicable()}},
		}},
		{name: "cra-vuln-notification", family: "cra", duties: []string{"cra-vuln-notification"}, fragment: "cra.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("vuln-aware", "cra-vuln-aware"), submittedItem("early-warning-sent", "cra-vuln-early-warning")}},
			{id: "vuln-notification", items: []reportItem{
				fieldItem("product", "cra-vuln-product"), fieldItem("vuln-nature", "cra-vuln-nature"),
				fieldItem("measures", "cra-vuln-measures"), fieldItem("sensitivity", "cra-vuln-sensitivity"),
			}},
		}},
		{name: "cra-vuln-final", family: "cra", duties: []string{"cra-vuln-final"}, fragment: "cra.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("fix-available", "cra-fix-available")}},
			{id: "vuln-final", items: []reportItem{
				fieldItem("vuln-description", "cra-vuln-description"), fieldItem("actor", "cra-vuln-actor").whereApplicable(),
				fieldItem("update", "cra-vuln-update"),
			}},
		}},
		{name: "cra-incident-early-warning", family: "cra", duties: []string{"cra-incident-early-warning"}, fragment: "cra.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("incident-aware", "cra-incident-aware")}},
			{id: "incident-early-warning", items: []reportItem{
				fieldItem("malicious", "cra-incident-malicious"), fieldItem("member-states", "cra-incident-member-states").whereApplicable(),
			}},
		}},
		{name: "cra-incident-notification", family: "cra", duties: []string{"cra-incident-notification"}, fragment: "cra.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{stampItem("incident-aware", "cra-incident-aware"), submittedItem("early-warning-sent", "cra-incident-early-warning")}},
			{id: "incident-notification", items: []reportItem{
				fieldItem("incident-nature", "cra-incident-nature"), fieldItem("assessment", "cra-incident-assessment"),
				fieldItem("measures", "cra-incident-measures"), fieldItem("sensitivity", "cra-incident-sensitivity"),
			}},
		}},
		{name: "cra-incident-final", family: "cra", duties: []string{"cra-incident-final"}, fragment: "cra.toml", sections: []reportSection{
			{id: "dates", items: []reportItem{submittedItem("notification-sent", "cra-incident-notification")}},
			{id: "incident-final", items: []reportItem{
				fieldItem("incident-description", "cra-incident-description"), fieldItem("root-cause", "cra-incident-root-cause"),
				fieldItem("mitigation", "cra-incident-mitigation"),
			}},
		}},
		{name: "hipaa-individuals", family: "hipaa", duties: []string{"hipaa-individuals"}, fragment: "hipaa.toml", sections: []reportSection{
			{id: "notice", items: []reportItem{
				fieldItem("what-happened", "hipaa-what-happened"), fieldItem("breach-date", "hipaa-breach-date").whereApplicable(),
				stampItem("discovered", "hipaa-discovered"),
				fieldItem("phi-types", "hipaa-phi-types"), fieldItem("steps", "hipaa-steps"),
				fieldItem("doing", "hipaa-doing"), fieldItem("contact", "hipaa-contact"),
			}},
		}},
	}
}
