/* hvplan: what every libFuzzer target in t/fuzz/ shares (see README.md beside this file). */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "models/model.h"

G_BEGIN_DECLS

/* libFuzzer's entry points (the fuzz target defines the first; fuzz-common.c the second). */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

const char *hvp_fuzz_scratch_dir (void);
char *hvp_fuzz_write_file (const char *name, const uint8_t *data, size_t size);
void hvp_fuzz_check_error (const GError *error);
void hvp_fuzz_check_inventory (const HvpInventory *inventory);

G_END_DECLS
