/* hvplan fuzz target "server-facts": the document collect-server.ps1 writes ("hvplan-server/1",
 * collectors/server-facts/server-facts.c), in memory, and every automatic check of the guides run
 * on what was read (as source, destination and host at once).  A failure must be one HVP_ERROR
 * line. */
#include "t/fuzz/fuzz.h"

#include "collectors/server-facts/server-facts.h"
#include "planner/checklist.h"

static const char *const check_ids[] = {
  "admin-groups", "clock", "destination-64bit", "dhcp", "gateway", "one-adapter", "powershell-2",
  "preparation-tool-age", "sbs2003-service-packs", "vpn-off", "wsus-groups", "wsus-repoint",
  "wsus-storage",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (HvpServerFacts) facts = NULL;
  g_autoptr (GError) error = NULL;
  HvpCheckContext context = { .install_date = "2026-12-05" };

  facts = hvp_server_facts_parse ((const char *) data, size, "fuzz.json", &error);
  if (facts == NULL)
    {
      hvp_fuzz_check_error (error);
      return 0;
    }
  context.source = context.destination = context.host = facts;
  for (gsize i = 0; i < G_N_ELEMENTS (check_ids); i++)
    {
      const HvpGuideCheck *check = hvp_guide_check_find (check_ids[i]);
      g_autoptr (HvpCheckResult) result = NULL;

      g_assert (check != NULL);
      result = check->run (&context);
      g_assert (result != NULL && result->evidence != NULL);
    }
  return 0;
}
