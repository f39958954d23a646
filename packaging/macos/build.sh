#!/usr/bin/env bash
# Builds dist/macos/qcw.app (and, on a Mac, dist/macos/qcw-<version>-macos.dmg).
#
# On a Mac (Xcode command-line tools and rustup installed):
#   packaging/macos/build.sh            universal binary (arm64 + x86_64), ad-hoc signed app, .dmg
# Anywhere else (layout check only; the binaries are this machine's, not macOS ones):
#   QCW_APP_BINARIES=target/debug packaging/macos/build.sh
#
# The bundle:
#   qcw.app/Contents/Info.plist          document types .qcw (owner) and .qdpx (alternate)
#   qcw.app/Contents/PkgInfo
#   qcw.app/Contents/MacOS/qcw-gui       the workbench (CFBundleExecutable)
#   qcw.app/Contents/MacOS/qcw           the command line (link it into /usr/local/bin to use it)
#   qcw.app/Contents/Resources/qcw.icns  icon; README, CHANGELOG, guides, font copyright
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
out="$root/dist/macos"
app="$out/qcw.app"
tdir="${CARGO_TARGET_DIR:-$root/target}"

if [ -n "${QCW_APP_BINARIES:-}" ]; then
    bins="$QCW_APP_BINARIES"
elif [ "$(uname -s)" = Darwin ]; then
    rustup target add aarch64-apple-darwin x86_64-apple-darwin
    export MACOSX_DEPLOYMENT_TARGET=11.0
    for t in aarch64-apple-darwin x86_64-apple-darwin; do
        cargo build --release --locked --target "$t" --bins
    done
    bins="$out/universal"
    mkdir -p "$bins"
    for b in qcw qcw-gui; do
        lipo -create -output "$bins/$b" \
            "$tdir/aarch64-apple-darwin/release/$b" "$tdir/x86_64-apple-darwin/release/$b"
        strip -x "$bins/$b"
    done
else
    echo "not a Mac: set QCW_APP_BINARIES=<folder with qcw and qcw-gui> to check the layout" >&2
    exit 2
fi

rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
sed "s/@VERSION@/$version/g" "$here/Info.plist" > "$app/Contents/Info.plist"
printf 'APPL????' > "$app/Contents/PkgInfo"
cp "$bins/qcw" "$bins/qcw-gui" "$app/Contents/MacOS/"
cp "$here/qcw.icns" "$app/Contents/Resources/qcw.icns"
cp README.md CHANGELOG.md "$app/Contents/Resources/"
for g in docs/guide.zh.md docs/guide.en.md; do [ -f "$g" ] && cp "$g" "$app/Contents/Resources/"; done
cp assets/fonts/wqy-microhei.COPYRIGHT "$app/Contents/Resources/"

if [ "$(uname -s)" = Darwin ]; then
    plutil -lint "$app/Contents/Info.plist"
    # Ad-hoc signature: enough for Apple silicon to run it; Gatekeeper still asks on first open
    # (right-click → Open) unless it is signed with a Developer ID and notarized.
    codesign --force --deep --sign - "$app"
    rm -f "$out/qcw-$version-macos.dmg"
    hdiutil create -volname "qcw $version" -srcfolder "$app" -ov -format UDZO "$out/qcw-$version-macos.dmg"
    echo "built: $out/qcw-$version-macos.dmg"
fi
echo "built: $app"
