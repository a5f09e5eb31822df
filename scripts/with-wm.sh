#!/usr/bin/env bash
# Runs a command under openbox on the current $DISPLAY (an Xvfb screen), as on a desk: windows get
# their title bar and borders from a real window manager.  scripts/screenshots.sh uses it.
openbox >/dev/null 2>&1 &
wm=$!
for _ in $(seq 50); do
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id" && break
  sleep 0.1
done
"$@"
code=$?
kill "$wm" 2>/dev/null
wait "$wm" 2>/dev/null
exit "$code"
