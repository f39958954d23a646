#!/usr/bin/env bash
# Builds the Windows release of qcw on a Debian/Ubuntu machine by cross-compiling:
#   dist/windows/qcw-<version>-setup.exe   NSIS installer (Start menu, .qcw/.qdpx, uninstaller)
#   dist/windows/qcw-<version>-windows-x86_64.zip   portable: qcw.exe, qcw-gui.exe, docs
# Installs what it needs (apt: mingw-w64, nsis, zip, imagemagick; rustup: the target) unless
# QCW_NO_INSTALL=1. Uses CARGO_TARGET_DIR when set (default: target/).
# Usage: packaging/windows/build.sh            (from anywhere inside the checkout)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
target=x86_64-pc-windows-gnu

if [ "${QCW_NO_INSTALL:-0}" != 1 ]; then
    need=()
    command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64)
    command -v makensis >/dev/null || need+=(nsis)
    command -v zip >/dev/null || need+=(zip)
    command -v convert >/dev/null || need+=(imagemagick)
    command -v git >/dev/null || need+=(git)
    if [ ${#need[@]} -gt 0 ]; then
        sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        $sudo apt-get update
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${need[@]}"
    fi
    if ! command -v cargo >/dev/null; then
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
        # shellcheck disable=SC1091
        . "$HOME/.cargo/env"
    fi
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
fi

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
tdir="${CARGO_TARGET_DIR:-$root/target}"
out="$root/dist/windows"
stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage"

# The icon is committed; regenerate it only when it is missing.
[ -f "$here/qcw.ico" ] || convert assets/icons/qcw.png -define icon:auto-resize=256,128,64,48,32,16 "$here/qcw.ico"

# Plain SQLite (bundled), no `encryption`: its vendored OpenSSL is not part of the Windows build.
cargo build --release --locked --target "$target" --bins
for exe in qcw.exe qcw-gui.exe; do
    cp "$tdir/$target/release/$exe" "$stage/$exe"
    x86_64-w64-mingw32-strip "$stage/$exe"
done

# Documents with CRLF line ends are friendlier to Notepad; Markdown keeps its name.
cp README.md CHANGELOG.md "$stage/"
for g in docs/guide.zh.md docs/guide.en.md; do [ -f "$g" ] && cp "$g" "$stage/"; done
cp assets/fonts/wqy-microhei.COPYRIGHT "$stage/wqy-microhei.COPYRIGHT.txt"
{
    echo "qcw is licensed under the MIT licence or the Apache License 2.0, at your option."
    echo "qcw 以 MIT 或 Apache-2.0 许可证（任选其一）发布。"
    echo
    echo "The bundled font WenQuanYi Micro Hei (文泉驿微米黑) is Apache-2.0 or GPL-3+ with font exception;"
    echo "see wqy-microhei.COPYRIGHT.txt."
    echo
    echo "=== MIT ==="
    cat <<'MIT'
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
MIT
    echo
    echo "=== Apache License 2.0 ==="
    if [ -f /usr/share/common-licenses/Apache-2.0 ]; then
        cat /usr/share/common-licenses/Apache-2.0
    else
        echo "https://www.apache.org/licenses/LICENSE-2.0.txt"
    fi
} > "$stage/LICENSE.txt"
for f in "$stage"/*.md "$stage"/*.txt; do sed -i 's/\r\?$/\r/' "$f"; done

setup="$out/qcw-$version-setup.exe"
zipf="$out/qcw-$version-windows-x86_64.zip"
rm -f "$setup" "$zipf"
(cd "$here" && makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$setup" qcw.nsi)

portable="$out/qcw-$version"
rm -rf "$portable"
cp -r "$stage" "$portable"
(cd "$out" && zip -qr9 "$zipf" "qcw-$version")
rm -rf "$portable"

ls -la "$setup" "$zipf"
echo "built: $setup"
echo "built: $zipf"
