/* Unit tests for collectors/uri.c: the secrets of a source URI (user-info password, secret query
 * parameters) removed, everything else kept byte for byte. */
#include "unit.h"
#include "collectors/uri.h"

typedef struct {
  const char *source;
  const char *expected;
  gboolean removed;
} Case;

static void
check_cases (const Case *cases, gsize n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      gboolean removed = !cases[i].removed;
      g_autofree char *result = hvp_uri_without_secrets (cases[i].source, &removed);

      g_test_message ("%s", cases[i].source);
      g_assert_cmpstr (result, ==, cases[i].expected);
      g_assert_cmpint (removed, ==, cases[i].removed);
    }
}

/* Sources without a secret come back as they were: files, folders, URIs with a user, a port, a
 * query libvirt reads (uri.html "Extra parameters"), an empty query, a fragment. */
static void
test_unchanged (void)
{
  static const Case cases[] = {
    { "source-host.json", "source-host.json", FALSE },
    { "/srv/hyperv/Virtual Machines", "/srv/hyperv/Virtual Machines", FALSE },
    { "test:///default", "test:///default", FALSE },
    { "test:///tmp/a@b/node.xml", "test:///tmp/a@b/node.xml", FALSE },
    { "qemu+ssh://admin@kvm1/system", "qemu+ssh://admin@kvm1/system", FALSE },
    { "qemu+ssh://admin@kvm1:2222/system?keyfile=/k&no_verify=1",
      "qemu+ssh://admin@kvm1:2222/system?keyfile=/k&no_verify=1", FALSE },
    { "hyperv://hv1/?transport=http", "hyperv://hv1/?transport=http", FALSE },
    { "test:///default?", "test:///default?", FALSE },
    { "qemu:///system?authfile=/etc/libvirt/auth.conf#x",
      "qemu:///system?authfile=/etc/libvirt/auth.conf#x", FALSE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* RFC 3986 section 3.2.1: user-info is "user:password" (deprecated) and ends at '@'; hvplan cuts
 * it to the user, at the last '@' of the authority so that a password with '@' goes whole, and
 * cuts ";auth=" parameters too. */
static void
test_user_info (void)
{
  static const Case cases[] = {
    { "qemu+ssh://admin:secret@kvm1/system", "qemu+ssh://admin@kvm1/system", TRUE },
    { "hyperv://administrator:S3cret!@hv1/?transport=http",
      "hyperv://administrator@hv1/?transport=http", TRUE },
    { "qemu+ssh://admin:p@ss@kvm1/system", "qemu+ssh://admin@kvm1/system", TRUE },
    { "qemu+ssh://admin:a:b@kvm1:22/system", "qemu+ssh://admin@kvm1:22/system", TRUE },
    { "qemu+ssh://admin;auth=x:pw@kvm1/system", "qemu+ssh://admin@kvm1/system", TRUE },
    { "qemu+ssh://:secret@kvm1/system", "qemu+ssh://@kvm1/system", TRUE },
    { "test://admin:secret@/tmp/node.xml", "test://admin@/tmp/node.xml", TRUE },
    { "qemu+ssh://admin:%73ecret@kvm1/system", "qemu+ssh://admin@kvm1/system", TRUE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Query parameters: '&' and ';' separate them (libvirt virURIParseParams()); a key holding pass,
 * pwd, secret, token or credential, in any case or percent-encoded, is dropped with its value. */
static void
test_query (void)
{
  static const Case cases[] = {
    { "test:///default?password=secret", "test:///default", TRUE },
    { "qemu+ssh://kvm1/system?keyfile=/k&password=secret&no_tty=1",
      "qemu+ssh://kvm1/system?keyfile=/k&no_tty=1", TRUE },
    { "qemu+ssh://kvm1/system?PassWord=s;mode=direct", "qemu+ssh://kvm1/system?mode=direct", TRUE },
    { "qemu+ssh://kvm1/system?%70assword=s", "qemu+ssh://kvm1/system", TRUE },
    { "esx://h/?api_token=t&client_secret=s&pwd=p&credentials=c&no_verify=1",
      "esx://h/?no_verify=1", TRUE },
    { "qemu+ssh://u:p@kvm1/system?password=s#frag", "qemu+ssh://u@kvm1/system#frag", TRUE },
    { "test:///default?password", "test:///default", TRUE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* A URI GLib cannot parse (a password with '/', a broken IPv6 host): "***" from "://" to the last
 * '@', secret query parameters dropped; the password is in none of them. */
static void
test_unparsable (void)
{
  static const Case cases[] = {
    { "qemu+ssh://admin:se/cret@kvm1/system", "qemu+ssh://***@kvm1/system", TRUE },
    { "hyperv://u:pw@[bad/", "hyperv://***@[bad/", TRUE },
    { "hyperv://[bad/?password=pw&x=1", "hyperv://[bad/?x=1", TRUE },
    { "hyperv://[bad/", "hyperv://[bad/", FALSE },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

HVP_TEST_SUITE (uri)
{
  g_test_add_func ("/collectors/uri/unchanged", test_unchanged);
  g_test_add_func ("/collectors/uri/user-info", test_user_info);
  g_test_add_func ("/collectors/uri/query", test_query);
  g_test_add_func ("/collectors/uri/unparsable", test_unparsable);
}
