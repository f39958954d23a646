#!/usr/bin/env bash
# Runs the Windows build of qcw under Wine and compares it with the Linux build, step by step.
#   packaging/windows/wine-test.sh [QCW_EXE] [QCW_LINUX]
# QCW_EXE: the Windows qcw.exe (default: the release cross-build in $CARGO_TARGET_DIR or target/);
# QCW_LINUX: a Linux qcw of the same source (default: target debug or release build).
# Steps (each once with the Linux binary in a Unix folder, once with qcw.exe under Wine in a
# folder with a Chinese name reached through Z:\ with backslashes): new; import a GBK .txt and a
# .docx with a Chinese file name; cases and attributes; code; search; QCA; evidence export (xlsx,
# md); qdpx export and import into a second project. Every --json answer of qcw.exe must equal
# the Linux one after the work folder is replaced by <W> (and \ by /). Then the Windows project lock:
# a second writer is refused while a first holds the project. Then (unless QCW_NO_GUI=1) the GUI
# under Wine + Xvfb on the demo project: a screenshot is saved as $OUT/wine-gui.png — look at it.
# Needs: wine (wine64 is enough), mingw-w64 (for the Wine < 9 stand-in below), python3, Xvfb and imagemagick (import) for the GUI part. Exit status 0 when
# every check passed; the summary lists them.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tdir="${CARGO_TARGET_DIR:-$root/target}"
exe="${1:-$tdir/x86_64-pc-windows-gnu/release/qcw.exe}"
lin="${2:-}"
if [ -z "$lin" ]; then
    for c in "$tdir/release/qcw" "$tdir/debug/qcw"; do [ -x "$c" ] && lin="$c" && break; done
fi
[ -f "$exe" ] || { echo "no Windows binary: $exe (run packaging/windows/build.sh)"; exit 2; }
[ -x "$lin" ] || { echo "no Linux binary (cargo build)"; exit 2; }
wine="$(command -v wine || true)"
[ -n "$wine" ] || { echo "wine not installed (apt-get install wine wine64)"; exit 2; }

export WINEDEBUG=-all LC_ALL=C.UTF-8 LANG=C.UTF-8 QCW_CODER=wine-test
export WINEPREFIX="${WINEPREFIX:-$HOME/.wine-qcw}"
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
echo "work folder: $OUT"
"$wine" wineboot -i >/dev/null 2>&1 || true
# Rust's std (1.78+) imports ProcessPrng from bcryptprimitives.dll, which Windows 10 and later have
# and Wine before 9 (Debian 12 ships 8.0) lacks: for the test only, a stand-in built from
# wine-shim/ goes into the Wine prefix. It is never shipped.
wver="$("$wine" --version 2>/dev/null | sed -n 's/^wine-\([0-9]*\).*/\1/p')"
sys32="$WINEPREFIX/drive_c/windows/system32"
if [ "${wver:-0}" -lt 9 ] && [ ! -f "$sys32/bcryptprimitives.dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -o "$sys32/bcryptprimitives.dll" \
        "$here/wine-shim/bcryptprimitives.c" "$here/wine-shim/bcryptprimitives.def" -ladvapi32
    echo "wine $wver: installed the test-only bcryptprimitives.dll stand-in"
fi

pass=0; fail=0; results=()
ok()  { pass=$((pass+1)); results+=("PASS $1"); echo "PASS $1"; }
bad() { fail=$((fail+1)); results+=("FAIL $1"); echo "FAIL $1"; }

# ---- inputs: a GBK text and a .docx with a Chinese file name
in="$OUT/输入"
mkdir -p "$in"
printf '访谈记录（甲街道）：我们和街道办一起做了风险排查，社区很配合。\r\n第二段：燃气监测预警平台上线以后，网格员借力平台巡查。\r\n' \
    | iconv -f UTF-8 -t GBK > "$in/gbk_interview.txt"
python3 - "$in/乙社区访谈.docx" <<'PY'
import sys, zipfile
paras = ["访谈记录（乙社区）：居委会赋权给楼组长，风险排查更及时。", "第二段：监测预警平台运转有效，大家都认可。"]
body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paras)
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       f'<w:body>{body}</w:body></w:document>')
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml", doc)
PY
printf 'case,运行结果\n甲街道,运转失效\n乙社区,运转有效\n' > "$in/attrs.csv"

