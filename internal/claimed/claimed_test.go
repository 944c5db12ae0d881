package claimed

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tokyo := time.FixedZone("JST", 9*3600)
	now := time.Date(2026, 12, 2, 3, 12, 0, 0, tokyo)
	tests := []struct {
		text string
		want time.Time
		code string // the refusal, "" when accepted
		date string // the date suggested, for CodeLaterToday
	}{
		{text: "", want: time.Time{}},
		{text: "   ", want: time.Time{}},
		{text: "2026-12-02T01:30:00+09:00", want: time.Date(2026, 12, 2, 1, 30, 0, 0, tokyo)},
		{text: "2026-12-01T16:30:00Z", want: time.Date(2026, 12, 2, 1, 30, 0, 0, tokyo)},
		{text: "2026-12-02 01:30", want: time.Date(2026, 12, 2, 1, 30, 0, 0, tokyo)},
		{text: " 2026-12-02 01:30:15 ", want: time.Date(2026, 12, 2, 1, 30, 15, 0, tokyo)},
		{text: "2026-12-01T23:05", want: time.Date(2026, 12, 1, 23, 5, 0, 0, tokyo)},
		{text: "01:30", want: time.Date(2026, 12, 2, 1, 30, 0, 0, tokyo)},
		{text: "03:12", want: now},
		{text: "03:11:59", want: now.Add(-time.Second)},
		{text: "2h ago", want: now.Add(-2 * time.Hour)},
		{text: "90m ago", want: now.Add(-90 * time.Minute)},
		{text: "1h30m ago", want: now.Add(-90 * time.Minute)},
		{text: "1d ago", want: now.Add(-24 * time.Hour)},
		{text: "1d2h ago", want: now.Add(-26 * time.Hour)},
		{text: "-2h", want: now.Add(-2 * time.Hour)},
		{text: "-45m", want: now.Add(-45 * time.Minute)},
		{text: "2026-12-02T04:00:00+09:00", code: CodeLater},
		{text: "2026-12-03 01:30", code: CodeLater},
		{text: "03:13", code: CodeLaterToday, date: "2026-12-01"},
		{text: "23:30", code: CodeLaterToday, date: "2026-12-01"},
		// Older than "366d ago" is refused whatever the form. (A year
		// typed wrong by exactly one is within it: the fields echo the
		// time read and its age before enter for that.)
		{text: "2025-11-30 01:30", code: CodeTooOld},
		{text: "2025-11-30T16:30:00Z", code: CodeTooOld},
		{text: "2024-12-02 01:30", code: CodeTooOld},
		{text: "2025-12-02 01:30", want: time.Date(2025, 12, 2, 1, 30, 0, 0, tokyo)},
		{text: "366d ago", want: now.Add(-366 * 24 * time.Hour)},
		{text: "2h", code: CodeMalformed},  // ago or from now? say which
		{text: "+2h", code: CodeMalformed}, // the future, and ambiguous
		{text: "in 2h", code: CodeMalformed},
		{text: "0m ago", code: CodeMalformed},
		{text: "400d ago", code: CodeMalformed},
		{text: "9999999h ago", code: CodeMalformed},
		{text: "yesterday", code: CodeMalformed},
		{text: "2026-12-02", code: CodeMalformed},
		{text: "25:00", code: CodeMalformed},
		{text: "2026-13-01 01:30", code: CodeMalformed},
		{text: "1:30am", code: CodeMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := Parse(tt.text, now)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Parse(%q): %v", tt.text, err)
				}
				if !got.Equal(tt.want) {
					t.Fatalf("Parse(%q) = %v, want %v", tt.text, got, tt.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %v, %v; want a refusal %q", tt.text, got, err, tt.code)
			}
			if e.Code != tt.code || e.Date != tt.date {
				t.Fatalf("Parse(%q): code %q date %q, want %q %q (%v)", tt.text, e.Code, e.Date, tt.code, tt.date, err)
			}
			if e.Text != strings.TrimSpace(tt.text) {
				t.Fatalf("Parse(%q): the refusal quotes %q", tt.text, e.Text)
			}
		})
	}
}

// A claim carries no monotonic reading: it is recorded as written.
func TestParseDropsMonotonic(t *testing.T) {
	t.Parallel()
	now := time.Now()
	got, err := Parse("1h ago", now)
	if err != nil {
		t.Fatal(err)
	}
	if got != got.Round(0) {
		t.Fatalf("Parse kept a monotonic reading: %v", got)
	}
}
