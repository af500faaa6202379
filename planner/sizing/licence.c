/* hvplan: the licence bill of a sizing (`hvplan size --licensing`).  Windows Server is licensed
 * per physical core (HVP_LICENCE_* in licence.h, with the source); Standard covers two Windows VMs
 * per full licensing of the host's cores and stacks, Datacenter any number.  A licence stays with
 * its server (reassigned at most once in 90 days: Microsoft Product Terms, "Windows Server",
 * "License assignment"), so a host is licensed for the VMs it may run after a failover: its own
 * and those of the `--spare` other hosts holding the most. */
#include "planner/sizing/licence.h"

#include <stdlib.h>
#include <string.h>

/**
 * hvp_licence_cores:
 * @sockets: processors of the server (at least 1)
 * @cores: physical cores, all processors
 *
 * Returns: the core licences one server needs: its cores, at least 8 per processor, at least 16,
 *   rounded up to whole 2-core packs
 */
guint
hvp_licence_cores (guint sockets, guint cores)
{
  guint per_processor = (cores + MAX (sockets, 1u) - 1) / MAX (sockets, 1u);
  guint64 licensed = (guint64) MAX (sockets, 1u)
                     * MAX (per_processor, (guint) HVP_LICENCE_MIN_CORES_PER_PROCESSOR);

  licensed = MAX (licensed, (guint64) HVP_LICENCE_MIN_CORES_PER_SERVER);
  licensed += licensed % HVP_LICENCE_CORES_PER_PACK;
  return licensed > G_MAXUINT ? G_MAXUINT : (guint) licensed;
}

/**
 * hvp_licence_rule:
 *
 * Returns: (transfer full): the licensing rules hvp_licence_price() applies and their source, in
 *   words, for the reports; free with g_free()
 */
char *
hvp_licence_rule (void)
{
  return g_strdup_printf (
    "Windows Server per-core licensing: every physical core, at least %d per processor and %d "
    "per server, in %d-core packs; Standard covers %d Windows VMs per full licensing of a host's "
    "cores and stacks, Datacenter any number (Microsoft, Windows Server licensing datasheet, "
    "microsoft.com/windows-server/pricing); a licence stays with its host, so each host is "
    "licensed for its VMs and those of the spare hosts' worth of the fullest others; only "
    "Windows VMs use Standard's VM rights: a VM whose guest operating system is known and not "
    "Windows (Hyper-V's KVP OSName, libvirt's libosinfo id) is not counted, one whose guest is "
    "unknown counts as a Windows VM", HVP_LICENCE_MIN_CORES_PER_PROCESSOR,
    HVP_LICENCE_MIN_CORES_PER_SERVER, HVP_LICENCE_CORES_PER_PACK,
    HVP_LICENCE_STANDARD_VMS_PER_LICENSING);
}

/**
 * hvp_licence_guest_is_windows:
 * @guest_os: (nullable): a VM's guest operating system as the model holds it (#HvpVm.guest_os):
 *   the `OSName` of Hyper-V's key-value pair exchange (Msvm_KvpExchangeComponent's
 *   GuestIntrinsicExchangeItems, learn.microsoft.com/windows/win32/hyperv_v2/
 *   msvm-kvpexchangecomponent: "Windows Server 2019 Datacenter", "Ubuntu 22.04.4 LTS") or a
 *   libosinfo id from a libvirt domain's metadata ("http://microsoft.com/win/2k19",
 *   "http://ubuntu.com/ubuntu/22.04")
 *
 * Whether the guest needs a Windows Server licence's VM rights.  Erring towards a larger bill:
 * any name with "windows" or "microsoft" in it (ASCII case ignored: Windows editions, Microsoft's
 * libosinfo ids, Hyper-V Server) is Windows; another name is not; no name is unknown.
 *
 * Returns: %HVP_TRISTATE_YES, %HVP_TRISTATE_NO, or %HVP_TRISTATE_UNKNOWN when @guest_os is %NULL
 *   or empty
 */
HvpTristate
hvp_licence_guest_is_windows (const char *guest_os)
{
  g_autofree char *lower = NULL;

  if (guest_os == NULL || *guest_os == '\0')
    return HVP_TRISTATE_UNKNOWN;
  lower = g_ascii_strdown (guest_os, -1);
  return HVP_TRISTATE_FROM_BOOL (strstr (lower, "windows") != NULL
                                 || strstr (lower, "microsoft") != NULL);
}

/**
 * hvp_licence_standard_licensings:
 * @windows_vms: Windows VMs the host may run at once
 *
 * Returns: full licensings of the host's cores with Standard: one per two VMs, at least one (the
 *   host itself)
 */
guint
hvp_licence_standard_licensings (guint windows_vms)
{
  return MAX (1u, (windows_vms + HVP_LICENCE_STANDARD_VMS_PER_LICENSING - 1)
                    / HVP_LICENCE_STANDARD_VMS_PER_LICENSING);
}

