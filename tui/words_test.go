package tui

import (
	"testing"
	"time"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// The app's language is decided by i18n.Decide: an empty Options.Lang
// takes the locale's, and a code shodo does not speak falls back to English.
func TestOptionsLang(t *testing.T) {
	for _, tc := range []struct {
		lang string
		env  map[string]string
		want string
	}{
		{"", nil, i18n.English},
		{"", map[string]string{"LANG": "ja_JP.UTF-8"}, i18n.Japanese},
		{"", map[string]string{"LC_ALL": "C", "LC_MESSAGES": "ja_JP.UTF-8"}, i18n.English},
		{"", map[string]string{"LC_ALL": "ja", "LANG": "C"}, i18n.Japanese},
		{"ja", map[string]string{"LANG": "en_US.UTF-8"}, i18n.Japanese},
		{"en-XA", nil, i18n.Pseudo},
		{"fr", map[string]string{"LANG": "ja_JP.UTF-8"}, i18n.English},
	} {
		opt := Options{Lang: tc.lang, Getenv: func(k string) string { return tc.env[k] }}.withDefaults()
		if opt.Lang != tc.want {
			t.Errorf("Lang %q with %v: got %q, want %q", tc.lang, tc.env, opt.Lang, tc.want)
		}
	}
}

// Every counted message of the app has its singular in English.
func TestCountedMessages(t *testing.T) {
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	for _, tc := range []struct {
		id     string
		count  int
		en, ja string
	}{
		{"tui.timeline.newer-below", 1, "v 1 newer event below (End goes there)", "v 下に新しいイベントが 1 件あります（End で移動）"},
		{"tui.timeline.newer-below", 3, "v 3 newer events below (End goes there)", "v 下に新しいイベントが 3 件あります（End で移動）"},
		{"tui.duty.not-started", 1, "1 more duty starts when its trigger happens.", "ほかに 1 件の対応義務が、きっかけが起きたときに始まります。"},
		{"tui.drill.inject-more", 1, "(and 1 more: i shows all)", "（ほか 1 件：i ですべて表示）"},
		{"tui.drill.more-below", 1, "v 1 more line below", "v 下にあと 1 行あります"},
		{"tui.home.events", 1, "1 event", "イベント 1 件"},
	} {
		if got := en.T(tc.id, "Count", tc.count); got != tc.en {
			t.Errorf("en %s %d = %q, want %q", tc.id, tc.count, got, tc.en)
		}
		if got := ja.T(tc.id, "Count", tc.count); got != tc.ja {
			t.Errorf("ja %s %d = %q, want %q", tc.id, tc.count, got, tc.ja)
		}
	}
}

func TestSpan(t *testing.T) {
	en, ja := i18n.New(i18n.English), i18n.New(i18n.Japanese)
	for _, tc := range []struct {
		d      time.Duration
		en, ja string
	}{
		{9 * time.Second, "9s", "9秒"},
		{4*time.Minute + 5*time.Second, "4m05s", "4分05秒"},
		{time.Hour + 5*time.Minute + 59*time.Second, "1h05m", "1時間05分"},
		{3*24*time.Hour + 4*time.Hour, "3d04h", "3日04時間"},
		{-90 * time.Second, "1m30s", "1分30秒"},
	} {
		if got := span(en, tc.d); got != tc.en {
			t.Errorf("en span(%v) = %q, want %q", tc.d, got, tc.en)
		}
		if got := span(ja, tc.d); got != tc.ja {
			t.Errorf("ja span(%v) = %q, want %q", tc.d, got, tc.ja)
		}
	}
	if got := clockSpan(en, 26*time.Hour+3*time.Minute+4*time.Second); got != "1d 02:03:04" {
		t.Errorf("clockSpan = %q", got)
	}
}

func TestCountdown(t *testing.T) {
	d := dutyDue(t0, time.Hour)
	for _, tc := range []struct {
		at   time.Duration
		kind countdownKind
		span time.Duration
	}{
		{0, countdownNormal, time.Hour},
		{44*time.Minute + 59*time.Second, countdownNormal, 15*time.Minute + time.Second},
		{45 * time.Minute, countdownSoon, 15 * time.Minute},
		{time.Hour, countdownSoon, 0},
		{time.Hour + time.Second, countdownOver, time.Second},
		{30*time.Minute + 300*time.Millisecond, countdownNormal, 30 * time.Minute}, // rounded up
		{time.Hour - time.Millisecond, countdownSoon, time.Second},
		{3 * time.Hour, countdownOver, 2 * time.Hour},
	} {
		kind, span := countdown(&d, t0.Add(tc.at))
		if kind != tc.kind || span != tc.span {
			t.Errorf("at +%v: %v %v, want %v %v", tc.at, kind, span, tc.kind, tc.span)
		}
	}
}
