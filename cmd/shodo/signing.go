package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"

	"github.com/shodo-dev/shodo/engine/incident"
	"github.com/shodo-dev/shodo/engine/sshsig"
	"github.com/shodo-dev/shodo/internal/i18n"
)

// Environment variables of signing and verifying heads.
const (
	// envAgent is the SSH agent's socket, as ssh and git read it.
	envAgent = "SSH_AUTH_SOCK"
	// envSigningKey picks the agent key to seal with, as --key does.
	envSigningKey = "SHODO_SIGNING_KEY"
	// envAllowedSigners names the allowed_signers file verify checks
	// heads against, as --allowed-signers does.
	envAllowedSigners = "SHODO_ALLOWED_SIGNERS"
)

// Files under shodo's config directory (configDir).
const (
	// fallbackKeyFile is the signing key of a responder with no SSH agent.
	fallbackKeyFile = "signing_ed25519"
	// allowedSignersFile is verify's default allowed_signers.
	allowedSignersFile = "allowed_signers"
)

// Where a sealing key came from, as sealingKey.source says.
const (
	keyFromAgent    = "agent"
	keyFromFallback = "fallback"
)

// sealingKey is the key a head is signed with, chosen by chooseSealingKey.
type sealingKey struct {
	signer ssh.Signer
	// source is keyFromAgent or keyFromFallback; path is the fallback
	// key's file, or the agent's socket.
	source, path string
	// agentKeys counts the keys the agent offered; noAgent says why the
	// fallback key was used (agentWhy words it, with agentPath).
	agentKeys int
	noAgent   error
	agentPath string
	// release closes the agent connection.
	release func() error
}

// configDir is shodo's configuration directory: $XDG_CONFIG_HOME/shodo, else
// ~/.config/shodo (the platform's directory on macOS and Windows), as
// os.UserConfigDir decides, read through the environment.
func (env environment) configDir() (string, error) {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "plan9":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "shodo"), nil
	}
	if d := env.getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "shodo"), nil
	}
	h := env.getenv("HOME")
	if h == "" {
		return "", errors.New("neither $XDG_CONFIG_HOME nor $HOME is set")
	}
	return filepath.Join(h, ".config", "shodo"), nil
}

// sealer is the incident.Sealer of the commands that can close an
// incident: the key is chosen when a head is signed, not before, so an
// incident that is never closed never needs an agent.
func (env environment) sealer(spec string) incident.Sealer {
	return &keySealer{env: env, spec: spec}
}

// keySealer chooses the sealing key when asked and remembers it, so that
// the command can say which key sealed once the app has quit.
type keySealer struct {
	env  environment
	spec string
	mu   sync.Mutex
	used sealingKey
}

// SealKey chooses the key (chooseSealingKey).
func (k *keySealer) SealKey() (ssh.Signer, func() error, error) {
	key, err := k.env.chooseSealingKey(k.spec)
	if err != nil {
		return nil, nil, err
	}
	k.mu.Lock()
	k.used = key
	k.mu.Unlock()
	return key.signer, key.release, nil
}

// sealedWith says which key the sealer last signed with, and whence; ""
// when it signed nothing.
func (env environment) sealedWith(c *i18n.Catalog, s incident.Sealer) string {
	k, ok := s.(*keySealer)
	if !ok {
		return ""
	}
	k.mu.Lock()
	used := k.used
	k.mu.Unlock()
	if used.signer == nil {
		return ""
	}
	return env.sealedKeyNote(c, used)
}

// chooseSealingKey picks the key to seal with, as git picks
// user.signingkey: spec (--key, else $SHODO_SIGNING_KEY) names an agent key
// by its SHA256 fingerprint, its public key ("ssh-ed25519 AAAA…", or
// "key::" and that) or a file holding it (a private key file's .pub
// sibling is read in its place). Without spec it is the agent's first
// ed25519 key, else its first key, in the order the agent lists them
// (ssh-add -L). Only when no agent answers is the responder's own key
// under the config directory used (created on first use), never one beside
// the journals.
func (env environment) chooseSealingKey(spec string) (sealingKey, error) {
	if spec == "" {
		spec = env.getenv(envSigningKey)
	}
	var want ssh.PublicKey
	if spec != "" {
		pub, err := parseKeySpec(spec)
		if err != nil {
			return sealingKey{}, say("cli.key.bad-spec", "Spec", visible(spec), "Error", err)
		}
		want = pub
	}
	sock := env.getenv(envAgent)
	noAgent := sshsig.ErrNoAgent
	if sock != "" {
		signers, release, err := sshsig.AgentSigners(sock)
		if err == nil {
			i := pickAgentKey(signers, spec, want)
			if i < 0 {
				_ = release()
				return sealingKey{}, say("cli.key.not-in-agent", "Spec", visible(spec), "Keys", listKeys(signers))
			}
			return sealingKey{signer: signers[i], source: keyFromAgent, path: sock, agentKeys: len(signers), release: release}, nil
		}
		if spec != "" {
			return sealingKey{}, say("cli.key.no-agent", "Spec", visible(spec), "Error", agentWhy(env.words(), err, sock))
		}
		noAgent = err
	} else if spec != "" {
		return sealingKey{}, say("cli.key.no-agent", "Spec", visible(spec), "Error", agentWhy(env.words(), sshsig.ErrNoAgent, sock))
	}
	dir, err := env.configDir()
	if err != nil {
		return sealingKey{}, say("cli.key.fallback", "Path", "", "Error", err)
	}
	path := filepath.Join(dir, fallbackKeyFile)
	if err := privateDir(dir); err != nil {
		return sealingKey{}, say("cli.key.fallback", "Path", path, "Error", err)
	}
	signer, err := sshsig.LoadOrCreateKey(path, "shodo signing key")
	if err != nil {
		return sealingKey{}, say("cli.key.fallback", "Path", path, "Error", err)
	}
	return sealingKey{signer: sshsig.WithComment(signer, fallbackComment(env.getenv)), source: keyFromFallback, path: path, noAgent: noAgent, agentPath: sock, release: func() error { return nil }}, nil
}

