#!/usr/bin/env bash
# Installs the system packages the test suite needs when they are missing, and says what it does:
#   - Debian chromium: the browser end-to-end tests (workspace, widget) drive it with playwright-core;
#   - Debian dovecot-imapd + dovecot-lmtpd and a `vmail` user: the IMAP tests start private Dovecot instances.
# Runs as `npm test`'s pretest step, so the README's test command works on a fresh machine. Needs root (or sudo)
# only when something is missing; prints the command to run by hand when it cannot install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
need_vmail=0
id vmail >/dev/null 2>&1 || need_vmail=1

if [ ${#missing[@]} -eq 0 ] && [ "$need_vmail" -eq 0 ]; then
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    echo "install-test-deps: the tests need ${missing[*]:-}${need_vmail:+ a vmail user}; run as root:" >&2
    echo "  apt-get install -y ${missing[*]:-} && useradd -r vmail" >&2
    exit 1
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-deps: installing Debian ${missing[*]} for the tests (browser end-to-end, IMAP)"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$need_vmail" -eq 1 ]; then
  echo "install-test-deps: creating the vmail system user for the IMAP tests (Dovecot stores test mail as vmail)"
  if getent passwd 5000 >/dev/null; then "${sudo_cmd[@]}" useradd -r vmail; else "${sudo_cmd[@]}" useradd -r -u 5000 vmail; fi
fi
