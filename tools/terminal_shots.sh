#!/usr/bin/env bash
# Screenshot a real terminal emulator, running under a private Xvfb, while it
# shows the output of a command.  Used to eyeball how Arabic/Hebrew renders.
#
#   tools/terminal_shots.sh OUTDIR TERMINAL NAME -- COMMAND...
#
#   TERMINAL   xterm | mlterm | xfce4-terminal | konsole
#   COMMAND    one argument  -> run as a shell snippet (may contain ; | etc.)
#              several args  -> run as that argv (each word shell-quoted)
#   Result:    OUTDIR/NAME.png, cropped to the terminal window.
#
# Tunables (environment):
#   SHOT_WAIT=3      seconds to wait after the window is mapped, before capture
#                    (use 5+ for full-screen TUIs)
#   SHOT_TIMEOUT=30  seconds to wait for the window to appear
#   SHOT_HOLD=30     the command runs as `COMMAND; sleep SHOT_HOLD`
#   SHOT_GEOMETRY=100x30   terminal size in cells
#   SHOT_FONT="DejaVu Sans Mono"  SHOT_FONT_SIZE=11 (points)
#   SHOT_KEYS="Down Return"  xdotool key names typed into the window after
#                    SHOT_WAIT (e.g. to navigate a TUI); then SHOT_KEYS_WAIT=2
#   SHOT_TERM_ARGS="..."  extra emulator options (word-split), placed before
#                    the command option, e.g. "-p BidiRenderingEnabled=false"
#   SHOT_FRESH_HOME=1  run the command with the emulator's throw-away HOME
#                    and XDG dirs too (default: the caller's), e.g. so that
#                    settings an app saved in ~/.config do not leak in or out
#   SHOT_FULL=1      also save the uncropped screen as OUTDIR/NAME.full.png
#   SHOT_LOG=1       keep the terminal's stderr log as OUTDIR/NAME.log
#
# The command sees the caller's environment (e.g. FACTDESK_INDEX) minus any
# terminal-identifying variables inherited from the caller's own terminal
# (TERM, COLORTERM, VTE_VERSION, KONSOLE_*, ...); those are set, or not, by
# the emulator under test itself.  Everything started here is killed on exit.
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

[[ $# -ge 5 && $4 == -- ]] || usage
OUTDIR=$1 TERMINAL=$2 NAME=$3
shift 4
case $TERMINAL in
    xterm|mlterm|xfce4-terminal|konsole) ;;
    *) echo "terminal_shots: unknown TERMINAL '$TERMINAL'" >&2; usage ;;
