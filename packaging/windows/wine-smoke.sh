#!/bin/sh
# Runs the Windows build's command line through a unit's whole round under wine: init, demo,
# sign-off, every document, Excel out and back in, bundle export, verify, aggregate import.
# Each step must succeed; the bundle must open in python's zipfile and pass minisign.
#
# Needs wine64, python3, minisign and the release zhenggai.exe from build.sh. Wine 8 (Debian 12)
# lacks ProcessPrng, which Rust's standard library imports from bcryptprimitives.dll; a
# stand-in (prng_shim.c) is built with MinGW next to the copy under test.
set -eu
cd "$(dirname "$0")/../.."
exe=$PWD/target/x86_64-pc-windows-gnu/release/zhenggai.exe
work=$(mktemp -d)
. packaging/windows/wine-common.sh
trap 'stop_wine; rm -rf "$work"' EXIT
cp "$exe" "$work/"
build_prng_shim "$work"

cd "$work"
z() { echo "> zhenggai $*"; "$wine" zhenggai.exe "$@"; }
z --version
z --db u.sqlite init --unit 市行政审批局
z --db u.sqlite demo --problems 200 --seed 7
z --db u.sqlite summary --json
z --db u.sqlite check
z --db u.sqlite sign-off --preparer 张三 --reviewer 李四 --leader 王五
for kind in ledger commitment progress rules; do
    z --db u.sqlite export-pdf --kind "$kind" --revision 1 "$kind.pdf"
done
z --db u.sqlite export-xlsx ledger.xlsx
z --db copy.sqlite init --unit 市行政审批局
z --db copy.sqlite import-xlsx ledger.xlsx
z --db u.sqlite export-bundle bundle.zip
z verify bundle.zip
z --db office.sqlite init-aggregate --office 县作风建设领导小组办公室
z --db office.sqlite import-bundle bundle.zip
python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile("bundle.zip").testzip() is not None)'
mkdir signed
python3 -c 'import zipfile; zipfile.ZipFile("bundle.zip").extractall("signed", ["manifest.json", "manifest.json.minisig", "unit.pub"])'
minisign -Vm signed/manifest.json -p signed/unit.pub
echo "wine smoke test passed"
