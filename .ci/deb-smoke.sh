#!/usr/bin/env bash
# The Debian package: built by cargo-deb from the binary the tests already built
# (no second, release build), installed with apt (which brings the window's run-time
# libraries), run from its installed path, checked for the menu entry and the icon,
# and removed again, leaving nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(cargo deb --no-build --profile dev --strip --fast --output target/debian/ 2>&1 | tail -1)
[[ -f $deb ]] || { echo "FAIL: cargo deb did not build a package: $deb"; exit 1; }
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb --contents "$deb" | awk '{print $6}'
apt-get install -y -qq "$(realpath "$deb")" >/dev/null
for installed in /usr/bin/portcards /usr/share/applications/portcards.desktop \
    /usr/share/icons/hicolor/256x256/apps/portcards.png; do
    [[ -f $installed ]] || { echo "FAIL: $installed is not installed"; exit 1; }
done
output=$(/usr/bin/portcards lookup 22)
grep -q "SSH" <<<"$output" || { echo "FAIL: portcards lookup 22 printed: $output"; exit 1; }
echo "ok: /usr/bin/portcards lookup 22 -> $(head -1 <<<"$output")"
apt-get purge -y -qq portcards >/dev/null
if dpkg-query -W -f='${Status}' portcards 2>/dev/null | grep -q "ok installed"; then
    echo "FAIL: portcards is still installed"; exit 1
fi
[[ ! -e /usr/bin/portcards ]] || { echo "FAIL: /usr/bin/portcards is left behind"; exit 1; }
echo "ok: installed, run and removed"