esac
if (( $# == 1 )); then
    CMD=$1
else
    CMD=$(printf '%q ' "$@")
fi

SHOT_WAIT=${SHOT_WAIT:-3}
SHOT_TIMEOUT=${SHOT_TIMEOUT:-30}
SHOT_HOLD=${SHOT_HOLD:-30}
SHOT_GEOMETRY=${SHOT_GEOMETRY:-100x30}
SHOT_FONT=${SHOT_FONT:-DejaVu Sans Mono}
SHOT_FONT_SIZE=${SHOT_FONT_SIZE:-11}
COLS=${SHOT_GEOMETRY%x*} ROWS=${SHOT_GEOMETRY#*x}

for tool in Xvfb xdotool xwininfo import convert "$TERMINAL"; do
    command -v "$tool" >/dev/null || { echo "terminal_shots: $tool not found" >&2; exit 1; }
done

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
CALLER_CWD=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/terminal_shots.XXXXXX")
XVFB_PID= TERM_PID=

log() { printf 'terminal_shots[%s]: %s\n' "$TERMINAL" "$*" >&2; }

# Kill every process of a session (the terminal was started with setsid, so
# it and all its descendants that did not setsid themselves share it).
kill_session() {
    local sid=$1 sig=$2 pids
    pids=$(ps -e -o pid=,sid= | awk -v s="$sid" '$2 == s { print $1 }') || true
    [[ -n $pids ]] && kill "-$sig" $pids 2>/dev/null || true
}

# All descendants of a pid (emulators put the shell in a session of its own).
descendants() {
    ps -e -o pid=,ppid= | awk -v root="$1" '
        { parent[$1] = $2 }
        END { for (p in parent) { q = p
                  while (q in parent && q != root && q > 1) q = parent[q]
                  if (q == root && p != root) print p } }'
}

cleanup() {
    local rc=$? kids
    set +e
    if [[ -n $TERM_PID ]]; then
        kids=$(descendants "$TERM_PID")
        kill_session "$TERM_PID" TERM
        [[ -n $kids ]] && kill -TERM $kids 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            [[ -z $(ps -e -o sid= | awk -v s="$TERM_PID" '$1 == s') ]] && break
            sleep 0.2
        done
        kill_session "$TERM_PID" KILL
        [[ -n $kids ]] && kill -KILL $kids 2>/dev/null
    fi
    if [[ -n $XVFB_PID ]]; then
        kill "$XVFB_PID" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$XVFB_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$XVFB_PID" 2>/dev/null
        wait "$XVFB_PID" 2>/dev/null
    fi
    if [[ ${SHOT_LOG:-} == 1 && -f $WORK/terminal.log ]]; then
        cp "$WORK/terminal.log" "$OUTDIR/$NAME.log"
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ---------------------------------------------------------------- Xvfb
start_xvfb() {
    local n lockpid
    for n in $(seq 90 189); do
        [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
        Xvfb ":$n" -screen 0 1600x1400x24 -dpi 96 -nolisten tcp -noreset \
            >"$WORK/xvfb.log" 2>&1 &
        XVFB_PID=$!
        for _ in $(seq 50); do
            if ! kill -0 "$XVFB_PID" 2>/dev/null; then
                break                       # lost a race for :n, try the next
            fi
            # Only trust :n once the lock file names *our* server: another
            # run may have grabbed :n a moment earlier and would answer too.
            lockpid=$( { tr -dc '0-9' <"/tmp/.X$n-lock"; } 2>/dev/null || true)
            if [[ $lockpid == "$XVFB_PID" ]] &&
               DISPLAY=":$n" xdotool getdisplaygeometry >/dev/null 2>&1; then
                DISPLAY=":$n"
                return 0
            fi
            sleep 0.1
        done
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
        XVFB_PID=
    done
    log "could not start Xvfb on any of :90..:189"
    return 1
}
start_xvfb
export DISPLAY
log "Xvfb on $DISPLAY"

# ---------------------------------------------------------------- environment
# Remember what the caller had for variables we change only for the sake of
# the emulator, so the command inside gets them back.
restore_lines=()
remember() {
    local v
    for v; do
        if [[ -n ${!v+x} ]]; then
            restore_lines+=("export $v=$(printf '%q' "${!v}")")
        else
            restore_lines+=("unset $v")
        fi
    done
}
remember QT_QPA_PLATFORM GDK_BACKEND NO_AT_BRIDGE XDG_RUNTIME_DIR
# The emulators write state into HOME/XDG dirs (konsolerc, ~/.mlterm, icon
# caches...): give them a throw-away home so every shot starts from a fresh,
# default configuration and the caller's home is left alone.  The command
# gets the caller's HOME/XDG_* back unless SHOT_FRESH_HOME=1.
[[ ${SHOT_FRESH_HOME:-} == 1 ]] ||
    remember HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME
mkdir -p "$WORK/home/.config" "$WORK/home/.local/share" \
         "$WORK/home/.local/state" "$WORK/home/.cache"
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config \
       XDG_DATA_HOME=$WORK/home/.local/share \
       XDG_STATE_HOME=$WORK/home/.local/state XDG_CACHE_HOME=$WORK/home/.cache

# Variables that identify the *caller's* terminal; the emulator under test
# must set its own.
unset TERM COLORTERM VTE_VERSION TERM_PROGRAM TERM_PROGRAM_VERSION \
      KONSOLE_VERSION KONSOLE_DBUS_SERVICE KONSOLE_DBUS_SESSION \
      KONSOLE_DBUS_WINDOW KONSOLE_PROFILE_NAME SHELL_SESSION_ID PROFILEHOME \
      XTERM_VERSION XTERM_SHELL XTERM_LOCALE MLTERM WINDOWID \
      TMUX TMUX_PANE STY WT_SESSION WT_PROFILE_ID LC_TERMINAL \
      LC_TERMINAL_VERSION KITTY_WINDOW_ID KITTY_PID ALACRITTY_LOG \
      ALACRITTY_SOCKET ALACRITTY_WINDOW_ID WEZTERM_EXECUTABLE WEZTERM_PANE \
      WEZTERM_UNIX_SOCKET GNOME_TERMINAL_SCREEN GNOME_TERMINAL_SERVICE \
      TERMINAL_EMULATOR COLUMNS LINES WAYLAND_DISPLAY \
      DBUS_SESSION_BUS_ADDRESS SESSION_MANAGER 2>/dev/null || true

# A UTF-8 locale, as any desktop user would have.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
    *[Uu][Tt][Ff]-8*|*[Uu][Tt][Ff]8*) ;;
    *) export LANG=C.UTF-8; unset LC_ALL ;;
esac

export QT_QPA_PLATFORM=xcb GDK_BACKEND=x11 NO_AT_BRIDGE=1
if [[ -z ${XDG_RUNTIME_DIR:-} || ! -d ${XDG_RUNTIME_DIR:-/nonexistent} ]]; then
    mkdir -m 700 "$WORK/run"
    export XDG_RUNTIME_DIR=$WORK/run
fi

# ---------------------------------------------------------------- the command
RUN=$WORK/run.sh
{
    echo '#!/bin/bash'
    printf '%s\n' "${restore_lines[@]}"
    printf 'cd %q || exit 1\n' "$CALLER_CWD"
    printf '%s\n' "$CMD"
    printf 'sleep %q\n' "$SHOT_HOLD"
} >"$RUN"
chmod +x "$RUN"

# ---------------------------------------------------------------- emulator
case $TERMINAL in
    xterm)
        # -fa/-fs: Xft font; glyphs missing from it (Hebrew is not in DejaVu
        # Sans Mono) are taken from fontconfig fallbacks by xterm itself.
        term_cmd=(xterm -fa "$SHOT_FONT" -fs "$SHOT_FONT_SIZE"
                  -geometry "${COLS}x${ROWS}+0+0" -e bash "$RUN")
        ;;
    mlterm)
        # mlterm does not fall back to other fonts for glyphs missing from
        # the one it uses: DejaVu Sans Mono has no Hebrew, so Hebrew came out
        # as boxes.  Give Hebrew its own font (in the throw-away ~/.mlterm).
        mkdir -p "$HOME/.mlterm"
        # (Italic Arabic still shows as boxes: DejaVu Sans Mono Oblique has
        # no Arabic; that is what an mlterm user with this font sees too.)
        echo "U+0590-05FF = ${SHOT_HEBREW_FONT:-DejaVu Sans}" \
            >"$HOME/.mlterm/aafont"
        # -w is in pixels (--point=true did not give point sizes here);
        # convert points at the 96 dpi we give Xvfb.
        term_cmd=(mlterm --deffont="$SHOT_FONT"
                  -w "$(( (SHOT_FONT_SIZE * 96 + 36) / 72 ))" -g "${COLS}x${ROWS}+0+0"
                  --sb=false --restart=false --logmsg=false
                  -e bash "$RUN")
        ;;
    xfce4-terminal)
        # needs a session bus (xfconf); --disable-server so that this process
        # owns the window and dies with us.
        term_cmd=(dbus-run-session -- xfce4-terminal --disable-server
                  --geometry="${COLS}x${ROWS}+0+0"
                  --font="$SHOT_FONT $SHOT_FONT_SIZE"
                  --hide-menubar --hide-toolbar --hide-scrollbar
                  -x bash "$RUN")
        ;;
    konsole)
        term_cmd=(dbus-run-session -- konsole --nofork
                  --hide-menubar --hide-tabbar
                  -p "Font=$SHOT_FONT,$SHOT_FONT_SIZE"
                  -p "TerminalColumns=$COLS" -p "TerminalRows=$ROWS"
                  -e bash "$RUN")
        ;;
