#!/usr/bin/env bash
# Validates the Linux desktop integration files. Needs desktop-file-utils, appstream, libxml2-utils.
set -euo pipefail
cd "$(dirname "$0")"
desktop-file-validate org.qcw.qcw.desktop
appstreamcli validate --no-net org.qcw.qcw.metainfo.xml
xmllint --noout qcw-mime.xml
echo "packaging files are valid"
