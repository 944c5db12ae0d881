package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/journal"
	"github.com/shodo-dev/shodo/engine/runbook"
	"github.com/shodo-dev/shodo/engine/sshsig"
	"github.com/shodo-dev/shodo/internal/i18n"
	"github.com/shodo-dev/shodo/runbooks"
)

// agentKey is a key held by a fake agent, with its public half.
type agentKey struct {
	pub     ssh.PublicKey
	comment string
}

// fakeAgent serves an in-memory keyring on a unix socket in a temporary
// directory, as ssh-agent would, holding an ECDSA key first and then two
// ed25519 keys: the deterministic choice is the first ed25519 one.
func fakeAgent(t *testing.T) (string, []agentKey) {
	t.Helper()
	ring := agent.NewKeyring()
	var keys []agentKey
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	add := func(priv any, comment string) {
		if err := ring.Add(agent.AddedKey{PrivateKey: priv, Comment: comment}); err != nil {
			t.Fatal(err)
		}
		s, err := ssh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, agentKey{pub: s.PublicKey(), comment: comment})
	}
	add(ec, "sato@laptop ecdsa")
	for _, c := range []string{"sato@laptop", "sato@yubikey-backup"} {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		add(priv, c)
	}
	dir, err := os.MkdirTemp("", "agent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); _ = agent.ServeAgent(ring, c) }()
		}
	}()
	return sock, keys
}

func readTestHead(t *testing.T, dir string) journal.Head {
	t.Helper()
	h, err := journal.ReadHead(filepath.Join(dir, journal.HeadFile))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func headKeyIs(t *testing.T, h journal.Head, want ssh.PublicKey) {
	t.Helper()
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(h.Signer))
	if err != nil {
		t.Fatal(err)
	}
	if sshsig.Fingerprint(pub) != sshsig.Fingerprint(want) {
		t.Errorf("head signed by %s; want %s", sshsig.Fingerprint(pub), sshsig.Fingerprint(want))
	}
}

