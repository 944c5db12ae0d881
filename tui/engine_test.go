package tui

import (
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/shodo-dev/shodo/engine/drill"
	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/internal/testkit"
)

// TestDescribeError: what went wrong is said in the reader's language,
// with no English of the engine's in it; only the operating system's own
// words (a full disk) follow the app's, and a locked journal names its
// holder.
func TestDescribeError(t *testing.T) {
	s := openFixed(t, t.TempDir(), openID, japaneseRB(t), testkit.NewClock(t0))
	refusal := s.Answer("sato", "rollback", "restored")
	if refusal == nil {
		t.Fatal("the engine answered a question that is not the current one")
	}
	cases := []struct {
		name    string
		err     error
		want    []string
		notWant []string
	}{
		{"refused", fmt.Errorf("answer: %w", refusal),
			[]string{"いまのトリアージの質問ではありません", "symptom"}, []string{"node is not", "answer"}},
		{"drill over", fmt.Errorf("jump: %w", drill.ErrNoMoreInjects), []string{"付与していない状況"}, []string{"no inject"}},
		{"poisoned by a full disk", fmt.Errorf("append: %w: %w", journal.ErrPoisoned, syscall.ENOSPC),
			[]string{"ジャーナルのディスク書き込みに失敗しました", "(no space left on device)"}, []string{"poisoned"}},
		{"poisoned", fmt.Errorf("append: %w", journal.ErrPoisoned),
			[]string{"ジャーナルのディスク書き込みに失敗しました"}, []string{"(", "poisoned"}},
		{"locked", fmt.Errorf("open: %w", &journal.LockedError{Incident: openID, Holder: journal.Holder{PID: 4242, Host: "ops-1\x1b[31m"}}),
			[]string{"別の shodo で開かれています", "ops-1", "4242", "shodo watch " + openID}, []string{"\x1b", "deleting"}},
		{"locked, holder unknown", fmt.Errorf("open: %w", &journal.LockedError{Incident: openID}),
			[]string{"別の shodo で開かれています"}, []string{"process", "プロセス"}},
		{"corrupt", fmt.Errorf("open: %w", &journal.CorruptError{Path: "/x", Break: journal.Break{Line: 3, Seq: 3, Kind: journal.KindBadHash, Follow: 2}}),
			[]string{"shodo verify", "3"}, []string{"corrupt at"}},
		{"detached tick", fmt.Errorf("tick: %w", incident.ErrDetached), []string{"この画面はもうインシデントを保持していません"}, []string{"session"}},
	}
	tx := i18n.New(i18n.Japanese)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := describeError(tx, c.err)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q does not say %q", got, w)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(got, w) {
					t.Errorf("%q says %q", got, w)
				}
			}
		})
	}
}
