/* A stand-in for bcryptprimitives.dll under wine 8 (Debian 12), which lacks ProcessPrng: Rust's
 * standard library imports it for random numbers on Windows. It fills the buffer with
 * RtlGenRandom (SystemFunction036), which wine has. Only the tests under wine use it; real
 * Windows 10 and later have the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
