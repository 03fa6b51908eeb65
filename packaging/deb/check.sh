#!/usr/bin/env bash
# Builds the .deb with cargo-deb, installs it, runs the installed program through a command-line
# round (init, demo, sign-off, export-bundle, verify), removes the package and checks that it
# left nothing behind but the user data. Needs root (dpkg), cargo-deb (installed here when
# missing) and Debian's apt for the package's dependencies. .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v dpkg-deb >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "skipped: the .deb check needs Debian's dpkg and apt (UOS, Kylin, Debian, Ubuntu)"
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v cargo-deb >/dev/null 2>&1; then
    cargo install cargo-deb --locked --version 3.8.0
fi
cargo deb -- --locked
deb=$(ls -t target/debian/zhenggai_*.deb | head -n 1)
echo "built $deb ($(stat -c %s "$deb") bytes)"

# The package holds the program, the launcher, the icons in every hicolor size and the licences.
contents=$(dpkg-deb --contents "$deb")
for wanted in ./usr/bin/zhenggai ./usr/share/applications/zhenggai.desktop \
    ./usr/share/icons/hicolor/16x16/apps/zhenggai.png \
    ./usr/share/icons/hicolor/256x256/apps/zhenggai.png \
    ./usr/share/icons/hicolor/scalable/apps/zhenggai.svg \
    ./usr/share/doc/zhenggai/copyright ./usr/share/doc/zhenggai/LXGWWenKai-LICENSE.txt; do
    if ! grep -q " $wanted\$" <<<"$contents"; then
        echo "missing from the package: $wanted" >&2
        exit 1
    fi
done

# apt installs the package with dpkg after fetching the libraries it depends on.
if dpkg -s zhenggai >/dev/null 2>&1; then $SUDO dpkg -r zhenggai >/dev/null; fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
installed=$(dpkg -L zhenggai)

/usr/bin/zhenggai --version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/台账.sqlite"
/usr/bin/zhenggai --db "$db" init --unit 某县行政审批局 >/dev/null
/usr/bin/zhenggai --db "$db" demo --problems 30 >/dev/null
/usr/bin/zhenggai --db "$db" sign-off --preparer 李娜 --reviewer 周强 --leader 王建国 >/dev/null
/usr/bin/zhenggai --db "$db" export-bundle "$work/数据包.zip" >/dev/null
/usr/bin/zhenggai verify "$work/数据包.zip"

$SUDO dpkg -r zhenggai >/dev/null
left=0
while IFS= read -r path; do
    # Shared folders such as /usr/share/icons stay; every file of the package must be gone.
    if [ -e "$path" ] && [ ! -d "$path" ]; then
        echo "left behind after dpkg -r: $path" >&2
        left=1
    fi
done <<<"$installed"
if [ "$left" -ne 0 ]; then exit 1; fi
# The user's data is not the package's: it stays.
test -s "$db"
test -s "$work/数据包.zip"
echo "deb check passed: installed, ran a command-line round, removed cleanly"
