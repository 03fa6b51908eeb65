# Shared by the scripts that run the Windows build under wine; sourced, not run.

# The wine binary: wine64 on the PATH, else where Debian's wine64 package puts it.
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
export WINEDEBUG=-all

# Builds the ProcessPrng stand-in (prng_shim.c) as bcryptprimitives.dll into each folder given.
# Run from the repository root, as the scripts do.
build_prng_shim() {
    shim_source=packaging/windows/prng_shim
    for folder in "$@"; do
        mkdir -p "$folder"
        x86_64-w64-mingw32-gcc -shared -O2 -o "$folder/bcryptprimitives.dll" \
            "$shim_source.c" "$shim_source.def" -ladvapi32
    done
}

# Stops the wine server, so that no process of wine outlives the script.
stop_wine() {
    server=$(command -v wineserver || echo /usr/lib/wine/wineserver)
    "$server" -k 2>/dev/null || true
}
