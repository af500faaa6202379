/* Being written. */
#include <glib.h>
