#!/usr/bin/env bash
# Draws the macOS icon set from assets/icons/qcw.svg:
#   packaging/macos/qcw.iconset/   icon_16x16.png … icon_512x512@2x.png (Apple's iconset layout)
#   packaging/macos/qcw.icns       (committed; made with png2icns from Debian's icnsutils)
# On a Mac, `iconutil -c icns qcw.iconset` makes the same .icns from the iconset (with the
# 1024 px retina image, which png2icns does not write).
# Needs: imagemagick (convert), icnsutils (png2icns).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/../../assets/icons/qcw.svg"
set_dir="$here/qcw.iconset"
rm -rf "$set_dir"; mkdir -p "$set_dir"
draw() { convert -background none -density 1152 "$svg" -resize "$1x$1" "PNG32:$2"; }
for s in 16 32 128 256 512; do
    draw "$s" "$set_dir/icon_${s}x${s}.png"
    draw "$((s * 2))" "$set_dir/icon_${s}x${s}@2x.png"
done
draw 48 "$set_dir/icon_48.png.tmp"
png2icns "$here/qcw.icns" "$set_dir/icon_16x16.png" "$set_dir/icon_32x32.png" \
    "$set_dir/icon_48.png.tmp" "$set_dir/icon_128x128.png" "$set_dir/icon_256x256.png" \
    "$set_dir/icon_512x512.png"
rm "$set_dir/icon_48.png.tmp"
echo "wrote $set_dir and $here/qcw.icns"
