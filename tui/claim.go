package tui

import (
	"errors"
	"time"

	"github.com/shodo-dev/shodo/internal/claimed"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// claimWords says, in the UI language, why a claimed time typed into a
// dialog (the start's "aware since", a milestone's "happened at") was not
// taken: internal/claimed's refusals, with the forms that are.
func claimWords(tx *i18n.Catalog, err error) string {
	var refused *claimed.Error
	if !errors.As(err, &refused) {
		return oneLine(err.Error())
	}
	text := oneLine(refused.Text)
	switch refused.Code {
	case claimed.CodeLater:
		return tx.T("tui.claim.later", "Text", text, "Now", refused.Now.Format("2006-01-02 15:04"))
	case claimed.CodeLaterToday:
		return tx.T("tui.claim.later-today", "Text", text, "Example", refused.Date+" "+text)
	case claimed.CodeTooOld:
		return tx.T("tui.claim.too-old", "Text", text, "Time", refused.Time.Format("2006-01-02 15:04"), "Days", claimed.MaxAgoDays)
	}
	return tx.T("tui.claim.malformed", "Text", text)
}

// claimEcho says what a claimed time typed so far will be taken as, and
// how long ago that is, so that a slip (a year, a day) shows before enter;
// "" while the field is empty or cannot be read yet (enter says why).
func claimEcho(tx *i18n.Catalog, text string, now time.Time) string {
	at, err := claimed.Parse(text, now)
	if err != nil || at.IsZero() {
		return ""
	}
	return tx.T("tui.claim.echo", "Time", at.In(now.Location()).Format("2006-01-02 15:04"), "Ago", span(tx, now.Sub(at)))
}

// claimNow is now for a claimed time typed at the home screen, before
// there is a session: the injected clock, without its monotonic reading.
func claimNow(now func() time.Time) time.Time { return now().Round(0) }
