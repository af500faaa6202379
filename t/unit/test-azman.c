/* Tests of collectors/azman: the [MS-AZMP] specification example, synthetic Hyper-V stores (the
 * default policy and a customized one), link cycles and hostile or broken input. */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "unit.h"
#include "collectors/azman/azman.h"
#include "planner/checks/security-items.h"

#define DOMAIN_SID "S-1-5-21-1004336348-1177238915-682003330-"

static char *
data_path (const char *name)
{
  const char *data = g_getenv ("HVP_DATA");

  g_assert_nonnull (data);
  return g_build_filename (data, "azman", name, NULL);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* @text with the first @from replaced by @to; @from must occur. */
static char *
replace_first (const char *text, const char *from, const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

static HvpSecurity *
read_store (const char *text, gsize length)
{
  g_autoptr (HvpSecurity) security = hvp_security_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (hvp_azman_read (text, length, "store.xml", security, &error));
  g_assert_no_error (error);
  g_assert_true (security->store_read);
  return g_steal_pointer (&security);
}

static void
assert_strings (const GPtrArray *array, const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (array->len, n); i++)
    g_assert_cmpstr (g_ptr_array_index (array, i), ==, expected[i]);
  g_assert_cmpuint (array->len, ==, n);
}

/* hvp_azman_read() fails with HVP_ERROR_DATA (exit 65), mentions every fragment, and leaves the
 * security settings as they were. */
static void
assert_rejected (const char *text, gsize length, const char *const *fragments)
{
  g_autoptr (HvpSecurity) security = hvp_security_new ();
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (security->scopes, hvp_az_scope_new ("Before", NULL));
  g_assert_false (hvp_azman_read (text, length, "store.xml", security, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  g_assert_cmpint (hvp_error_exit_status (error), ==, 65);
  for (guint i = 0; fragments[i] != NULL; i++)
    if (strstr (error->message, fragments[i]) == NULL)
      g_error ("'%s' does not contain '%s'", error->message, fragments[i]);
  g_assert_false (security->store_read);
  g_assert_cmpuint (security->scopes->len, ==, 1);
  g_assert_cmpuint (security->role_assignments->len, ==, 0);
}

static void
test_specification_example (void)
{
  g_autofree char *text = read_data ("MS-AZMP_section3_example.xml");
  g_autoptr (HvpSecurity) security = read_store (text, strlen (text));
  g_autoptr (GPtrArray) items = NULL;
  const HvpRoleAssignment *role;
  /* Role Assignment #1: its own Member, App Group #1 (Basic: two Members, NonMembers that are not
   * members anyway, and an AppMemberLink to the LDAP-query global group #2), and global group
   * #1 (Basic, no members). */
  const char *const members[] = {
    "LdapQuery group 'AzMan Global Group#2 LDAP Query Application Group'",
    "S-1-5-21-1022818538-2633080746-2542160322-501",
    "S-1-5-21-3104031619-1062013444-2593988815-1115",
    "S-1-5-21-3104031619-1062013444-2593988815-1118",
    NULL,
  };
  /* TaskLink 82a494ed → "Role Definition #1" → TaskLink 26834981 → "Task #1" → OperationLinks
   * 8f274e4c, 943864c8. */
  const char *const operations[] = { "Operation #1", "Operation #2", NULL };

  g_assert_cmpstr (security->service_application, ==, "Application#1");
  g_assert_cmpuint (security->scopes->len, ==, 0);
  g_assert_cmpuint (security->role_assignments->len, ==, 1);
  role = g_ptr_array_index (security->role_assignments, 0);
  g_assert_null (role->scope);
  g_assert_cmpstr (role->name, ==, "Role Assignment #1");
  g_assert_cmpstr (role->role_definition, ==, "Role Definition #1");
  assert_strings (role->members, members);
  assert_strings (role->operations, operations);
  g_assert_true (role->customized);

  items = hvp_security_customizations (security);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((HvpSecurityItem *) g_ptr_array_index (items, 0))->kind, ==,
                   HVP_SECURITY_ITEM_ROLE_ASSIGNMENT);
  g_assert_cmpstr (((HvpSecurityItem *) g_ptr_array_index (items, 0))->subject, ==,
                   "(default)/Role Assignment #1");
}

static void
test_default_store (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-default.xml");
  g_autoptr (HvpSecurity) security = read_store (text, strlen (text));
  g_autoptr (GPtrArray) items = hvp_security_customizations (security);
  const HvpRoleAssignment *role;

  g_assert_cmpstr (security->service_application, ==, "Hyper-V services");
  g_assert_cmpuint (security->scopes->len, ==, 0);
  g_assert_cmpuint (security->role_assignments->len, ==, 1);
  role = g_ptr_array_index (security->role_assignments, 0);
  g_assert_cmpstr (role->name, ==, "Administrator");
  g_assert_cmpstr (role->role_definition, ==, "Administrator");
  g_assert_cmpuint (role->members->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (role->members, 0), ==, "S-1-5-32-544");
  g_assert_cmpuint (role->operations->len, ==, 21);
  g_assert_false (role->customized);
  g_assert_cmpuint (items->len, ==, 0);
}

/* The default store with one change is no longer the default policy. */
static void
test_default_changed (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-default.xml");
  /* The role definition loses its first operation link. */
  const char *link = strstr (strstr (text, "RoleDefinition=\"True\""), "<OperationLink>");
  g_autofree char *reduced = g_strdup_printf ("%.*s%s", (int) (link - text), text,
                                              strstr (link, "</OperationLink>") + 16);
  g_autofree char *other_member = replace_first (text, "S-1-5-32-544", "S-1-5-32-578");
  g_autofree char *renamed = replace_first (text, "Name=\"Administrator\" Description=\"\"",
                                            "Name=\"Admins\" Description=\"\"");
  const char *const variants[] = { reduced, other_member, renamed };
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr (HvpSecurity) security = read_store (variants[i], strlen (variants[i]));
      g_autoptr (GPtrArray) items = hvp_security_customizations (security);
      const HvpRoleAssignment *role = g_ptr_array_index (security->role_assignments, 0);

      g_assert_true (role->customized);
      g_assert_cmpuint (items->len, ==, 1);
    }
}

static const HvpRoleAssignment *
find_role (const HvpSecurity *security, const char *name)
{
  for (guint i = 0; i < security->role_assignments->len; i++)
    {
      const HvpRoleAssignment *role = g_ptr_array_index (security->role_assignments, i);

      if (g_strcmp0 (role->name, name) == 0)
        return role;
    }
  g_error ("no role assignment '%s'", name);
}

static void
test_customized_store (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-customized.xml");
  g_autoptr (HvpSecurity) security = read_store (text, strlen (text));
  g_autoptr (GPtrArray) items = hvp_security_customizations (security);
  const HvpRoleAssignment *role;
  const HvpAzScope *scope;
  const char *const helpdesk_members[] = { DOMAIN_SID "1104", NULL };
  const char *const viewer_operations[] = { "Read Service Configuration",
                                            "View Virtual Machine Configuration", NULL };
  /* Operators: 2001, 2002 and the nested Contractors (3001, 3002) minus NonMember 3002. */
  const char *const operators_members[] = { DOMAIN_SID "2001", DOMAIN_SID "2002",
                                            DOMAIN_SID "3001", NULL };
  /* VM Operator: task Power (three operations, linked with a braced upper-case GUID), role
   * definition VM Viewer (two) and one operation of its own. */
  const char *const operator_operations[] = {
    "Allow Input to Virtual Machine", "Pause and Restart Virtual Machine",
    "Read Service Configuration",     "Start Virtual Machine",
    "Stop Virtual Machine",           "View Virtual Machine Configuration",
    NULL,
  };
  const char *const finance_members[] = { DOMAIN_SID "1105", NULL };
  const struct {
    HvpSecurityItemKind kind;
    const char *subject;
  } expected[] = {
    { HVP_SECURITY_ITEM_SCOPE, "Finance" },
    { HVP_SECURITY_ITEM_ROLE_ASSIGNMENT, "(default)/Helpdesk" },
    { HVP_SECURITY_ITEM_ROLE_ASSIGNMENT, "(default)/Operators on call" },
    { HVP_SECURITY_ITEM_ROLE_ASSIGNMENT, "Finance/Finance operators" },
  };

  g_assert_cmpuint (security->scopes->len, ==, 1);
  scope = g_ptr_array_index (security->scopes, 0);
  g_assert_cmpstr (scope->name, ==, "Finance");
  g_assert_cmpstr (scope->description, ==, "Finance department VMs");
  g_assert_cmpuint (security->role_assignments->len, ==, 4);

  role = find_role (security, "Administrator");
  g_assert_false (role->customized);
  role = find_role (security, "Helpdesk");
  g_assert_null (role->scope);
  g_assert_cmpstr (role->role_definition, ==, "VM Viewer");
  assert_strings (role->members, helpdesk_members);
  assert_strings (role->operations, viewer_operations);
  g_assert_true (role->customized);
  role = find_role (security, "Operators on call");
  g_assert_cmpstr (role->role_definition, ==, "VM Operator");
  assert_strings (role->members, operators_members);
  assert_strings (role->operations, operator_operations);
  g_assert_true (role->customized);
  role = find_role (security, "Finance operators");
  g_assert_cmpstr (role->scope, ==, "Finance");
  assert_strings (role->members, finance_members);
  assert_strings (role->operations, operator_operations);
  g_assert_true (role->customized);

  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const HvpSecurityItem *item = g_ptr_array_index (items, i);

      g_assert_cmpint (item->kind, ==, expected[i].kind);
      g_assert_cmpstr (item->subject, ==, expected[i].subject);
      g_assert_nonnull (item->detail);
      g_assert_nonnull (item->remedy);
    }
  g_assert_nonnull (strstr (((HvpSecurityItem *) g_ptr_array_index (items, 1))->detail,
                            DOMAIN_SID "1104"));
}

