//go:build !unix

package sshsig

// noFollow is empty where the system has no O_NOFOLLOW; loadKey's checks of
// the opened file still refuse anything but a regular file.
const noFollow = 0
