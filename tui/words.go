package tui

import (
	"fmt"
	"time"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// The app's own words are messages of the catalogue (internal/i18n,
// section [tui] of locales/*.toml); what is here only puts numbers in the
// catalogue's units.

// span writes a duration the way a countdown needs it: the two largest
// units, zero-padded after the first ("3d04h", "1h05m", "4m05s", "9s").
func span(tx *i18n.Catalog, d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Second)
	days := int(d / (24 * time.Hour))
	h := int(d/time.Hour) % 24
	m := int(d/time.Minute) % 60
	s := int(d/time.Second) % 60
	day, hour, minute, second := tx.T("common.unit.day"), tx.T("common.unit.hour"), tx.T("common.unit.minute"), tx.T("common.unit.second")
	switch {
	case days > 0:
		return fmt.Sprintf("%d%s%02d%s", days, day, h, hour)
	case h > 0:
		return fmt.Sprintf("%d%s%02d%s", h, hour, m, minute)
	case m > 0:
		return fmt.Sprintf("%d%s%02d%s", m, minute, s, second)
	}
	return fmt.Sprintf("%d%s", s, second)
}

// clockSpan writes elapsed time as a clock: "01:02:05", "2d 01:02:05".
func clockSpan(tx *i18n.Catalog, d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Truncate(time.Second)
	days := int(d / (24 * time.Hour))
	rest := fmt.Sprintf("%02d:%02d:%02d", int(d/time.Hour)%24, int(d/time.Minute)%60, int(d/time.Second)%60)
	if days > 0 {
		return fmt.Sprintf("%d%s %s", days, tx.T("common.unit.day"), rest)
	}
	return rest
}
