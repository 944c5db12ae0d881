package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// The postmortem lists the roles taken and handed over, with both people
// of a hand-over, in every language; an incident where no one took a role
// has no such section.
func TestPostmortemListsRoleHandOvers(t *testing.T) {
	t.Parallel()
	s, clock := openFixture(t, "triggers.toml")
	must(t, s.TakeRole("Sato", incident.CommanderRole, nil))
	clock.Advance(20 * time.Minute)
	must(t, s.HandOverRole("Sato", incident.CommanderRole, "Tanaka", nil))
	dir := s.Dir()
	must(t, s.Detach())
	in := readInput(t, dir)

	tests := []struct {
		lang string
		want []string
	}{
		{i18n.English, []string{"## Roles taken and handed over", "|  | Sato | taken |", "| Sato | Tanaka | handed over |", "Handed the role"}},
		{i18n.Japanese, []string{"## 役割の引き受けと引き継ぎ", "|  | Sato | 引き受け |", "| Sato | Tanaka | 引き継ぎ |", "Tanaka さんに引き継いだ"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			var b bytes.Buffer
			must(t, Markdown(&b, in, Options{Location: jst, Lang: tt.lang}))
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("postmortem lacks %q:\n%s", w, b.String())
				}
			}
		})
	}

	plain, _ := openFixture(t, "triggers.toml")
	dir = plain.Dir()
	must(t, plain.Detach())
	var b bytes.Buffer
	must(t, Markdown(&b, readInput(t, dir), Options{Location: jst}))
	if strings.Contains(b.String(), "Roles taken") {
		t.Errorf("a postmortem with no role taken has the section:\n%s", b.String())
	}
}