/* A UTF-16LE copy with a BOM reads the same. */
static void
test_utf16 (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-customized.xml");
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *utf16 = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &length, &error);
  g_autofree char *with_bom = NULL;
  g_autoptr (HvpSecurity) security = NULL;

  g_assert_no_error (error);
  with_bom = g_malloc (length + 2);
  with_bom[0] = (char) 0xFF;
  with_bom[1] = (char) 0xFE;
  memcpy (with_bom + 2, utf16, length);
  security = read_store (with_bom, length + 2);
  g_assert_cmpuint (security->role_assignments->len, ==, 4);
  g_assert_true (hvp_azman_sniff (with_bom, length + 2));
}

/* The registry's ServiceApplication picks the application. */
static void
test_service_application (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-default.xml");
  g_autoptr (HvpSecurity) security = hvp_security_new ();
  g_autoptr (GError) error = NULL;
  const char *const fragments[] = { "no application 'Other'", "'Hyper-V services'", NULL };

  security->service_application = g_strdup ("Other");
  g_assert_false (hvp_azman_read (text, strlen (text), "store.xml", security, &error));
  g_assert_error (error, HVP_ERROR, HVP_ERROR_DATA);
  for (guint i = 0; fragments[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, fragments[i]));
}

#define STORE_HEAD                                                                                \
  "<?xml version=\"1.0\"?>\n<AzAdminManager MajorVersion=\"2\" MinorVersion=\"0\" "              \
  "Guid=\"00000000-0000-0000-0000-000000000001\">\n"                                              \
  " <AzApplication Guid=\"00000000-0000-0000-0000-000000000002\" Name=\"Hyper-V services\">\n"   \
  "  <AzOperation Guid=\"00000000-0000-0000-0000-000000000003\" Name=\"Start Virtual Machine\">" \
  "<OperationID>1</OperationID></AzOperation>\n"