# winpath /a/b → Z:\a\b
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# run SIDE NAME ARGS... : runs one step on one side, saving stdout to $OUT/SIDE/NAME.json.
# Arguments starting with @ are paths relative to the side's work folder.
run() {
    local side="$1" name="$2"; shift 2
    local w="$OUT/$side" args=() a
    for a in "$@"; do
        if [ "${a:0:1}" = @ ]; then
            if [ "$side" = win ]; then args+=("$(winpath "$w/${a:1}")"); else args+=("$w/${a:1}"); fi
        else
            args+=("$a")
        fi
    done
    if [ "$side" = win ]; then
        "$wine" "$exe" "${args[@]}" >"$w/$name.json" 2>"$w/$name.err"
    else
        "$lin" "${args[@]}" >"$w/$name.json" 2>"$w/$name.err"
    fi
    echo $? >"$w/$name.rc"
}

steps() {
    local s="$1"
    run "$s" 01-new new @p.qcw
    run "$s" 02-import-gbk import @p.qcw @in/gbk_interview.txt --case 甲街道 --json
    run "$s" 03-import-docx import @p.qcw @in/乙社区访谈.docx --case 乙社区 --json
    run "$s" 04-docs docs @p.qcw --json
    run "$s" 05-attrs attrs import @p.qcw @in/attrs.csv
    run "$s" 06-code-a code apply @p.qcw --doc gbk_interview --start 20 --end 24 --code 权力/借力 --json
    run "$s" 07-code-b code apply @p.qcw --doc 乙社区访谈 --start 10 --end 19 --code 权力/赋权 --json
    run "$s" 08-code-c code apply @p.qcw --doc 乙社区访谈 --start 33 --end 41 --code 结果/运转有效 --json
    run "$s" 09-codings codings @p.qcw --json
    run "$s" 10-search search @p.qcw 风险排查 --json
    run "$s" 11-search-bool search @p.qcw '监测 AND 平台' --json
    run "$s" 12-kwic kwic @p.qcw 平台 --json
    run "$s" 13-qca qca @p.qcw --outcome 运行结果=运转有效 --json
    run "$s" 14-matrix matrix @p.qcw --json
    run "$s" 15-export-md export @p.qcw --evidence @证据/evidence.md --json
    run "$s" 16-export-xlsx export @p.qcw --evidence @证据/evidence.xlsx --json
    run "$s" 17-qdpx-export qdpx export @p.qcw @交换/p.qdpx --json
    run "$s" 18-new2 new @q.qcw --template empty
    run "$s" 19-qdpx-import qdpx import @q.qcw @交换/p.qdpx --json
    run "$s" 20-codings2 codings @q.qcw --json
    run "$s" 21-codes2 codes @q.qcw --json
    run "$s" 22-undo undo @q.qcw
    run "$s" 23-docs2 docs @q.qcw --json
    run "$s" 24-check check @p.qcw --json
}

for s in lin win; do
    rm -rf "${OUT:?}/$s"
    mkdir -p "$OUT/$s/证据" "$OUT/$s/交换"
    cp -r "$in" "$OUT/$s/in"
    steps "$s"
done

python3 - "$OUT" <<'PY' > "$OUT/compare.txt"
import json, os, re, sys
out = sys.argv[1]
def norm(v, w):
    if isinstance(v, dict):
        return {k: norm(x, w) for k, x in v.items() if k not in ("seconds", "elapsed_ms", "ms")}
    if isinstance(v, list):
        return [norm(x, w) for x in v]
    if isinstance(v, str):
        s = v.replace("\\\\?\\", "")
        for prefix in w:
            if s.startswith(prefix) or prefix in s:
                s = s.replace(prefix, "<W>").replace("\\", "/")
        return s
    return v
lin_w = [os.path.join(out, "lin")]
win_w = ["Z:" + os.path.join(out, "win").replace("/", "\\"), os.path.join(out, "win")]
names = sorted(f[:-5] for f in os.listdir(os.path.join(out, "lin")) if f.endswith(".json"))
for n in names:
    rl = open(os.path.join(out, "lin", n + ".rc")).read().strip()
    rw = open(os.path.join(out, "win", n + ".rc")).read().strip()
    tl = open(os.path.join(out, "lin", n + ".json"), encoding="utf-8").read()
    tw = open(os.path.join(out, "win", n + ".json"), encoding="utf-8", errors="replace").read()
    if rl != "0" or rw != "0":
        print(f"FAIL {n}: exit status linux {rl}, windows {rw}")
        continue
    try:
        jl, jw = norm(json.loads(tl), lin_w), norm(json.loads(tw), win_w)
    except ValueError:
        # A step without --json: the same text, work folders aside.
        jl, jw = norm(tl.strip(), lin_w), norm(tw.replace("\r\n", "\n").strip(), win_w)
    if jl == jw:
        print(f"PASS {n}: same JSON")
    else:
        print(f"FAIL {n}: JSON differs\n  linux:   {json.dumps(jl, ensure_ascii=False)[:600]}\n  windows: {json.dumps(jw, ensure_ascii=False)[:600]}")