esac

# Extra emulator options go right before the trailing "-e/-x bash RUN".
if [[ -n ${SHOT_TERM_ARGS:-} ]]; then
    read -r -a extra <<<"$SHOT_TERM_ARGS"
    n=$(( ${#term_cmd[@]} - 3 ))
    term_cmd=("${term_cmd[@]:0:n}" "${extra[@]}" "${term_cmd[@]:n}")
fi

log "starting: ${term_cmd[*]}"
t0=$SECONDS
setsid "${term_cmd[@]}" >"$WORK/terminal.log" 2>&1 </dev/null &
TERM_PID=$!

# Wait for a mapped top-level window of a plausible size; take the largest.
ROOT_WIN=$(( $(xwininfo -root | awk '/Window id:/ { print $4; exit }') ))
WIN= GEOM=
deadline=$((SECONDS + SHOT_TIMEOUT))
while (( SECONDS < deadline )); do
    if ! kill -0 "$TERM_PID" 2>/dev/null; then
        log "terminal exited early; its output:"
        cat "$WORK/terminal.log" >&2
        exit 1
    fi
    best=0
    for w in $(xdotool search --maxdepth 1 --onlyvisible --name '' 2>/dev/null || true); do
        (( w == ROOT_WIN )) && continue
        eval "$(xdotool getwindowgeometry --shell "$w" 2>/dev/null)" || continue
        if (( WIDTH >= 200 && HEIGHT >= 100 && WIDTH * HEIGHT > best )); then
            best=$((WIDTH * HEIGHT))
            WIN=$w GEOM="${WIDTH}x${HEIGHT}+${X}+${Y}"
        fi
    done
    [[ -n $WIN ]] && break
    sleep 0.2
done
if [[ -z $WIN ]]; then
    log "no window appeared within ${SHOT_TIMEOUT}s; terminal output:"
    cat "$WORK/terminal.log" >&2
    exit 1
fi
log "window $WIN mapped after $((SECONDS - t0))s; waiting ${SHOT_WAIT}s"
sleep "$SHOT_WAIT"
if [[ -n ${SHOT_KEYS:-} ]]; then
    # No window manager: give the window the input focus ourselves, then
    # type through XTEST (real events; xterm ignores synthetic ones).
    xdotool windowfocus "$WIN" 2>/dev/null || true
    sleep 0.3
    for key in $SHOT_KEYS; do
        xdotool key --clearmodifiers "$key"
        sleep 0.3
    done
    sleep "${SHOT_KEYS_WAIT:-2}"
fi
if ! kill -0 "$TERM_PID" 2>/dev/null; then
    log "terminal exited before capture; its output:"
    cat "$WORK/terminal.log" >&2
    exit 1
fi

# Re-read the geometry (windows may resize themselves after mapping), clamp
# to the screen, and crop the root window to it.
eval "$(xdotool getwindowgeometry --shell "$WIN")"
(( X < 0 )) && { WIDTH=$((WIDTH + X)); X=0; }
(( Y < 0 )) && { HEIGHT=$((HEIGHT + Y)); Y=0; }
(( X + WIDTH > 1600 )) && WIDTH=$((1600 - X))
(( Y + HEIGHT > 1400 )) && HEIGHT=$((1400 - Y))
import -display "$DISPLAY" -window root "$WORK/full.png"
convert "$WORK/full.png" -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage \
    "$OUTDIR/$NAME.png"
[[ ${SHOT_FULL:-} == 1 ]] && cp "$WORK/full.png" "$OUTDIR/$NAME.full.png"
log "wrote $OUTDIR/$NAME.png (${WIDTH}x${HEIGHT}) in $((SECONDS - t0))s"
