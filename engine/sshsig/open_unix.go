//go:build unix

package sshsig

import "syscall"

// noFollow opens a key without following a link or blocking on a FIFO.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