#define STORE_TAIL " </AzApplication>\n</AzAdminManager>\n"

static void
test_task_cycle (void)
{
  const char *text
    = STORE_HEAD
    "  <AzTask Guid=\"00000000-0000-0000-0000-00000000000a\" Name=\"A\" RoleDefinition=\"True\">"
    "<TaskLink>00000000-0000-0000-0000-00000000000b</TaskLink></AzTask>\n"
    "  <AzTask Guid=\"00000000-0000-0000-0000-00000000000b\" Name=\"B\">"
    "<OperationLink>00000000-0000-0000-0000-000000000003</OperationLink>\n"
    "<TaskLink>00000000-0000-0000-0000-00000000000A</TaskLink></AzTask>\n"
    "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\" Name=\"R\">"
    "<TaskLink>00000000-0000-0000-0000-00000000000a</TaskLink><Member>S-1-5-32-544</Member>"
    "</AzRole>\n" STORE_TAIL;
  const char *const fragments[] = { "link cycle", "task 'B' links back to 'A'", "(line 7)", NULL };

  assert_rejected (text, strlen (text), fragments);
}

static void
test_group_cycle (void)
{
  const char *text
    = STORE_HEAD
    "  <AzApplicationGroup Guid=\"00000000-0000-0000-0000-00000000000d\" Name=\"G1\" "
    "GroupType=\"Basic\"><AppMemberLink>00000000-0000-0000-0000-00000000000e</AppMemberLink>"
    "</AzApplicationGroup>\n"
    "  <AzApplicationGroup Guid=\"00000000-0000-0000-0000-00000000000e\" Name=\"G2\" "
    "GroupType=\"Basic\"><Member>S-1-5-21-1-2-3-1000</Member>"
    "<AppMemberLink>{00000000-0000-0000-0000-00000000000D}</AppMemberLink></AzApplicationGroup>\n"
    "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\" Name=\"R\">"
    "<AppMemberLink>00000000-0000-0000-0000-00000000000d</AppMemberLink></AzRole>\n" STORE_TAIL;
  const char *const fragments[] = { "link cycle", "application group 'G1' is a member of itself",
                                    "(line 5)", NULL };

  assert_rejected (text, strlen (text), fragments);
}

