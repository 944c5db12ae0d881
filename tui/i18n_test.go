package tui

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaultLang(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{nil, LangEnglish},
		{map[string]string{"LANG": "ja_JP.UTF-8"}, LangJapanese},
		{map[string]string{"LANG": "en_US.UTF-8"}, LangEnglish},
		{map[string]string{"LC_MESSAGES": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, LangJapanese},
		{map[string]string{"LC_ALL": "C", "LC_MESSAGES": "ja_JP.UTF-8"}, LangEnglish},
		{map[string]string{"LC_ALL": "ja", "LANG": "C"}, LangJapanese},
		{map[string]string{"LC_ALL": "", "LANG": "JA_JP"}, LangJapanese},
	} {
		got := DefaultLang(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("DefaultLang(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

// TestCatalogues: both languages say everything, with the same verbs in
// the same order, so that a format never prints %!s(MISSING).
func TestCatalogues(t *testing.T) {
	en, ja := reflect.ValueOf(*english()), reflect.ValueOf(*japanese())
	for i := range en.NumField() {
		name := en.Type().Field(i).Name
		e, j := en.Field(i), ja.Field(i)
		switch e.Kind() {
		case reflect.String:
			if e.String() == "" || j.String() == "" {
				t.Errorf("%s is empty in a language", name)
			}
			if verbs(e.String()) != verbs(j.String()) {
				t.Errorf("%s: verbs %q in English, %q in Japanese", name, verbs(e.String()), verbs(j.String()))
			}
		case reflect.Slice, reflect.Array:
			if e.Len() == 0 || e.Len() != j.Len() {
				t.Errorf("%s: %d items in English, %d in Japanese", name, e.Len(), j.Len())
			}
		}
	}
}

func verbs(s string) string {
	var out []string
	for i := 0; i < len(s)-1; i++ {
		if s[i] == '%' {
			out = append(out, s[i:i+2])
			i++
		}
	}
	return strings.Join(out, "")
}

func TestSpan(t *testing.T) {
	en, ja := english(), japanese()
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
		if got := en.span(tc.d); got != tc.en {
			t.Errorf("en span(%v) = %q, want %q", tc.d, got, tc.en)
		}
		if got := ja.span(tc.d); got != tc.ja {
			t.Errorf("ja span(%v) = %q, want %q", tc.d, got, tc.ja)
		}
	}
	if got := en.clockSpan(26*time.Hour + 3*time.Minute + 4*time.Second); got != "1d 02:03:04" {
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
