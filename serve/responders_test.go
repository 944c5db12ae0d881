package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/internal/i18n"
)

// newKey returns an authorized_keys line for a fresh Ed25519 key and its
// public key.
func newKey(t testing.TB, comment string) (string, gossh.PublicKey) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k))) + " " + comment, k
}

func TestRespondersFile(t *testing.T) {
	t.Parallel()
	sato, satoKey := newKey(t, "sato@laptop")
	tanaka, tanakaKey := newKey(t, "tanaka@desk")
	en := i18n.New(i18n.English)
	good := `contact = "Sato, IT systems, ext. 1234"

[[responders]]
name = "Sato"
keys = ["` + sato + `"]
roles = ["ic"]

[[responders]]
name = "Tanaka"
keys = ["` + tanaka + `"]
observer = true
lang = "ja"
`
	r, err := ParseResponders("team.toml", []byte(good), en)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := r.Lookup(satoKey); !ok || p.Name != "Sato" || p.Observer || strings.Join(p.Roles, ",") != "ic" {
		t.Errorf("Sato's key found %+v, %v", p, ok)
	}
	if p, ok := r.Lookup(tanakaKey); !ok || p.Name != "Tanaka" || !p.Observer || p.Lang != "ja" {
		t.Errorf("Tanaka's key found %+v, %v", p, ok)
	}
	_, other := newKey(t, "x")
	if _, ok := r.Lookup(other); ok {
		t.Error("a key not in the file was found")
	}
	if r.Contact != "Sato, IT systems, ext. 1234" {
		t.Errorf("contact %q", r.Contact)
	}

	bad := []struct {
		name, src string
		want      []string // each a line of the error, file:line:col first
	}{
		{"syntax error", "[[responders]]\nname = \"Sato\nkeys = []\n", []string{"team.toml:2:"}},
		{"key listed twice", "[[responders]]\nname = \"Sato\"\nkeys = [\"" + sato + "\"]\n\n[[responders]]\nname = \"Tanaka\"\nkeys = [\"" + sato + "\"]\n",
			[]string{"team.toml:7:22: this key is listed twice, for Sato and again for Tanaka"}},
		{"name twice", "[[responders]]\nname = \"Sato\"\nkeys = [\"" + sato + "\"]\n[[responders]]\nname = \"Sato\"\nkeys = [\"" + tanaka + "\"]\n",
			[]string{"team.toml:5:8: the name Sato is listed twice"}},
		{"no keys and no name", "[[responders]]\nroles = [\"ic\"]\n", []string{"team.toml:1:1: responder 1 has no name"}},
		{"typo", "[[responders]]\nname = \"Sato\"\nkey = [\"" + sato + "\"]\n", []string{"team.toml:3:1: unknown key responders.key", "has no keys"}},
		{"not a key", "[[responders]]\nname = \"Sato\"\nkeys = [\"ssh-ed25519 nonsense sato@laptop\"]\n", []string{"team.toml:3:22: a key of Sato is not an authorized_keys line"}},
		{"unknown language", "[[responders]]\nname = \"Sato\"\nkeys = [\"" + sato + "\"]\nlang = \"fr\"\n", []string{"team.toml:4:8: language fr is not one shodo speaks"}},
		{"empty", "", []string{"team.toml:1:1: no responders"}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseResponders("team.toml", []byte(tc.src), en)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			if _, jerr := ParseResponders("team.toml", []byte(tc.src), i18n.New(i18n.Japanese)); jerr == nil || !strings.HasPrefix(jerr.Error(), "team.toml:") {
				t.Errorf("in Japanese: %v", jerr)
			}
		})
	}
}
