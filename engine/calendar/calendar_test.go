package calendar

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustNew(t *testing.T, s Spec) *Calendar {
	t.Helper()
	c, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func dates(t *testing.T, from, to string) []Date {
	t.Helper()
	a, err := ParseDate(from)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ParseDate(to)
	var out []Date
	for d := a; d != b.next(); d = d.next() {
		out = append(out, d)
	}
	return out
}

func TestAddBusinessDays(t *testing.T) {
	tokyo := zone(t, "Asia/Tokyo")
	newYork := zone(t, "America/New_York")
	nenmatsu := mustNew(t, Spec{Zone: tokyo, Holidays: HolidaysJapan, Closed: dates(t, "2026-12-29", "2027-01-03")})
	japan := mustNew(t, Spec{Zone: tokyo, Holidays: HolidaysJapan})
	weekends := mustNew(t, Spec{Zone: tokyo})
	federal := mustNew(t, Spec{Zone: newYork, Holidays: HolidaysUS})
	tests := []struct {
		name string
		cal  *Calendar
		from time.Time
		n    int
		want time.Time
	}{
		{"4bd from Friday 17:00 before 年末年始", nenmatsu, time.Date(2026, 12, 25, 17, 0, 0, 0, tokyo), 4,
			time.Date(2027, 1, 7, 0, 0, 0, 0, tokyo)},
		{"翌営業日 from Friday 17:00 before 年末年始", nenmatsu, time.Date(2026, 12, 25, 17, 0, 0, 0, tokyo), 1,
			time.Date(2026, 12, 29, 0, 0, 0, 0, tokyo)},
		{"翌営業日 from the last working day of the year", nenmatsu, time.Date(2026, 12, 28, 10, 0, 0, 0, tokyo), 1,
			time.Date(2027, 1, 5, 0, 0, 0, 0, tokyo)},
		{"Silver Week 2026: 敬老の日, 国民の休日, 秋分の日", japan, time.Date(2026, 9, 18, 12, 0, 0, 0, tokyo), 1,
			time.Date(2026, 9, 25, 0, 0, 0, 0, tokyo)},
		{"振替休日: 2026-05-06 after Constitution Day on Sunday", japan, time.Date(2026, 5, 1, 9, 0, 0, 0, tokyo), 1,
			time.Date(2026, 5, 8, 0, 0, 0, 0, tokyo)},
		{"weekends only: Friday + 1 is Monday", weekends, time.Date(2026, 12, 25, 17, 0, 0, 0, tokyo), 1,
			time.Date(2026, 12, 29, 0, 0, 0, 0, tokyo)},
		{"a Saturday anchor: its day does not count", weekends, time.Date(2026, 12, 26, 9, 0, 0, 0, tokyo), 1,
			time.Date(2026, 12, 29, 0, 0, 0, 0, tokyo)},
		{"SEC-style 4bd across Thanksgiving", federal, time.Date(2026, 11, 25, 10, 0, 0, 0, newYork), 4,
			time.Date(2026, 12, 3, 0, 0, 0, 0, newYork)},
		{"US observed: July 4 2026 is a Saturday, Friday July 3 is off", federal, time.Date(2026, 7, 2, 10, 0, 0, 0, newYork), 1,
			time.Date(2026, 7, 7, 0, 0, 0, 0, newYork)},
		{"the anchor is read in the calendar's zone, not the recorder's", nenmatsu, time.Date(2026, 12, 27, 16, 0, 0, 0, time.UTC), 1,
			time.Date(2027, 1, 5, 0, 0, 0, 0, tokyo)}, // Sunday 16:00 UTC is Monday 01:00 in Tokyo
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddBusinessDays(tt.from, tt.n); !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got.In(tt.want.Location()), tt.want)
			}
		})
	}
}