/* A task reached twice (a diamond) is no cycle. */
static void
test_diamond (void)
{
  const char *text
    = STORE_HEAD
    "  <AzTask Guid=\"00000000-0000-0000-0000-00000000000a\" Name=\"A\" RoleDefinition=\"True\">"
    "<TaskLink>00000000-0000-0000-0000-00000000000b</TaskLink>"
    "<TaskLink>00000000-0000-0000-0000-00000000000f</TaskLink></AzTask>\n"
    "  <AzTask Guid=\"00000000-0000-0000-0000-00000000000b\" Name=\"B\">"
    "<TaskLink>00000000-0000-0000-0000-00000000000f</TaskLink></AzTask>\n"
    "  <AzTask Guid=\"00000000-0000-0000-0000-00000000000f\" Name=\"F\">"
    "<OperationLink>00000000-0000-0000-0000-000000000003</OperationLink></AzTask>\n"
    "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\" Name=\"Administrator\">"
    "<TaskLink>00000000-0000-0000-0000-00000000000a</TaskLink><Member>s-1-5-32-544</Member>"
    "</AzRole>\n" STORE_TAIL;
  g_autoptr (HvpSecurity) security = read_store (text, strlen (text));
  const HvpRoleAssignment *role = g_ptr_array_index (security->role_assignments, 0);
  const char *const operations[] = { "Start Virtual Machine", NULL };

  assert_strings (role->operations, operations);
  /* Members are upper-cased; the assignment is the default policy's. */
  g_assert_cmpstr (g_ptr_array_index (role->members, 0), ==, "S-1-5-32-544");
  g_assert_false (role->customized);
}

