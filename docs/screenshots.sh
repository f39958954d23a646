#!/usr/bin/env bash
# Regenerates the guide's screenshots (docs/img/{zh,en}-{reader,search,matrix,agreement}.png,
# 1280×720) from the real workbench on the demo project, under Xvfb, driven with xdotool.
#   docs/screenshots.sh            builds qcw (debug) first
#   QCW_BIN=path/to/qcw docs/screenshots.sh
# Needs: Xvfb, xdotool, imagemagick (import), optipng (optional). Uses display :92 unless
# QCW_DISPLAY is set. The clicks are positions in the 1280×720 window (the centre tabs and the
# search box); after a change to the tab bar, check them against a fresh docs/img/*-reader.png.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
img="$here/img"
disp="${QCW_DISPLAY:-:92}"
if [ -z "${QCW_BIN:-}" ]; then
    (cd "$root" && cargo build --quiet)
    QCW_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/qcw"
fi
work="$(mktemp -d)"
xvfb=""
cleanup() {
    [ -n "${gui:-}" ] && kill "$gui" 2>/dev/null || true
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
Xvfb "$disp" -screen 0 1280x720x24 >/dev/null 2>&1 &
xvfb=$!
sleep 2
export DISPLAY="$disp"
mkdir -p "$img"

shot() { # NAME: moves the pointer out of the way, saves docs/img/NAME.png
    xdotool mousemove 640 712
    sleep 1.5
    import -window root "$img/$1.png"
    convert "$img/$1.png" +dither -colors 64 "PNG8:$img/$1.png"  # a small palette: a quarter of the size
    command -v optipng >/dev/null && optipng -quiet -o2 "$img/$1.png" || true
}
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-3}"; }

# lang, then x of the Search, Matrix and Agreement tabs in that language.
for spec in "zh 340 494 795" "en 350 469 782"; do
    read -r lang search matrix agreement <<<"$spec"
    home="$work/home-$lang"
    mkdir -p "$home"
    export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
    if [ "$lang" = zh ]; then export LANG=zh_CN.UTF-8; else export LANG=en_US.UTF-8; fi
    "$QCW_BIN" demo "$work/demo-$lang.qcw" >/dev/null
    "$QCW_BIN" gui "$work/demo-$lang.qcw" >"$work/gui-$lang.log" 2>&1 &
    gui=$!
    sleep 12
    win="$(xdotool search --name qcw | head -1)"
    xdotool windowfocus "$win"
    shot "$lang-reader"
    click "$search" 43 1
    click 460 75 0.5
    xdotool type --delay 50 "GIS OR App"
    xdotool key Return
    sleep 4
    shot "$lang-search"
    click "$matrix" 43 4
    shot "$lang-matrix"
    click "$agreement" 43 5
    shot "$lang-agreement"
    kill "$gui"
    wait "$gui" 2>/dev/null || true
    gui=""
done
ls -la "$img"
