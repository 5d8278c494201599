#!/bin/sh
# Tell a person that a newsdash unit failed: journal always, mail and/or webhook when set.
# Usage: alert.sh UNIT   (from newsdash-alert@.service; by hand to test the wiring)
# Settings (environment, e.g. /etc/newsdash/alert.env):
#   ALERT_EMAIL=ops@example.com          needs a working `mail` command
#   ALERT_WEBHOOK=https://chat.example/hook   receives {"text": "..."} by POST (needs curl)
unit="${1:?usage: alert.sh UNIT}"
newsdash="${NEWSDASH_BIN:-/opt/newsdash/.venv/bin/newsdash}"
host="$(hostname 2>/dev/null || echo server)"
subject="newsdash: $unit failed on $host"
body="$(
  echo "$subject"
  echo
  echo "== last log lines (journalctl -u $unit)"
  journalctl -u "$unit" -n 30 --no-pager 2>/dev/null || echo "(journal not readable)"
  echo
  echo "== newsdash status --max-age 30"
  "$newsdash" status --max-age 30 2>&1 || true
)"
logger -t newsdash-alert -p user.err "$subject" 2>/dev/null || echo "$subject" >&2
if [ -n "${ALERT_EMAIL:-}" ] && command -v mail >/dev/null 2>&1; then
  printf '%s\n' "$body" | mail -s "$subject" "$ALERT_EMAIL"
fi
if [ -n "${ALERT_WEBHOOK:-}" ] && command -v curl >/dev/null 2>&1; then
  text="$(printf '%s' "$body" | head -c 3500 | sed 's/\\/\\\\/g; s/"/\\"/g' | awk '{printf "%s\\n", $0}')"
  curl -fsS -m 20 -H 'Content-Type: application/json' -d "{\"text\": \"$text\"}" "$ALERT_WEBHOOK" >/dev/null
fi
printf '%s\n' "$body"
