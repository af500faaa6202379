/* hvplan: the collector of one binary VM configuration file (`.vmcx`, Windows Server 2016 and
 * later), probed by its signature.  The data-root collector (collectors/hyperv-xml) already reads
 * `.vmcx` files in a data root; this one takes a `.vmcx` given alone (with its checkpoints and
 * disks when it lies in a data root's `Virtual Machines` folder), through the same reader, in the
 * Hyper-V module (collectors/hyperv-loader.c).  This file is the program's part: the probe. */
#include "collectors/vmcx/vmcx-collector.h"

#include <stdio.h>
#include <string.h>

#include "collectors/hyperv-module.h"
#include "collectors/vmcx/vmcx.h"

/**
 * hvp_vmcx_sniff:
 * @data: (array length=length): the first bytes of a file
 * @length: bytes in @data
 *
 * Returns: %TRUE when @data starts with the signature of a Hyper-V storage file header
 *   (%HVP_VMCX_SIGNATURE, little-endian; FORMAT.md "File Header")
 */
gboolean
hvp_vmcx_sniff (const char *data, gsize length)
{
  guint32 signature;

  if (data == NULL || length < sizeof signature)
    return FALSE;
  memcpy (&signature, data, sizeof signature);
  return GUINT32_FROM_LE (signature) == HVP_VMCX_SIGNATURE;
}

static guint
vmcx_probe (const char *source)
{
  char head[4];
  FILE *file;
  gsize got;

  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return 0;
  file = fopen (source, "rbe");
  if (file == NULL)
    return 0;
  got = fread (head, 1, sizeof head, file);
  fclose (file);
  return hvp_vmcx_sniff (head, got) ? 85 : 0;
}

/**
 * hvp_collector_vmcx:
 *
 * The collector of a binary VM configuration (`<GUID>.vmcx`, Windows Server 2016 and later; the
 * container of Microsoft's openvmm `support/hvs_file/FORMAT.md`).  Probe: 85 for a regular file
 * that starts with the header signature 0x01282014 (hvp_vmcx_sniff()); it loads nothing.
 * Collect: as the Hyper-V XML collector collects one configuration file (the key tree is read
 * into the XML shape and mapped by the same code, hvp_hyperv_xml_collect() in the Hyper-V
 * module), failing with %HVP_ERROR_DATA on a malformed file, %HVP_ERROR_UNSUPPORTED on a
 * container format other than 4.x and %HVP_ERROR_OPEN when the module cannot be loaded.
 */
const HvpCollector hvp_collector_vmcx = {
  .name = "vmcx",
  .probe = vmcx_probe,
  .collect = hvp_hyperv_module_collect,
};
