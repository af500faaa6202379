/* hvplan: what the libvirt module (hvplan-libvirt.so, built from libvirt.c) offers the program
 * that loads it (collectors/libvirt/loader.c).  Only the loader and libvirt.c include this. */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "collectors/module.h"
#include "models/processor.h"

G_BEGIN_DECLS

/* Raised whenever the table below changes, so a stale module from an older build is refused. */
#define HVP_LIBVIRT_MODULE_ABI 1

/**
 * HvpLibvirtModule:
 * @header: %HVP_LIBVIRT_MODULE_ABI and the version of the build that made the module
 * @collect: the libvirt collector's #HvpCollector collect function
 * @compare_descriptions: the #HvpProcessorComparator that compares `<cpu>` descriptions
 *
 * The one symbol (`hvp_libvirt_module`) the loader looks up in the module.
 */
typedef struct {
  HvpModuleHeader header;
  gboolean (*collect) (const char *source, const HvpCollectOptions *options,
                       HvpInventory *inventory, GError **error);
  HvpProcessorComparator compare_descriptions;
} HvpLibvirtModule;

#define HVP_LIBVIRT_MODULE_SYMBOL "hvp_libvirt_module"

extern const HvpLibvirtModule hvp_libvirt_module;

G_END_DECLS