// agentWhy says in the reader's language why the SSH agent could not sign:
// not set, holding no key, or its socket's own error (the system's words).
func agentWhy(c *i18n.Catalog, err error, path string) string {
	switch {
	case errors.Is(err, sshsig.ErrNoAgent):
		return c.T("cli.key.agent-unset", "Var", "$"+envAgent)
	case errors.Is(err, sshsig.ErrAgentEmpty):
		return c.T("cli.key.agent-empty")
	}
	// AgentSigners wraps the socket's error with its path in English:
	// the catalogue's sentence names the path, and the system's error
	// (the OS's words) follows it.
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	return c.T("cli.key.agent-failed", "Path", visible(path), "Error", visible(err.Error()))
}

// pickAgentKey returns the index of the agent key to seal with, or -1 when
// spec names none of them.
func pickAgentKey(signers []ssh.Signer, spec string, want ssh.PublicKey) int {
	if spec != "" {
		return slices.IndexFunc(signers, func(s ssh.Signer) bool { return keyMatches(s.PublicKey(), spec, want) })
	}
	if i := slices.IndexFunc(signers, func(s ssh.Signer) bool { return s.PublicKey().Type() == ssh.KeyAlgoED25519 }); i >= 0 {
		return i
	}
	return 0
}

// keyMatches reports whether key is the one spec names: by fingerprint,
// or by public key (want).
func keyMatches(key ssh.PublicKey, spec string, want ssh.PublicKey) bool {
	if want != nil {
		return bytes.Equal(key.Marshal(), want.Marshal())
	}
	return sshsig.Fingerprint(key) == spec
}

// parseKeySpec reads a --key value: nil for a fingerprint (matched as
// written), else the public key it gives or names.
func parseKeySpec(spec string) (ssh.PublicKey, error) {
	if strings.HasPrefix(spec, "SHA256:") {
		return nil, nil
	}
	text := strings.TrimPrefix(spec, "key::")
	if !strings.HasPrefix(text, "ssh-") && !strings.HasPrefix(text, "ecdsa-") && !strings.HasPrefix(text, "sk-") {
		raw, err := readSmall(text)
		if errors.Is(err, fs.ErrNotExist) || err == nil && !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("ssh-")) && !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("ecdsa-")) && !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("sk-")) {
			// A private key file: its public half beside it, as ssh-keygen
			// writes it.
			raw, err = readSmall(text + ".pub")
		}
		if err != nil {
			return nil, err
		}
		text = string(raw)
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("not an SSH public key or SHA256 fingerprint: %w", err)
	}
	return pub, nil
}

// readSmall reads a key file the user named, bounded.
func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64<<10))
}

// listKeys names the agent's keys for an error: fingerprint and comment.
func listKeys(signers []ssh.Signer) string {
	var names []string
	for _, s := range signers {
		names = append(names, keyName(s.PublicKey(), sshsig.Comment(s)))
	}
	return strings.Join(names, ", ")
}

// keyName is how shodo names a key to a person: its type and SHA256
// fingerprint, then its comment in parentheses when it has one.
func keyName(key ssh.PublicKey, comment string) string {
	name := key.Type() + " " + sshsig.Fingerprint(key)
	if c := oneLine(comment); c != "" {
		name += " (" + c + ")"
	}
	return name
}

// fallbackComment names the fallback key in the heads it signs as
// ssh-keygen names a new key: user@host, whose it is and on which machine.
func fallbackComment(getenv func(string) string) string {
	who := getenv("USER")
	if u, err := user.Current(); who == "" && err == nil {
		who = u.Username
	}
	host, _ := os.Hostname()
	return who + "@" + host
}

// privateDir makes dir (and its parents) and keeps it to its owner: 0700,
// a real directory and not a link to one elsewhere.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory (a link is refused)", dir)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(dir, 0o700)
	}
	return nil
}
