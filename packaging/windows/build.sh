#!/bin/sh
# Builds the Windows release from Linux: zhenggai.exe cross-compiled with MinGW-w64, the
# installer (NSIS) and the portable zip (U 盘绿色版). Needs the Rust target
# x86_64-pc-windows-gnu and the Debian packages gcc-mingw-w64-x86-64, nsis and zip:
#
#   rustup target add x86_64-pc-windows-gnu
#   apt-get install gcc-mingw-w64-x86-64 nsis zip
#   packaging/windows/build.sh            # writes target/windows/
set -eu
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out=target/windows
exe=target/x86_64-pc-windows-gnu/release/zhenggai.exe
license=assets/fonts/LXGWWenKai-LICENSE.txt
icon=assets/icon/zhenggai.ico

# The .exe carries the icon as a resource: build.rs compiles it with MinGW's windres.
cargo build --release --locked --target x86_64-pc-windows-gnu
x86_64-w64-mingw32-strip "$exe"
mkdir -p "$out"

makensis -V2 -DVERSION="$version" -DEXE="$PWD/$exe" -DLICENSE="$PWD/$license" -DICON="$PWD/$icon" \
    -DOUTFILE="$PWD/$out/zhenggai-$version-setup.exe" packaging/windows/zhenggai.nsi

# The portable folder: the program, the marker that keeps its data beside it, the licence.
portable="$out/整改台账-$version-绿色版"
rm -rf "$portable" "$portable.zip"
mkdir -p "$portable"
cp "$exe" "$portable/zhenggai.exe"
cp "$license" "$portable/"
: > "$portable/portable"
(cd "$out" && zip -qr "$(basename "$portable").zip" "$(basename "$portable")")
rm -rf "$portable"
ls -l "$out"
