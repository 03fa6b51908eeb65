#!/usr/bin/env bash
# Renders the icon's SVG sources into the PNG sizes the desktop and the deb install and the .ico
# the Windows build embeds. The results are committed; run this after changing an SVG.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/../../assets/icon"
mkdir -p png
for size in 16 24; do
    rsvg-convert -w "$size" -h "$size" zhenggai-small.svg -o "png/zhenggai-$size.png"
done
for size in 32 48 64 128 256; do
    rsvg-convert -w "$size" -h "$size" zhenggai.svg -o "png/zhenggai-$size.png"
done
convert png/zhenggai-16.png png/zhenggai-24.png png/zhenggai-32.png png/zhenggai-48.png \
    png/zhenggai-64.png png/zhenggai-128.png png/zhenggai-256.png zhenggai.ico