PY
while IFS= read -r line; do
    case "$line" in
        PASS*) ok "${line#PASS }" ;;
        FAIL*) bad "${line#FAIL }" ;;
        *) echo "$line" ;;
    esac
done < "$OUT/compare.txt"

# Exports exist on the Windows side, in the Chinese folder.
for f in 证据/evidence.md 证据/evidence.xlsx 交换/p.qdpx; do
    if [ -s "$OUT/win/$f" ]; then ok "windows wrote $f"; else bad "windows wrote $f"; fi
done
# The same Markdown evidence table, its "generated <time>" line aside.
if cmp -s <(grep -v "generated 20" "$OUT/lin/证据/evidence.md") <(grep -v "generated 20" "$OUT/win/证据/evidence.md"); then
    ok "evidence.md identical on both (generation time aside)"
else bad "evidence.md identical on both (generation time aside)"; fi
# No lock files of temporary projects left behind (qcw new builds the project in a temporary file).
if ls -a "$OUT/win" | grep -q '\.new\.lock$'; then bad "no stray lock files after qcw new";
else ok "no stray lock files after qcw new"; fi

# ---- the project lock on Windows: a GUI-less writer that holds the project (a long import from
# a pipe is not available, so: a second qcw.exe while the first is inside a slow command).
lockdir="$OUT/win/锁"
mkdir -p "$lockdir"
"$wine" "$exe" new "$(winpath "$lockdir/l.qcw")" >/dev/null 2>&1
big="$lockdir/big"; mkdir -p "$big"
python3 - "$big" <<'PY'
import sys
for i in range(400):
    # Distinct texts: identical ones would be skipped as duplicates and the import end at once.
    open(f"{sys.argv[1]}/doc{i:03}.txt", "w", encoding="utf-8").write(f"第{i}号。" + "风险排查与监测预警。" * 2000)
PY
"$wine" "$exe" import "$(winpath "$lockdir/l.qcw")" "$(winpath "$big")" >"$lockdir/first.out" 2>&1 &
first=$!
refused=0
for _ in $(seq 1 100); do
    sleep 0.3
    if ! kill -0 "$first" 2>/dev/null; then break; fi
    if "$wine" "$exe" code add "$(winpath "$lockdir/l.qcw")" 锁测试 >"$lockdir/second.out" 2>&1; then
        continue
    fi
    if grep -q -i "open\|lock\|打开\|占用" "$lockdir/second.out"; then refused=1; break; fi
done
wait "$first"
if [ "$refused" = 1 ]; then ok "project lock: a second writer is refused while the first imports ($(head -c 200 "$lockdir/second.out" | tr '\n' ' '))";
else bad "project lock: no refusal seen ($(head -c 200 "$lockdir/second.out" 2>/dev/null))"; fi
if "$wine" "$exe" code add "$(winpath "$lockdir/l.qcw")" 锁测试2 >/dev/null 2>&1; then ok "project lock released after the first writer ends";
else bad "project lock released after the first writer ends"; fi

# ---- the GUI under Wine + Xvfb on the demo project
if [ "${QCW_NO_GUI:-0}" != 1 ]; then
    disp="${QCW_DISPLAY:-:92}"
    gexe="$(dirname "$exe")/qcw-gui.exe"; [ -f "$gexe" ] || gexe="$exe"
    "$wine" "$exe" demo "$(winpath "$OUT/win/demo.qcw")" >/dev/null 2>&1
    xvfb=""
    if [ ! -e "/tmp/.X11-unix/X${disp#:}" ]; then
        Xvfb "$disp" -screen 0 1920x1080x24 >/dev/null 2>&1 &
        xvfb=$!
        sleep 2
    fi
    if [ "$gexe" = "$exe" ]; then garg=(gui); else garg=(); fi
    DISPLAY="$disp" LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 "$wine" "$gexe" "${garg[@]}" "$(winpath "$OUT/win/demo.qcw")" >"$OUT/wine-gui.log" 2>&1 &
    gpid=$!
    sleep "${QCW_GUI_WAIT:-25}"
    if kill -0 "$gpid" 2>/dev/null; then
        import -display "$disp" -window root "$OUT/wine-gui.png"
        ok "GUI runs under Wine + Xvfb; screenshot $OUT/wine-gui.png (look at it)"
    else
        bad "GUI exited early under Wine: $(tail -c 400 "$OUT/wine-gui.log")"
    fi
    kill "$gpid" 2>/dev/null; wait "$gpid" 2>/dev/null
    wineserver -k >/dev/null 2>&1 || true
    [ -n "$xvfb" ] && kill "$xvfb"
fi

echo
echo "summary: $pass passed, $fail failed"
printf '  %s\n' "${results[@]}"
[ "$fail" = 0 ]
