// Package journal stores one incident as an append-only, hash-chained,
// crash-safe JSONL file. It knows nothing of incidents beyond an id: callers
// append typed entries with opaque JSON data, and read them back verified.
//
// # Layout
//
// One incident is one directory (0700) holding:
//
//	timeline.jsonl                 the journal (0600), one JSON object per line
//	timeline.lock                  names the writer holding the journal (pid, user, host, since); the lock itself is on timeline.jsonl
//	timeline.head                  signed head, written by Seal (optional)
//	timeline.quarantine-N.jsonl    bytes of a torn tail removed by Open (never deleted)
//
// # Line format
//
// Each line is a JSON object with the fields in this order:
//
//	{"seq":1,"id":"<UUIDv7>","at":"<RFC 3339>","actor":"…","type":"…","incident":"…","sim":"…","data":{…},"h":"<hex>"}
//
// "incident" appears on seq 1 only and binds the chain to the incident id;
// "sim" appears only when set. "h" is the lowercase hex SHA-256 of the
// previous record's hash (32 raw bytes) followed by the line's bytes before
// `,"h":`. Seq 1 chains from SHA-256("shodo journal v1\x00" + incident id).
// Verification hashes the raw bytes, so no canonical JSON is needed, and the
// "h" suffix has a fixed shape (`,"h":"` + 64 hex digits + `"}` + newline) so
// that it can be located without parsing.
//
// # Durability
//
// Append writes the whole line at the known end of the file, fsyncs, and only
// then returns: a returned Record is on disk. A failed or short write is
// truncated back at once and nothing is recorded; a failed fsync poisons the
// Journal (see ErrPoisoned). Open verifies every line; a single torn or
// corrupt final line, the only thing a crash can leave, is moved to a
// quarantine file and a "journal.recovered" record says so. Anything else is
// refused as corruption (see ErrCorrupt).
//
// # One writer
//
// The writer holds an exclusive flock(2) on the journal file itself, so no
// deleted or replaced lock file can let a second writer in; the kernel
// releases it when the writer exits, even by kill -9. Before every write,
// Append checks that the path still names the file it holds and that the
// file still ends where its last record does; a journal grown, replaced,
// moved or deleted behind its back poisons the Journal (ErrChanged) instead
// of being written over. Files in an incident directory are opened without
// following symbolic links and must be regular files (ErrNotRegular): an
// incident received as an archive cannot make shodo write elsewhere or hang
// on a FIFO.
//
// # Head
//
// Seal writes timeline.head: the incident id, last seq and hash, the time,
// the sealer's SSH public key and an SSH signature (PROTOCOL.sshsig, as
// `ssh-keygen -Y sign -n shodo-journal` makes it) over this message (UTF-8,
// each line ending in "\n"):
//
//	shodo journal head v2
//	incident <incident id>
//	seq <decimal seq>
//	h <lowercase hex hash of that record>
//	at <sealing time, RFC 3339 with nanoseconds when present>
//
// Heads of format v1 carry an ed25519 key in hex and a hex signature over
// the same message with "v1" on its first line; they still verify. With
// allowed signers (VerifyOptions.Signers), Verify also fails a head signed
// by a key they do not list, and reports which key signed and whether it
// was checked.
//
// A head lets Verify detect what the chain alone cannot: whole records cut
// from the end, or a journal rewritten and re-chained from some point on.
package journal
