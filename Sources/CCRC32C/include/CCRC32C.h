// CRC-32C (Castagnoli) in hardware, for the checksums of workload and run file records: the crc32
// instruction of SSE 4.2 does 8 bytes in about three cycles, where portable tables take about one
// cycle a byte. Swift cannot reach the instruction without compiling a whole module for SSE 4.2, so
// it lives here, behind a check of the processor at run time.
#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this processor has the CRC-32C instruction (x86-64 with SSE 4.2), else 0.
int ccrc32c_hardware_available(void);

/// Updates a CRC-32C register (no initial or final inversion) with `length` bytes. Only call it when
/// `ccrc32c_hardware_available()` said 1.
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *bytes, size_t length);

#endif
