/* hvplan: a VM's network adapter. */
#pragma once

#include <glib.h>

#include "models/field.h"

G_BEGIN_DECLS

/**
 * HvpAdapter:
 * @name: adapter name ("Network Adapter")
 * @mac: MAC address, normalised to upper case with dashes ("00-15-5D-01-07-DC"); %NULL if unknown
 * @switch_id: (nullable): id of the virtual switch it connects to (Hyper-V switch GUID)
 * @switch_name: (nullable): friendly name of that switch
 * @connected: %FALSE when the adapter is not connected to any switch
 * @legacy: an emulated (legacy) network adapter of a generation 1 VM (`Get-VMNetworkAdapter`
 *   `IsLegacy`, Hyper-V XML `EmulatedEthernetPort` device)
 * @static_mac: the MAC address is static, not taken from the host's dynamic pool
 *   (`DynamicMacAddressEnabled` false, Hyper-V XML `is_static`)
 * @sriov: SR-IOV is requested (`IovWeight` above 0; libvirt `<interface type='hostdev'>`)
 * @vlan_id: the access VLAN id (`Get-VMNetworkAdapterVlan` `AccessVlanId`, libvirt `<vlan><tag>`);
 *   0 when untagged or unknown
 *
 * A network adapter of a VM.
 */
typedef struct {
  char *name;
  char *mac;
  char *switch_id;
  char *switch_name;
  gboolean connected;
  HvpTristate legacy;
  HvpTristate static_mac;
  HvpTristate sriov;
  guint vlan_id;
} HvpAdapter;

HvpAdapter *hvp_adapter_new (const char *name);
void hvp_adapter_free (HvpAdapter *adapter);
char *hvp_mac_normalize (const char *mac);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HvpAdapter, hvp_adapter_free)

extern const HvpFieldTable hvp_adapter_fields;

G_END_DECLS