// TestSealWithAgent is issue 12 M8: heads are signed with the responder's
// own key through the SSH agent, chosen deterministically and said, or the
// one --key or $SHODO_SIGNING_KEY names (fingerprint, public key file).
func TestSealWithAgent(t *testing.T) {
	env, vars := testEnv(t)
	sock, keys := fakeAgent(t)
	vars[envAgent] = sock
	id, dir := openIncident(t, vars, false)

	r := shell(t, env, "seal", id)
	if r.code != exitOK {
		t.Fatalf("seal: exit %d %s", r.code, r.stderr)
	}
	headKeyIs(t, readTestHead(t, dir), keys[1].pub)
	if !strings.Contains(r.stderr, sshsig.Fingerprint(keys[1].pub)+" (sato@laptop) from the SSH agent (chosen of 3 keys") {
		t.Errorf("seal does not say which agent key signed:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "Signed with SSH key "+sshsig.Fingerprint(keys[1].pub)+" (sato@laptop)") {
		t.Errorf("the paragraph does not name the key:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(vars["XDG_CONFIG_HOME"], "shodo", fallbackKeyFile)); err == nil {
		t.Error("a fallback key was made although an agent answered")
	}

	t.Run("by fingerprint", func(t *testing.T) {
		r := shell(t, env, "seal", id, "--key", sshsig.Fingerprint(keys[2].pub))
		if r.code != exitOK {
			t.Fatalf("exit %d %s", r.code, r.stderr)
		}
		headKeyIs(t, readTestHead(t, dir), keys[2].pub)
	})
	t.Run("by public key file in the environment", func(t *testing.T) {
		pubFile := filepath.Join(t.TempDir(), "id_ecdsa.pub")
		if err := os.WriteFile(pubFile, ssh.MarshalAuthorizedKey(keys[0].pub), 0o644); err != nil {
			t.Fatal(err)
		}
		vars[envSigningKey] = pubFile
		defer delete(vars, envSigningKey)
		r := shell(t, env, "seal", id)
		if r.code != exitOK {
			t.Fatalf("exit %d %s", r.code, r.stderr)
		}
		headKeyIs(t, readTestHead(t, dir), keys[0].pub)
	})
	t.Run("a key the agent lacks", func(t *testing.T) {
		_, other, _ := ed25519.GenerateKey(rand.Reader)
		s, _ := ssh.NewSignerFromKey(other)
		before, _ := os.ReadFile(filepath.Join(dir, journal.HeadFile))
		r := shell(t, env, "seal", id, "--key", string(ssh.MarshalAuthorizedKey(s.PublicKey())))
		if r.code == exitOK || !strings.Contains(r.stderr, "is not in the SSH agent") || !strings.Contains(r.stderr, sshsig.Fingerprint(keys[2].pub)+" (sato@yubikey-backup)") {
			t.Errorf("exit %d stderr %q; want a refusal listing the agent's keys", r.code, r.stderr)
		}
		if after, _ := os.ReadFile(filepath.Join(dir, journal.HeadFile)); string(after) != string(before) {
			t.Error("the head changed although no key was chosen")
		}
	})
}

// TestCloseSealsWithAgent: closing an incident in the app seals it with
// the sealer cmd passes (the agent's key), not the key beside the journals.
func TestCloseSealsWithAgent(t *testing.T) {
	env, vars := testEnv(t)
	sock, keys := fakeAgent(t)
	vars[envAgent] = sock
	rb, diags := runbook.LoadFS(runbooks.FS, "service-failure.toml", runbook.Options{})
	if rb == nil {
		t.Fatal(diags)
	}
	sealer := env.sealer("")
	if note := env.sealedWith(i18n.New(i18n.English), sealer); note != "" {
		t.Errorf("a key is named before anything was sealed: %q", note)
	}
	s, err := incident.Open(rb, incident.OpenOptions{Home: vars["SHODO_HOME"], Actor: "sato", Sealer: sealer})
	if err != nil {
		t.Fatal(err)
	}
	handOverAll(t, s, "Operations", "OPS-1")
	if err := s.Close("sato", "false alarm"); err != nil {
		t.Fatal(err)
	}
	headKeyIs(t, readTestHead(t, s.Dir()), keys[1].pub)
	// What the command says once the app has quit.
	if note := env.sealedWith(i18n.New(i18n.English), sealer); !strings.Contains(note, sshsig.Fingerprint(keys[1].pub)+" (sato@laptop) from the SSH agent") {
		t.Errorf("after closing: %q; want the agent key named", note)
	}
	if _, err := os.Stat(filepath.Join(vars["SHODO_HOME"], "keys")); err == nil {
		t.Error("closing made a key in the incidents' home")
	}
}

// TestSealFallbackKey: with no agent, the key is the responder's own under
// the config directory (0700, 0600), never one beside the journals; a
// planted link is refused.
func TestSealFallbackKey(t *testing.T) {
	env, vars := testEnv(t)
	vars[envAgent] = filepath.Join(t.TempDir(), "no-agent.sock") // a dead socket: no agent
	id, dir := openIncident(t, vars, false)
	r := shell(t, env, "seal", id)
	if r.code != exitOK {
		t.Fatalf("seal: exit %d %s", r.code, r.stderr)
	}
	conf := filepath.Join(vars["XDG_CONFIG_HOME"], "shodo")
	keyPath := filepath.Join(conf, fallbackKeyFile)
	if !strings.Contains(r.stderr, keyPath) || !strings.Contains(r.stderr, "no SSH agent to sign with (the agent at "+vars[envAgent]+" cannot be reached: ") {
		t.Errorf("seal does not say it used the fallback key:\n%s", r.stderr)
	}
	// Why there was no agent is said in the reader's language (review
	// L13), not as an English fragment inside a Japanese sentence.
	for _, agent := range []string{vars[envAgent], ""} {
		vars[envAgent] = agent
		r := shell(t, env, "seal", id, "--lang", "ja")
		if r.code != exitOK || strings.Contains(r.stderr, "is not set") || strings.Contains(r.stderr, "SSH agent at") ||
			!(strings.Contains(r.stderr, "に接続できません") || strings.Contains(r.stderr, "$SSH_AUTH_SOCK が設定されていません")) {
			t.Errorf("seal --lang ja with agent %q: exit %d\n%s", agent, r.code, r.stderr)
		}
	}
	vars[envAgent] = filepath.Join(t.TempDir(), "no-agent.sock")
	key, err := sshsig.LoadKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	headKeyIs(t, readTestHead(t, dir), key.PublicKey())
	for path, want := range map[string]os.FileMode{conf: 0o700, keyPath: 0o600} {
		if fi, err := os.Lstat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, %v; want %o", path, fi.Mode().Perm(), err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(vars["SHODO_HOME"], "keys")); err == nil {
		t.Error("seal made a key in the incidents' home")
	}

	t.Run("a link is refused", func(t *testing.T) {
		env, vars := testEnv(t)
		id, _ := openIncident(t, vars, false)
		conf := filepath.Join(vars["XDG_CONFIG_HOME"], "shodo")
		if err := os.MkdirAll(conf, 0o700); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(t.TempDir(), "planted")
		if err := os.WriteFile(target, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(conf, fallbackKeyFile)); err != nil {
			t.Fatal(err)
		}
		r := shell(t, env, "seal", id)
		if r.code == exitOK || !strings.Contains(r.stderr, "symbolic link") {
			t.Errorf("exit %d stderr %q; want the link refused", r.code, r.stderr)
		}
	})
}

// writeAllowed writes an allowed_signers file listing key for principal.
func writeAllowed(t *testing.T, path, principal string, key ssh.PublicKey) {
	t.Helper()
	line := principal + ` namespaces="` + sshsig.Namespace + `" ` + string(ssh.MarshalAuthorizedKey(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyAllowedSigners is issue 12 M8: verify checks who sealed against
// allowed_signers (flag, environment, the config directory's file), fails
// and names the key when it is not allowed, and always says whether a head
// was checked, which key signed it and whether that key is allowed.
func TestVerifyAllowedSigners(t *testing.T) {
	env, vars := testEnv(t)
	sock, keys := fakeAgent(t)
	vars[envAgent] = sock
	id, _ := openIncident(t, vars, false)
	if r := shell(t, env, "seal", id); r.code != exitOK {
		t.Fatalf("seal: %d %s", r.code, r.stderr)
	}
	fp := sshsig.Fingerprint(keys[1].pub)

	r := shell(t, env, "verify", id)
	if r.code != exitOK || !strings.Contains(r.stdout, "sealed by ssh-ed25519 "+fp+" (sato@laptop)") || !strings.Contains(r.stdout, "the key was not checked") {
		t.Errorf("no allowed signers: exit %d\n%s", r.code, r.stdout)
	}

	team := filepath.Join(t.TempDir(), "team_signers")
	writeAllowed(t, team, "sato@example.jp", keys[1].pub)
	r = shell(t, env, "verify", id, "--allowed-signers", team)
	if r.code != exitOK || !strings.Contains(r.stdout, "the key is allowed: sato@example.jp in "+team) {
		t.Errorf("allowed: exit %d\n%s", r.code, r.stdout)
	}

	other := filepath.Join(t.TempDir(), "other_signers")
	writeAllowed(t, other, "suzuki@example.jp", keys[2].pub)
	for name, set := range map[string]func() func(){
		"flag":        func() func() { return func() {} },
		"environment": func() func() { vars[envAllowedSigners] = other; return func() { delete(vars, envAllowedSigners) } },
		"config directory": func() func() {
			writeAllowed(t, filepath.Join(vars["XDG_CONFIG_HOME"], "shodo", allowedSignersFile), "suzuki@example.jp", keys[2].pub)
			return func() { os.Remove(filepath.Join(vars["XDG_CONFIG_HOME"], "shodo", allowedSignersFile)) }
		},
	} {
		t.Run("not allowed by "+name, func(t *testing.T) {
			defer set()()
			args := []string{"verify", id}
			if name == "flag" {
				args = append(args, "--allowed-signers", other)
			}
			r := shell(t, env, args...)
			if r.code != verifyIntegrity || !strings.HasPrefix(r.stdout, "FAIL") || !strings.Contains(r.stdout, "unknown-signer") ||
				!strings.Contains(r.stdout, "the key is NOT allowed") || !strings.Contains(r.stdout, fp+" (sato@laptop)") {
				t.Errorf("exit %d; want %d naming the key\n%s%s", r.code, verifyIntegrity, r.stdout, r.stderr)
			}
			r = shell(t, env, append(args, "--json")...)
			var v struct {
				OK        bool `json:"ok"`
				HeadCheck struct {
					Checked bool `json:"checked"`
					Signer  struct {
						Fingerprint, Comment, Check string
					} `json:"signer"`
				} `json:"head_check"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
				t.Fatal(err, r.stdout)
			}
			if v.OK || v.HeadCheck.Signer.Fingerprint != fp || v.HeadCheck.Signer.Comment != "sato@laptop" || v.HeadCheck.Signer.Check != string(journal.SignerNotAllowed) {
				t.Errorf("--json: %+v", v)
			}
		})
	}

	t.Run("a bad allowed_signers file is an error", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad")
		os.WriteFile(bad, []byte("sato@example.jp ssh-ed25519 not-base64!\n"), 0o644)
		r := shell(t, env, "verify", id, "--allowed-signers", bad)
		if r.code != verifyIO || !strings.Contains(r.stderr, "line 1") {
			t.Errorf("exit %d stderr %q", r.code, r.stderr)
		}
	})

	t.Run("the old local seal key is named", func(t *testing.T) {
		env, vars := testEnv(t)
		id, _ := openIncident(t, vars, true) // closed, sealed by home/keys/seal_ed25519
		r := shell(t, env, "verify", id, "--allowed-signers", team)
		if r.code != verifyIntegrity || !strings.Contains(r.stdout, "this installation's local seal key") || !strings.Contains(r.stdout, "the key is NOT allowed") {
			t.Errorf("exit %d\n%s", r.code, r.stdout)
		}
		r = shell(t, env, "verify", id)
		if r.code != exitOK || !strings.Contains(r.stdout, "this installation's local seal key") {
			t.Errorf("exit %d\n%s", r.code, r.stdout)
		}
	})

	t.Run("no head is said", func(t *testing.T) {
		env, vars := testEnv(t)
		open, _ := openIncident(t, vars, false)
		closed, closedDir := openIncident(t, vars, true)
		if err := os.Remove(filepath.Join(closedDir, journal.HeadFile)); err != nil {
			t.Fatal(err)
		}
		if r := shell(t, env, "verify", open); r.code != exitOK || !strings.Contains(r.stdout, "no signed head checked: the incident has no timeline.head") {
			t.Errorf("open: exit %d\n%s", r.code, r.stdout)
		}
		r := shell(t, env, "verify", closed)
		if !strings.Contains(r.stdout, "no signed head checked: the incident is closed but has no timeline.head") {
			t.Errorf("closed without head: exit %d\n%s", r.code, r.stdout)
		}
		r = shell(t, env, "verify", closed, "--json")
		if !strings.Contains(r.stdout, `"no_head": "closed-no-head"`) || !strings.Contains(r.stdout, `"checked": false`) {
			t.Errorf("--json:\n%s", r.stdout)
		}
	})
}

// TestSealOutputAndHeadFiles is issue 12 M8: seal -o writes the head file
// and prints only the paragraph; verify --head reads the head file, the
// paragraph pasted into the ticket, or the whole output of seal > FILE,
// and names what it cannot read instead of calling it a bad signature.
func TestSealOutputAndHeadFiles(t *testing.T) {
	env, vars := testEnv(t)
	sock, _ := fakeAgent(t)
	vars[envAgent] = sock
	id, dir := openIncident(t, vars, false)
	tmp := t.TempDir()
	headFile := filepath.Join(tmp, "inc.head")
	r := shell(t, env, "seal", id, "-o", headFile)
	if r.code != exitOK {
		t.Fatalf("seal -o: %d %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "{") || strings.Count(strings.TrimSpace(r.stdout), "\n") != 0 || !strings.HasPrefix(r.stdout, "Incident "+id+": journal sealed") {
		t.Errorf("seal -o printed more than the paragraph:\n%s", r.stdout)
	}
	raw, _ := os.ReadFile(headFile)
	local, _ := os.ReadFile(filepath.Join(dir, journal.HeadFile))
	if string(raw) != string(local) {
		t.Errorf("-o file differs from timeline.head:\n%s\n%s", raw, local)
	}
	if r := shell(t, env, "seal", id, "-o", headFile); r.code == exitOK || !strings.Contains(r.stderr, "--force") {
		t.Errorf("seal -o over an existing file: exit %d %s", r.code, r.stderr)
	}
	paragraph := filepath.Join(tmp, "ticket.txt")
	os.WriteFile(paragraph, []byte("From the ticket:\n\n"+r.stdout), 0o644)
	whole := filepath.Join(tmp, "seal-output.txt")
	all := shell(t, env, "seal", id)
	os.WriteFile(whole, []byte(all.stdout), 0o644)
	// Resealing moved the head on; the paragraph from -o still pins a
	// record the journal holds.
	for name, file := range map[string]string{"head file": headFile, "paragraph": paragraph, "seal > FILE": whole} {
		r := shell(t, env, "verify", id, "--head", file)
		if r.code != exitOK {
			t.Errorf("%s: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
		if name == "paragraph" && !strings.Contains(r.stdout, "the ticket's paragraph matches") {
			t.Errorf("paragraph: not said\n%s", r.stdout)
		}
	}

	t.Run("a paragraph the journal does not hold", func(t *testing.T) {
		text, _ := os.ReadFile(paragraph)
		h := readTestHead(t, dir)
		forged := filepath.Join(tmp, "forged.txt")
		os.WriteFile(forged, []byte(strings.Replace(string(text), h.Hash[:8], "00000000", 1)), 0o644)
		// The paragraph from -o named the head of that time; read it back.
		r := shell(t, env, "verify", id, "--head", forged)
		if r.code != verifyIntegrity || !strings.Contains(r.stdout, "head-mismatch") || !strings.Contains(r.stdout, "does not match") {
			t.Errorf("exit %d\n%s", r.code, r.stdout)
		}
	})
	t.Run("neither", func(t *testing.T) {
		junk := filepath.Join(tmp, "junk.txt")
		os.WriteFile(junk, []byte("see the ticket for the head\n"), 0o644)
		r := shell(t, env, "verify", id, "--head", junk)
		if r.code != verifyIO || !strings.Contains(r.stderr, "neither a head file (JSON) nor the paragraph shodo seal prints") || strings.Contains(r.stdout+r.stderr, "bad-signature") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		fifo := filepath.Join(tmp, "head.fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		// Opened without blocking: a FIFO is refused, not waited on.
		if r := shell(t, env, "verify", id, "--head", fifo); r.code != verifyIO || !strings.Contains(r.stderr, "FIFO") {
			t.Errorf("--head FIFO: exit %d\n%s", r.code, r.stderr)
		}
		broken := filepath.Join(tmp, "broken.json")
		os.WriteFile(broken, []byte("{\"format\": "), 0o644)
		r = shell(t, env, "verify", id, "--head", broken)
		if r.code != verifyIO || !strings.Contains(r.stderr, "the head's JSON") {
			t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}
