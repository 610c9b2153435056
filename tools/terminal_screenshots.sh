#!/usr/bin/env bash
# `make screenshots-terminals`: the Arabic seed in real terminal emulators under Xvfb, with
# `--bidi auto` choosing the mode each time (issue #16). Needs Debian's xvfb, xdotool,
# imagemagick, x11-utils, fonts-dejavu and the terminals: xterm, xfce4-terminal (VTE), mlterm,
# konsole. Writes screenshots/terminals/<terminal>-show.png and <terminal>-app.png.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/screenshots/terminals
BIN=$ROOT/.venv/bin/factdesk
ARTICLE=$ROOT/seeds/004_40f9653985f70d8d.txt
export FACTDESK_INDEX
FACTDESK_INDEX=$(mktemp -d)/index
trap 'rm -rf "$(dirname "$FACTDESK_INDEX")"' EXIT
"$BIN" index "$ROOT/seeds" >/dev/null
mkdir -p "$OUT"
for terminal in xterm xfce4-terminal mlterm konsole; do
    if ! command -v "$terminal" >/dev/null; then
        echo "screenshots-terminals: $terminal is not installed (skipped)" >&2
        continue
    fi
    # a fresh HOME each time: no saved bidi-test answer, what a new user gets
    SHOT_FRESH_HOME=1 SHOT_GEOMETRY=100x66 tools/terminal_shots.sh "$OUT" "$terminal" \
        "$terminal-show" -- "$BIN show $ARTICLE --width 96"
    SHOT_FRESH_HOME=1 SHOT_GEOMETRY=120x36 SHOT_WAIT=6 SHOT_KEYS="Down Down Down Down" \
        tools/terminal_shots.sh "$OUT" "$terminal" "$terminal-app" -- "cd $ROOT && $BIN app"
    echo "screenshots-terminals: $terminal done" >&2
done
