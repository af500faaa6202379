/* hvplan: the table of the Hyper-V module (hvplan-hyperv.so). */
#include "collectors/hyperv-module.h"

#include "collectors/azman/azman.h"
#include "collectors/hyperv-xml/hyperv-xml.h"

/**
 * hvp_hyperv_module:
 *
 * What the Hyper-V module offers the program that loads it (collectors/hyperv-loader.c): the
 * collection of Hyper-V configurations (XML and `.vmcx`, with their virtual hard disks) and of
 * Authorization Manager stores.
 */
const HvpHypervModule hvp_hyperv_module = {
  .header = { HVP_HYPERV_MODULE_ABI, HVP_VERSION },
  .collect = hvp_hyperv_xml_collect,
  .collect_azman = hvp_azman_collect,
  .read_azman = hvp_azman_parse,
};