/* A hostile chain of task links is refused, not followed until the stack runs out. */
static void
test_deep_links (void)
{
  g_autoptr (GString) text = g_string_new (STORE_HEAD);
  const char *const fragments[] = { "task links nested deeper than 256 levels", NULL };
  /* 1,000 links pass the 256-level limit; the expensive run (HACKING.md) makes it 100,000, to
   * show that the walk neither recurses per link nor turns quadratic. */
  const guint n = hvp_test_expensive () ? 100000 : 1000;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "  <AzTask Guid=\"00000000-0000-0000-0001-%012x\" Name=\"T%u\">"
                            "<TaskLink>00000000-0000-0000-0001-%012x</TaskLink></AzTask>\n",
                            i, i, i + 1);
  g_string_append_printf (text,
                          "  <AzTask Guid=\"00000000-0000-0000-0001-%012x\" Name=\"last\">"
                          "<OperationLink>00000000-0000-0000-0000-000000000003</OperationLink>"
                          "</AzTask>\n"
                          "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\" Name=\"R\">"
                          "<TaskLink>00000000-0000-0000-0001-000000000000</TaskLink></AzRole>\n",
                          n);
  g_string_append (text, STORE_TAIL);
  assert_rejected (text->str, text->len, fragments);
}

static void
test_bad_links (void)
{
  const struct {
    const char *body;
    const char *fragment;
  } cases[] = {
    { "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\" Name=\"R\">"
      "<TaskLink>00000000-0000-0000-0000-0000000000ff</TaskLink></AzRole>\n",
      "'00000000-0000-0000-0000-0000000000ff' names no object of the store (line 5)" },
    { "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\" Name=\"R\">"
      "<TaskLink>00000000-0000-0000-0000-000000000003</TaskLink></AzRole>\n",
      "names a AzOperation (line 4), not a AzTask" },
    { "  <AzRole Guid=\"00000000-0000-0000-0000-000000000003\" Name=\"R\"/>\n",
      "Guid '00000000-0000-0000-0000-000000000003' is used twice (first on line 4)" },
    { "  <AzRole Name=\"R\"/>\n", "'R' has no Guid" },
    { "  <AzRole Guid=\"00000000-0000-0000-0000-00000000000c\"/>\n", "role assignment has no Name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strconcat (STORE_HEAD, cases[i].body, STORE_TAIL, NULL);
      const char *const fragments[] = { "'store.xml'", cases[i].fragment, NULL };

      assert_rejected (text, strlen (text), fragments);
    }
}

static void
test_bad_doctype (void)
{
  const char *const doctypes[] = {
    "<!DOCTYPE AzAdminManager [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n",
    "<!DOCTYPE AzAdminManager [<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/hvplan\">]>\n",
    "<!DOCTYPE AzAdminManager SYSTEM \"http://127.0.0.1:9/hvplan.dtd\">\n",
    ("<!DOCTYPE AzAdminManager [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;\">"
     "<!ENTITY xxe \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"),
  };
  const char *const fragments[] = { "has a DOCTYPE: refused", NULL };
  g_autofree char *text = read_data ("synthetic/hyperv-default.xml");

  for (guint i = 0; i < G_N_ELEMENTS (doctypes); i++)
    {
      g_autofree char *start = g_strconcat (doctypes[i], "<AzAdminManager", NULL);
      g_autofree char *with_doctype = replace_first (text, "<AzAdminManager", start);
      g_autofree char *hostile = replace_first (with_doctype, "Name=\"Administrator\" Description=\"\"",
                                                "Name=\"&xxe;\" Description=\"\"");

      assert_rejected (hostile, strlen (hostile), fragments);
    }
}

/* Without a DOCTYPE an entity reference is undeclared: a parse error, never an expansion. */
static void
test_bad_entity (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-default.xml");
  g_autofree char *hostile = replace_first (text, "Name=\"Administrator\" Description=\"\"",
                                            "Name=\"&xxe;\" Description=\"\"");
  const char *const fragments[] = { "cannot parse 'store.xml'", "line ", "xxe", NULL };

  assert_rejected (hostile, strlen (hostile), fragments);
}

static void
test_bad_malformed (void)
{
  g_autofree char *text = read_data ("synthetic/hyperv-default.xml");
  g_autofree char *broken = replace_first (text, "</AzTask>", "</AzTsk>");
  const char *const fragments[] = { "cannot parse 'store.xml': line 90:", "AzTsk", NULL };
  const char *const empty[] = { "'store.xml' is empty", NULL };
  const char *const not_store[] = { "not an Authorization Manager store", "'configuration'", NULL };
  const char *const configuration = "<?xml version=\"1.0\"?><configuration/>";

  assert_rejected (broken, strlen (broken), fragments);
  assert_rejected (text, 0, empty);
  assert_rejected (text, 200, (const char *const[]){ "cannot parse 'store.xml': line ", NULL });
  assert_rejected (configuration, strlen (configuration), not_store);
  g_assert_false (hvp_azman_sniff (configuration, strlen (configuration)));
}

/* The SOURCE collector: probe by root element, security attached to the unnamed host. */
static void
test_collector (void)
{
  g_autofree char *store = data_path ("synthetic/hyperv-customized.xml");
  g_autofree char *other = g_build_filename (g_getenv ("HVP_DATA"), "hyperv-xml",
                                             "mwrock-packer-templates_2012R2_vm.XML", NULL);
  const char *const sources[] = { store, NULL };
  g_autoptr (GError) error = NULL;
  const HvpCollector *collector = hvp_collector_for (store, &error);
  g_autoptr (HvpInventory) inventory = NULL;
  const HvpHost *host;

  g_assert_no_error (error);
  g_assert_nonnull (collector);
  g_assert_cmpstr (collector->name, ==, "azman");
  g_assert_cmpuint (hvp_collector_azman.probe (other), ==, 0);
  inventory = hvp_collect (sources, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inventory->hosts->len, ==, 1);
  host = g_ptr_array_index (inventory->hosts, 0);
  g_assert_null (host->name);
  g_assert_nonnull (host->security);
  g_assert_true (host->security->store_read);
  g_assert_cmpstr (host->security->store_location, ==, store);
  g_assert_cmpuint (host->security->role_assignments->len, ==, 4);
}

/* A link whose text spans lines is quoted in the message, which stays one line (found by the
 * azman fuzz target). */
static void
test_bad_link_newline (void)
{
  const char *text =
    "<AzAdminManager MajorVersion=\"2\" MinorVersion=\"0\">"
    "<AzApplication Guid=\"{11111111-1111-1111-1111-111111111111}\" Name=\"Hyper-V services\">"
    "<AzRole Guid=\"{22222222-2222-2222-2222-222222222222}\" Name=\"R\">"
    "<TaskLink>first line\nsecond line</TaskLink></AzRole></AzApplication></AzAdminManager>";
  const char *const fragments[] = { "TaskLink", "names no object", NULL };
  g_autoptr (HvpSecurity) security = hvp_security_new ();
  g_autoptr (GError) error = NULL;

  assert_rejected (text, strlen (text), fragments);
  g_assert_false (hvp_azman_read (text, strlen (text), "store.xml", security, &error));
  g_assert_null (strchr (error->message, '\n'));
}

HVP_TEST_SUITE (azman)
{
  g_test_add_func ("/collectors/azman/specification-example", test_specification_example);
  g_test_add_func ("/collectors/azman/default", test_default_store);
  g_test_add_func ("/collectors/azman/default-changed", test_default_changed);
  g_test_add_func ("/collectors/azman/customized", test_customized_store);
  g_test_add_func ("/collectors/azman/utf16", test_utf16);
  g_test_add_func ("/collectors/azman/service-application", test_service_application);
  g_test_add_func ("/collectors/azman/cycle/task", test_task_cycle);
  g_test_add_func ("/collectors/azman/cycle/group", test_group_cycle);
  g_test_add_func ("/collectors/azman/diamond", test_diamond);
  g_test_add_func ("/collectors/azman/bad/links", test_bad_links);
  g_test_add_func ("/collectors/azman/bad/deep-links", test_deep_links);
  g_test_add_func ("/collectors/azman/bad/doctype", test_bad_doctype);
  g_test_add_func ("/collectors/azman/bad/entity", test_bad_entity);
  g_test_add_func ("/collectors/azman/bad/malformed", test_bad_malformed);
  g_test_add_func ("/collectors/azman/bad/link-newline", test_bad_link_newline);
  g_test_add_func ("/collectors/azman/collector", test_collector);
}
