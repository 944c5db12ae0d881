package drill

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// Every declared message is in every language's catalogue, using exactly
// its declared placeholders, and every message of [runbook.scenario] is
// declared.
func TestMessagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, err := range runbook.CheckMessages(Messages(), "runbook.scenario") {
		t.Error(err)
	}
}

// invalidScenarios parses every invalid scenario fixture, its runbook
// reference resolved by the tests' resolver (engine/library's tests check
// the fixtures as shodo resolves them, in English and Japanese).
func invalidScenarios(t *testing.T) map[string]runbook.Diagnostics {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(testdataDir, "invalid", "*"))
	must(t, err)
	out := map[string]runbook.Diagnostics{}
	for _, dir := range dirs {
		path := filepath.Join(dir, "scenario.toml")
		src, err := os.ReadFile(path)
		must(t, err)
		_, diags := Parse(path, src, shippedResolver())
		out[dir] = diags
	}
	return out
}

// Every diagnostic of the fixtures gives each message exactly its declared
// arguments (the runbook package's messages included).
func TestDiagnosticsUseDeclaredParams(t *testing.T) {
	t.Parallel()
	params := map[string][]string{}
	for _, m := range append(Messages(), runbook.Messages()...) {
		params[m.ID] = m.Params
	}
	for dir, diags := range invalidScenarios(t) {
		for _, d := range diags {
			for id, calls := range d.Message.Names() {
				want, ok := params[id]
				if !ok {
					t.Errorf("%s: %s: message %q is undeclared", filepath.Base(dir), d, id)
				}
				for _, got := range calls {
					if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
						t.Errorf("%s: %s: %s was given %v; it declares %v", filepath.Base(dir), d, id, got, want)
					}
				}
			}
		}
	}
}

func rendered(diags runbook.Diagnostics, dir, lang string) string {
	c := i18n.New(lang)
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(strings.ReplaceAll(d.Text(c), dir+string(filepath.Separator), "") + "\n")
	}
	return b.String()
}

// In the pseudo-locale, the scenario fixtures' diagnostics show no English
// word but the scenario's and runbook's own text and ids, file names and
// the TOML decoder's words.
func TestPseudoLocaleDiagnostics(t *testing.T) {
	t.Parallel()
	for dir, diags := range invalidScenarios(t) {
		got := rendered(diags, dir, i18n.Pseudo)
		var allow []string
		for _, d := range diags {
			allow = append(allow, strings.FieldsFunc(d.File+" "+strings.Join(d.Message.Values(), " "), func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
			})...)
		}
		if leaks := testkit.EnglishLeaks(got, allow...); len(leaks) > 0 {
			t.Errorf("%s: English outside the catalogue: %v\n%s", filepath.Base(dir), leaks, got)
		}
	}
}
