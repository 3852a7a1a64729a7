#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages selfgov-desktop needs and the machine lacks.
#   scripts/system-deps.sh run    Qt runtime libraries (libcups2: printing to a real printer) +
#                                 a CJK screen font
#   scripts/system-deps.sh test   the above + Xvfb, poppler-utils (pdffonts/pdftotext/pdftoppm) and
#                                 faketime (the suite runs a second time on another date) and
#                                 LibreOffice Calc (headless: prints the ledgers in a test)
# As root it runs apt-get; otherwise it prints the exact line to run. Elsewhere (not Debian) it
# only says what it could not check.
set -euo pipefail
what="${1:-run}"
pkgs=(
  python3-venv
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
  libxcb-xkb1 libx11-xcb1 libxrender1 libxi6
  libcups2
  fonts-wqy-microhei
)
if [ "$what" = test ]; then
  pkgs+=(xvfb xauth poppler-utils faketime libreoffice-calc-nogui)
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; make sure Qt 6's runtime libraries are installed." >&2
  exit 0
fi
missing=()
for p in "${pkgs[@]}"; do
  # python3-venv only matters for the system python3; a python with venv built in needs none.
  if [ "$p" = python3-venv ] && python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then continue; fi
  # Ubuntu 24.04 renamed some libraries (libglib2.0-0t64, libcups2t64): either name will do.
  status=$(dpkg-query -W -f='${Status}\n' "$p" "${p}t64" 2>/dev/null || true)
  case "$status" in *"install ok installed"*) ;; *) missing+=("$p") ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/selfgov-apt.log 2>&1; then
    apt-get update >/tmp/selfgov-apt-update.log 2>&1 || true
    apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/selfgov-apt.log 2>&1 \
      || { echo "system-deps: apt-get failed, see /tmp/selfgov-apt.log" >&2; exit 1; }
  fi
else
  echo "缺少系统组件，请先运行 / missing system packages, run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