func TestAddBusinessHours(t *testing.T) {
	tokyo := zone(t, "Asia/Tokyo")
	desk := mustNew(t, Spec{Zone: tokyo, Holidays: HolidaysJapan, Open: 9 * time.Hour, Close: 18 * time.Hour})
	nenmatsu := mustNew(t, Spec{Zone: tokyo, Holidays: HolidaysJapan, Open: 9 * time.Hour, Close: 18 * time.Hour,
		Closed: dates(t, "2026-12-29", "2027-01-03")})
	tests := []struct {
		name string
		cal  *Calendar
		from time.Time
		d    time.Duration
		want time.Time
	}{
		{"4bh from Friday 17:00 carries over the weekend", desk, time.Date(2026, 11, 27, 17, 0, 0, 0, tokyo), 4 * time.Hour,
			time.Date(2026, 11, 30, 12, 0, 0, 0, tokyo)},
		{"ends exactly at closing", desk, time.Date(2026, 11, 27, 17, 0, 0, 0, tokyo), time.Hour,
			time.Date(2026, 11, 27, 18, 0, 0, 0, tokyo)},
		{"before opening counts from opening", desk, time.Date(2026, 11, 30, 7, 0, 0, 0, tokyo), 2 * time.Hour,
			time.Date(2026, 11, 30, 11, 0, 0, 0, tokyo)},
		{"after closing counts from the next opening", desk, time.Date(2026, 11, 30, 20, 0, 0, 0, tokyo), 30 * time.Minute,
			time.Date(2026, 12, 1, 9, 30, 0, 0, tokyo)},
		{"on a Saturday", desk, time.Date(2026, 11, 28, 10, 0, 0, 0, tokyo), time.Hour,
			time.Date(2026, 11, 30, 10, 0, 0, 0, tokyo)},
		{"across 年末年始", nenmatsu, time.Date(2026, 12, 28, 16, 0, 0, 0, tokyo), 4 * time.Hour,
			time.Date(2027, 1, 4, 11, 0, 0, 0, tokyo)},
		{"a whole day and a half", desk, time.Date(2026, 12, 1, 9, 0, 0, 0, tokyo), 13*time.Hour + 30*time.Minute,
			time.Date(2026, 12, 2, 13, 30, 0, 0, tokyo)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddBusinessHours(tt.from, tt.d); !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestAddDaysCountsInTheCalendarsZone(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	c := mustNew(t, Spec{Zone: berlin})
	// 2026-10-25: clocks go back in Berlin. Three days from Saturday 10:00
	// is Tuesday 10:00 there: 73 hours.
	from := time.Date(2026, 10, 24, 10, 0, 0, 0, berlin)
	got := c.AddDays(from, 3)
	if want := time.Date(2026, 10, 27, 10, 0, 0, 0, berlin); !got.Equal(want) || got.Sub(from) != 73*time.Hour {
		t.Errorf("got %s (%s later), want %s (73h)", got, got.Sub(from), want)
	}
	// The same instant recorded in Tokyo counts the same.
	if got2 := c.AddDays(from.In(zone(t, "Asia/Tokyo")), 3); !got2.Equal(got) {
		t.Errorf("the recorder's zone moved the deadline: %s vs %s", got2, got)
	}
}

func TestNewAndParseHoursRefuseBadInput(t *testing.T) {
	tokyo := zone(t, "Asia/Tokyo")
	if _, err := New(Spec{}); !errors.Is(err, ErrNoZone) {
		t.Errorf("no zone: %v", err)
	}
	if _, err := New(Spec{Zone: tokyo, Holidays: "jpn"}); !errors.Is(err, ErrUnknownHolidays) {
		t.Errorf("unknown holidays: %v", err)
	}
	if _, err := New(Spec{Zone: tokyo, Days: []time.Weekday{}}); err != nil {
		t.Errorf("empty days means Monday to Friday: %v", err)
	}
	if _, err := New(Spec{Zone: tokyo, Open: 18 * time.Hour, Close: 9 * time.Hour}); !errors.Is(err, ErrBadHours) {
		t.Errorf("hours that end before they start: %v", err)
	}
	tests := []struct {
		in          string
		open, close time.Duration
		ok          bool
	}{
		{"09:00-18:00", 9 * time.Hour, 18 * time.Hour, true},
		{"09:30 - 17:45", 9*time.Hour + 30*time.Minute, 17*time.Hour + 45*time.Minute, true},
		{"00:00-24:00", 0, 24 * time.Hour, true},
		{"18:00-09:00", 0, 0, false},
		{"09:00-09:00", 0, 0, false},
		{"9-18", 0, 0, false},
		{"09:00", 0, 0, false},
		{"09:60-18:00", 0, 0, false},
		{"25:00-26:00", 0, 0, false},
	}
	for _, tt := range tests {
		open, close, err := ParseHours(tt.in)
		if (err == nil) != tt.ok || open != tt.open || close != tt.close {
			t.Errorf("ParseHours(%q) = %s, %s, %v", tt.in, open, close, err)
		}
		if err != nil && !errors.Is(err, ErrBadHours) {
			t.Errorf("ParseHours(%q): %v is not ErrBadHours", tt.in, err)
		}
	}
	if _, err := ParseDate("2026-13-01"); err == nil {
		t.Error("ParseDate accepted month 13")
	}
}

// Two calendars computing Japanese holidays at once: the library's
// equinox rules write into their own struct, so without the clone in
// holidaysOf this fails under -race.
func TestConcurrentHolidayLookups(t *testing.T) {
	tokyo := zone(t, "Asia/Tokyo")
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := mustNew(t, Spec{Zone: tokyo, Holidays: HolidaysJapan})
			for y := 2020 + i; y < 2032; y++ {
				c.IsBusinessDay(Date{y, time.March, 20})
			}
		}()
	}
	wg.Wait()
	c := mustNew(t, Spec{Zone: tokyo, Holidays: HolidaysJapan})
	if c.IsBusinessDay(Date{2026, time.March, 20}) {
		t.Error("2026-03-20 (春分の日) counted as a business day")
	}
}

// TestNextWorkingDayAt: DORA's relief (RTS 2025/301 Art. 5(4)) on a
// German calendar: a due time on a weekend day or a German public holiday
// moves to noon of the next working day in Berlin; one on a working day,
// or at 24:00 ending one, stays.
func TestNextWorkingDayAt(t *testing.T) {
	t.Parallel()
	berlin := zone(t, "Europe/Berlin")
	germany := mustNew(t, Spec{Zone: berlin, Holidays: "de"})
	weekends := mustNew(t, Spec{Zone: berlin})
	closedMonday := mustNew(t, Spec{Zone: berlin, Holidays: "de", Closed: dates(t, "2027-03-01", "2027-03-01")})
	noon := 12 * time.Hour
	for _, tc := range []struct {
		name string
		cal  *Calendar
		due  time.Time
		want time.Time
	}{
		{"Friday evening is a working day: unchanged", germany, time.Date(2027, 2, 26, 20, 0, 0, 0, berlin), time.Date(2027, 2, 26, 20, 0, 0, 0, berlin)},
		{"24:00 on Friday ends Friday: unchanged", germany, time.Date(2027, 2, 27, 0, 0, 0, 0, berlin), time.Date(2027, 2, 27, 0, 0, 0, 0, berlin)},
		{"Saturday 14:00: Monday noon", germany, time.Date(2027, 2, 27, 14, 0, 0, 0, berlin), time.Date(2027, 3, 1, 12, 0, 0, 0, berlin)},
		{"Saturday 00:01: Monday noon", germany, time.Date(2027, 2, 27, 0, 1, 0, 0, berlin), time.Date(2027, 3, 1, 12, 0, 0, 0, berlin)},
		{"Sunday 10:00: Monday noon", germany, time.Date(2027, 2, 28, 10, 0, 0, 0, berlin), time.Date(2027, 3, 1, 12, 0, 0, 0, berlin)},
		{"Sunday, the Monday closed too: Tuesday noon", closedMonday, time.Date(2027, 2, 28, 10, 0, 0, 0, berlin), time.Date(2027, 3, 2, 12, 0, 0, 0, berlin)},
		{"Whit Monday 15:00, a public holiday: Tuesday noon", germany, time.Date(2027, 5, 17, 15, 0, 0, 0, berlin), time.Date(2027, 5, 18, 12, 0, 0, 0, berlin)},
		{"Whit Sunday, before the holiday Monday: Tuesday noon", germany, time.Date(2027, 5, 16, 9, 0, 0, 0, berlin), time.Date(2027, 5, 18, 12, 0, 0, 0, berlin)},
		{"Whit Monday on a calendar without holidays: unchanged", weekends, time.Date(2027, 5, 17, 15, 0, 0, 0, berlin), time.Date(2027, 5, 17, 15, 0, 0, 0, berlin)},
		{"Good Friday, across Easter and summer time: Tuesday noon CEST", germany, time.Date(2027, 3, 26, 9, 0, 0, 0, berlin), time.Date(2027, 3, 30, 12, 0, 0, 0, berlin)},
		{"the night summer time begins: Tuesday noon CEST", germany, time.Date(2027, 3, 28, 2, 30, 0, 0, time.UTC), time.Date(2027, 3, 30, 10, 0, 0, 0, time.UTC)},
		{"the day is the calendar's: Friday 23:30 UTC is Saturday in Berlin", germany, time.Date(2027, 2, 26, 23, 30, 0, 0, time.UTC), time.Date(2027, 3, 1, 11, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.cal.NextWorkingDayAt(tc.due, noon)
			if !got.Equal(tc.want) {
				t.Errorf("NextWorkingDayAt(%s) = %s, want %s", tc.due.Format(time.RFC3339), got.In(berlin).Format(time.RFC3339), tc.want.In(berlin).Format(time.RFC3339))
			}
			if got.Location() != tc.due.Location() {
				t.Errorf("location %s, want the due time's %s", got.Location(), tc.due.Location())
			}
		})
	}
}

// TestEUMemberStateSets: every Member State set is a holiday set New
// accepts, and each knows its own Christmas or New Year.
func TestEUMemberStateSets(t *testing.T) {
	t.Parallel()
	for _, s := range EUMemberStateSets() {
		c, err := New(Spec{Zone: time.UTC, Holidays: s})
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		if c.IsBusinessDay(Date{2027, time.January, 1}) {
			t.Errorf("%s: 1 January 2027 is a business day", s)
		}
	}
}
