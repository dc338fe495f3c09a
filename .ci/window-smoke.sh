#!/usr/bin/env bash
# The real binary in a real X window (Xvfb, no window manager): it opens, answers a
# card from the keyboard, and every answer is on disk after it closes, both by its
# own quit key (Ctrl+Q) and by a window manager's close request (WM_DELETE_WINDOW,
# sent here by hand), which must flush the writer thread's queue; an answer checked
# but not graded is kept too. `--config-dir` holds everything it writes (the user's
# own folders stay empty), and `--window-size` wins over a remembered size.
# Usage: .ci/window-smoke.sh PATH/TO/portcards
set -euo pipefail
binary=$(realpath "$1")
work=$(mktemp -d)
trap 'kill "${app_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The user's own folders: empty, and they must stay so.
export HOME=$work/home
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME
mkdir -p "$HOME"

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=$display
for _ in $(seq 100); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

# A long history (150,000 reviews, as after years of study), so that each save takes
# long enough for the close request to arrive while one is still being written.
history=150000
mkdir -p "$work/config"
python3 - "$work/config/progress.json" "$history" <<'PY'
import json, sys
start = 1735725600 * 10**9  # 2025-01-01 10:00 UTC, in nanoseconds
log = [["22:port-to-service", start + i * 60 * 10**9, "ssh", "correct", "good", 1500, "typed"]
       for i in range(int(sys.argv[2]))]
json.dump({"format_version": 2, "log": log}, open(sys.argv[1], "w"))
PY

answers_on_disk() {
  python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["log"]) - int(sys.argv[2]))' \
    "$work/config/progress.json" "$history"
}

# Starts the app (with any extra arguments), waits for its window, answers one card
# (type, Enter to check, and unless CHECK_ONLY is set, Enter to take the suggested
# grade).
start_and_answer() {
  "$binary" --config-dir "$work/config" "$@" >"$work/app.log" 2>&1 &
  app_pid=$!
  wid=""
  for _ in $(seq 300); do
    wid=$(xdotool search --onlyvisible --name '^portcards$' 2>/dev/null | head -1 || true)
    [[ -n $wid ]] && break
    kill -0 "$app_pid" || { echo "FAIL: the app exited at start"; cat "$work/app.log"; exit 1; }
    sleep 0.1
  done
  [[ -n $wid ]] || { echo "FAIL: no window in 30 s"; cat "$work/app.log"; exit 1; }
  sleep 2
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  xdotool type --window "$wid" --delay 40 -- "ftp"
  sleep 0.3
  xdotool key --window "$wid" Return
  sleep 0.5
  [[ -n ${CHECK_ONLY:-} ]] || xdotool key --window "$wid" Return
}

close_request() {
  /usr/bin/python3 - "$wid" <<'PY'
import sys
from Xlib import X, display, protocol
screen = display.Display()
window = screen.create_resource_object("window", int(sys.argv[1]))
protocols, delete = screen.intern_atom("WM_PROTOCOLS"), screen.intern_atom("WM_DELETE_WINDOW")
event = protocol.event.ClientMessage(window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
window.send_event(event, event_mask=X.NoEventMask)
screen.flush()
PY
}

wait_for_exit() {
  for _ in $(seq 300); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$app_pid" 2>/dev/null; then echo "FAIL: the app did not close on $1"; exit 1; fi
  wait "$app_pid" || { echo "FAIL: the app exited with an error on $1"; cat "$work/app.log"; exit 1; }
}

# The first run remembers its size (the default, 960x680) in the config folder.
start_and_answer
xdotool key --window "$wid" ctrl+q
wait_for_exit "Ctrl+Q"
[[ $(answers_on_disk) == 1 ]] || { echo "FAIL: Ctrl+Q: $(answers_on_disk) answer(s) on disk, 1 expected"; exit 1; }
[[ -f $work/config/window.ron ]] || { echo "FAIL: the window state is not in --config-dir"; exit 1; }
echo "ok: Ctrl+Q closed the window and the answer is on disk"

# A size given on the command line wins over the remembered one.
start_and_answer --window-size 800x600
size=$(xdotool getwindowgeometry "$wid" | sed -n 's/.*Geometry: //p')
[[ $size == 800x600 ]] || { echo "FAIL: --window-size 800x600 opened at $size"; exit 1; }
close_request
wait_for_exit "the close request"
[[ $(answers_on_disk) == 2 ]] || { echo "FAIL: close request: $(answers_on_disk) answer(s) on disk, 2 expected"; exit 1; }
echo "ok: --window-size won; a close request closed the window and both answers are on disk"

# Closed between checking an answer and grading it: the answer is kept.
CHECK_ONLY=1 start_and_answer --window-size 800x600
close_request
wait_for_exit "the close request after a check"
[[ $(answers_on_disk) == 3 ]] || { echo "FAIL: a checked answer was lost on close: $(answers_on_disk) on disk, 3 expected"; exit 1; }
echo "ok: an answer checked but not graded is on disk after the window closed"

written=$(find "$HOME" -path '*portcards*' | head -5)
[[ -z $written ]] || { echo "FAIL: --config-dir was given, yet the app wrote under HOME: $written"; exit 1; }
echo "ok: nothing written outside --config-dir"
