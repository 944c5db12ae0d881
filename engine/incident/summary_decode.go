package incident

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// decodeSummary decodes a summary file. Listing decodes thousands of them,
// and encoding/json's reflection costs more than reading the file: the
// shape writeSummary writes (a flat object of strings without escapes,
// integers and times) is read directly, and anything else — an escaped
// character, a field this build does not know, a file from elsewhere —
// goes to encoding/json, which decides.
func decodeSummary(raw []byte, r *summaryRecord) error {
	if fastSummary(raw, r) {
		return nil
	}
	*r = summaryRecord{}
	return json.Unmarshal(raw, r)
}

// fastSummary reads raw as the flat object json.Marshal writes for a
// summaryRecord; false when raw is anything else.
func fastSummary(raw []byte, r *summaryRecord) bool {
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' || bytes.IndexByte(raw, '\\') >= 0 || !utf8.Valid(raw) {
		return false
	}
	for _, c := range raw {
		if c < 0x20 { // encoding/json refuses control characters in strings
			return false
		}
	}
	rest := raw[1:]
	for {
		if len(rest) == 0 || rest[0] != '"' {
			return false
		}
		end := bytes.IndexByte(rest[1:], '"')
		if end < 0 || len(rest) < end+3 || rest[end+2] != ':' {
			return false
		}
		key := string(rest[1 : end+1])
		rest = rest[end+3:]
		var val []byte
		quoted := len(rest) > 0 && rest[0] == '"'
		if quoted {
			e := bytes.IndexByte(rest[1:], '"')
			if e < 0 {
				return false
			}
			val, rest = rest[1:e+1], rest[e+2:]
		} else {
			e := bytes.IndexAny(rest, ",}")
			if e <= 0 {
				return false
			}
			val, rest = rest[:e], rest[e:]
		}
		if !r.set(key, val, quoted) {
			return false
		}
		switch {
		case len(rest) == 1 && rest[0] == '}':
			return true
		case len(rest) > 1 && rest[0] == ',':
			rest = rest[1:]
		default:
			return false
		}
	}
}

// set stores one field of a summary as fastSummary read it; false for an
// unknown key or a value of the wrong kind.
func (r *summaryRecord) set(key string, val []byte, quoted bool) bool {
	str := func(dst *string) bool { *dst = string(val); return quoted }
	num := func(dst *int64) bool {
		if quoted || !jsonInteger(val) {
			return false
		}
		n, err := strconv.ParseInt(string(val), 10, 64)
		*dst = n
		return err == nil
	}
	stamp := func(dst *time.Time) bool {
		// What time.Time's own UnmarshalJSON accepts, and only that.
		return quoted && dst.UnmarshalText(val) == nil
	}
	var n int64
	switch key {
	case "version":
		ok := num(&n)
		r.Version = int(n)
		return ok
	case "incident":
		return str(&r.Incident)
	case "uuid":
		return str(&r.UUID)
	case "runbook":
		return str(&r.Runbook)
	case "runbook_title":
		return str(&r.RunbookTitle)
	case "name":
		return str(&r.Name)
	case "opened":
		return stamp(&r.Opened)
	case "drill":
		return str(&r.Drill)
	case "phase":
		var p string
		ok := str(&p)
		r.Phase = Phase(p)
		return ok
	case "verdict":
		return str(&r.Verdict)
	case "verdict_title":
		return str(&r.VerdictTitle)
	case "next_due":
		return stamp(&r.NextDue)
	case "next_duty":
		return str(&r.NextDuty)
	case "running":
		ok := num(&n)
		r.Running = int(n)
		return ok
	case "overdue":
		ok := num(&n)
		r.Overdue = int(n)
		return ok
	case "ending":
		return str(&r.Ending)
	case "ending_of":
		return str(&r.EndingOf)
	case "follow_ups":
		ok := num(&n)
		r.FollowUps = int(n)
		return ok
	case "follow_up_due":
		return stamp(&r.FollowUpDue)
	case "follow_up_duty":
		return str(&r.FollowUpDuty)
	case "events":
		ok := num(&n)
		r.Events = int(n)
		return ok
	case "last_seq":
		ok := num(&n)
		r.LastSeq = uint64(n)
		return ok && n >= 0
	case "last_hash":
		return str(&r.LastHash)
	case "last_type":
		return str(&r.LastType)
	case "journal_size":
		return num(&r.JournalSize)
	case "journal_mtime_ns":
		return num(&r.JournalMtime)
	case "journal_ctime_ns":
		return num(&r.JournalCtime)
	}
	return false
}

// jsonInteger reports whether b is an integer as JSON writes one:
// -?(0|[1-9][0-9]*), no sign, leading zero, fraction or exponent else.
func jsonInteger(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("-"))
	if len(b) == 0 || b[0] == '0' && len(b) > 1 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
