package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/internal/testkit"
	"github.com/shodo-dev/shodo/runbooks"
)

// shodo test speaks the language i18n.Decide picks: --lang, else the
// locale. ok and FAIL open each line in every language, and ids, offsets
// and spans stay as the scenario writes them.
func TestTestCommandLanguages(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(testdataDrills)
	if err != nil {
		t.Fatal(err)
	}
	passing, err := filepath.Abs(filepath.Join("..", "..", "runbooks", "drills", "friday-ransomware-ja.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// Labels are ids: a path among them would pad the lines to a width
	// that depends on the machine.
	scenarios := []string{filepath.Join(abs, "failing"), passing}
	play := func(t *testing.T, vars map[string]string, flags ...string) result {
		t.Helper()
		env, envVars := testEnv(t)
		env.shipped = runbooks.FS
		for k, v := range vars {
			envVars[k] = v
		}
		r := shell(t, env, append(append([]string{"test"}, flags...), scenarios...)...)
		if r.code != exitFindings {
			t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, exitFindings, r.stdout, r.stderr)
		}
		r.stdout = strings.ReplaceAll(r.stdout, abs+string(filepath.Separator), "$TESTDATA/")
		return r
	}
	ja := play(t, nil, "--lang", "ja")
	drillGolden(t, "test-failing.ja.txt", ja.stdout)
	if !strings.Contains(ja.stdout, "FAIL  script-out-of-date          手順 2（T+10m）：回答 what-happened/encrypted：") ||
		!strings.HasSuffix(ja.stdout, "成功 1 件、失敗 3 件\n") {
		t.Errorf("not in Japanese:\n%s", ja.stdout)
	}
	if byLocale := play(t, map[string]string{"LANG": "ja_JP.UTF-8"}); byLocale.stdout != ja.stdout {
		t.Errorf("LANG=ja_JP.UTF-8 writes\n%s\nnot what --lang ja writes", byLocale.stdout)
	}
	if en := play(t, map[string]string{"LANG": "ja_JP.UTF-8"}, "--lang", "en"); !strings.HasSuffix(en.stdout, "1 passed, 3 failed\n") {
		t.Errorf("--lang en does not win over the locale:\n%s", en.stdout)
	}

	xa := play(t, nil, "--lang", "en-XA")
	// What is rightly shown as it is: the marks, the scenarios' paths and
	// ids, and the runbook ids their failures name.
	allow := append([]string{"FAIL", "ok"},
		strings.FieldsFunc("hw-judged-security ransomware-judged-hardware script-out-of-date friday-ransomware-ja "+
			"hardware-capacity unexplained vendor-first-call call-security-vendor security ransomware capture-state "+
			"what-happened encrypted pii-held", func(r rune) bool { return r == '-' || r == ' ' })...)
	if leaks := testkit.EnglishLeaks(xa.stdout, allow...); len(leaks) > 0 {
		t.Errorf("English words in the pseudo-locale: %v\n%s", leaks, xa.stdout)
	}

	env, _ := testEnv(t)
	env.shipped = runbooks.FS
	broken := filepath.Join(abs, "invalid", "broken", "scenario.toml")
	if r := shell(t, env, "test", "--lang", "ja", broken); !strings.HasSuffix(r.stdout, "  シナリオが不正です：エラー 23 件\n成功 0 件、失敗 1 件\n") {
		t.Errorf("an invalid scenario in Japanese:\n%s", r.stdout)
	}
	if r := shell(t, env, "test", "--lang", "xx", "nope"); r.code != exitUsage || !strings.Contains(r.stderr, `invalid argument "xx"`) {
		t.Errorf("--lang xx: exit %d, stderr %s", r.code, r.stderr)
	}
}