static int
compare_uint_descending (const void *a, const void *b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x > y ? -1 : x < y;
}

/* The price of one full licensing of @model's cores in @edition; %FALSE when the catalog gives
 * no price for it. */
static gboolean
full_licensing (const HvpCatalog *catalog, const HvpCatalogModel *model, HvpLicensing edition,
                guint64 *ret_price)
{
  gboolean standard = edition == HVP_LICENSING_STANDARD;
  guint packs = hvp_licence_cores (model->sockets, model->cores) / HVP_LICENCE_CORES_PER_PACK;

  if (standard ? model->has_standard_per_host : model->has_datacenter_per_host)
    {
      *ret_price = standard ? model->standard_per_host : model->datacenter_per_host;
      return TRUE;
    }
  if (!(standard ? catalog->has_standard_pack : catalog->has_datacenter_pack))
    return FALSE;
  if (!hvp_mul_uint64 (standard ? catalog->standard_pack : catalog->datacenter_pack, packs,
                       ret_price))
    *ret_price = G_MAXUINT64;
  return TRUE;
}

/* The licences of @n_hosts hosts in @edition; %FALSE without a price. */
static gboolean
edition_price (const HvpCatalog *catalog, const HvpCatalogModel *model, HvpLicensing edition,
               const guint *windows_vms, guint n_hosts, guint spare, guint64 *ret_price)
{
  g_autofree guint *sorted = g_memdup2 (windows_vms, MAX (n_hosts, 1u) * sizeof (guint));
  guint64 one, total = 0;

  if (!full_licensing (catalog, model, edition, &one))
    return FALSE;
  qsort (sorted, n_hosts, sizeof (guint), compare_uint_descending);
  for (guint h = 0; h < n_hosts; h++)
    {
      guint64 vms = windows_vms[h], licensings, price;
      guint taken = 0;
      gboolean own_skipped = FALSE;

      /* The VMs of the `spare` fullest other hosts may restart here: the largest counts but
       * one copy of this host's own. */
      for (guint k = 0; k < n_hosts && taken < spare; k++)
        {
          if (!own_skipped && sorted[k] == windows_vms[h])
            {
              own_skipped = TRUE;
              continue;
            }
          vms += sorted[k];
          taken++;
        }
      licensings = edition == HVP_LICENSING_STANDARD
                     ? hvp_licence_standard_licensings ((guint) MIN (vms, G_MAXUINT)) : 1;
      if (!hvp_mul_uint64 (one, licensings, &price))
        price = G_MAXUINT64;
      total = hvp_add_saturating (total, price);
    }
  *ret_price = total;
  return TRUE;
}

/**
 * hvp_licence_price:
 * @catalog: the catalog, with its 2-core pack prices
 * @model: the server model (sockets, cores, per-host licence prices)
 * @licensing: standard, datacenter or cheapest (not none)
 * @windows_vms: (array length=n_hosts): per host of the placement (spare hosts included, holding
 *   none), the Windows VMs on it
 * @n_hosts: hosts
 * @spare: hosts that may fail: each host is licensed for its VMs and those of the @spare other
 *   hosts that hold the most
 * @ret_edition: (out): the edition counted (with cheapest, the cheaper; ties: Datacenter)
 * @ret_price: (out): the licences of every host, in the catalog's currency
 *
 * Returns: %FALSE when the catalog gives no price for the edition(s) asked for
 */
gboolean
hvp_licence_price (const HvpCatalog *catalog, const HvpCatalogModel *model,
                   HvpLicensing licensing, const guint *windows_vms, guint n_hosts, guint spare,
                   HvpLicensing *ret_edition, guint64 *ret_price)
{
  guint64 standard = 0, datacenter = 0;
  gboolean has_standard, has_datacenter;

  g_return_val_if_fail (catalog != NULL && model != NULL, FALSE);
  g_return_val_if_fail (windows_vms != NULL || n_hosts == 0, FALSE);

  has_standard = licensing != HVP_LICENSING_DATACENTER
                 && edition_price (catalog, model, HVP_LICENSING_STANDARD, windows_vms, n_hosts,
                                   spare, &standard);
  has_datacenter = licensing != HVP_LICENSING_STANDARD
                   && edition_price (catalog, model, HVP_LICENSING_DATACENTER, windows_vms,
                                     n_hosts, spare, &datacenter);
  if (licensing == HVP_LICENSING_CHEAPEST && !(has_standard && has_datacenter))
    return FALSE;
  if (!has_standard && !has_datacenter)
    return FALSE;
  if (has_datacenter && (!has_standard || datacenter <= standard))
    {
      *ret_edition = HVP_LICENSING_DATACENTER;
      *ret_price = datacenter;
    }
  else
    {
      *ret_edition = HVP_LICENSING_STANDARD;
      *ret_price = standard;
    }
  return TRUE;
}
