/* A test shim for Wine only, never shipped: Rust's standard library asks
 * bcryptprimitives.dll for ProcessPrng at start, which Wine 8 lacks, so the program
 * stops before main. This DLL, placed next to the test's copy of portcards.exe only,
 * answers it with RtlGenRandom (SystemFunction036 in advapi32), the call Rust used
 * before. Built by .ci/windows-check with the same mingw that links the app. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    return SystemFunction036(data, (ULONG)length);
}
