/* hvplan: reads the document collect-server.ps1 writes ("hvplan-server/1", README.md beside). */
#pragma once

#include <glib.h>

#include "collectors/collector.h"
#include "models/server-facts.h"

G_BEGIN_DECLS

/* The "schema" value of the document (README.md beside this file). */
#define HVP_SERVER_FACTS_SCHEMA "hvplan-server/1"

HvpServerFacts *hvp_server_facts_parse (const char *text, gsize length, const char *file,
                                        GError **error);
HvpServerFacts *hvp_server_facts_read_file (const char *file, const HvpCollectOptions *options,
                                            GError **error);

G_END_DECLS
