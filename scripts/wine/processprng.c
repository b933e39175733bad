/* A stand-in for bcryptprimitives.dll!ProcessPrng, for Wine before 8.13 (Debian 12 ships 8.0).
 * Rust's standard library (1.78 and later) imports ProcessPrng on Windows; without it no Rust
 * program starts under such a Wine. This test-only shim fills the buffer from RtlGenRandom
 * (advapi32!SystemFunction036), which every Wine has. It is never shipped with the app. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
