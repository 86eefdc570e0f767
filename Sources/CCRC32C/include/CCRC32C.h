// CRC-32C (Castagnoli), the checksum of every workload and run file record, with the processor's own
// instruction where it has one (SSE 4.2 on x86-64, the CRC extension on ARMv8) and a table otherwise.
#ifndef PGREHEARSE_CCRC32C_H
#define PGREHEARSE_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C of `length` bytes at `data`, continuing from `previous` (0 to start): the same value the
/// slicing-by-8 table gives, about ten times faster with the instruction.
uint32_t pgrehearse_crc32c(uint32_t previous, const void *data, size_t length);

/// The same with the table alone, whatever the processor has (so tests check both ways agree).
uint32_t pgrehearse_crc32c_portable(uint32_t previous, const void *data, size_t length);

#endif
