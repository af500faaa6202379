/* hvplan: the Authorization Manager (AzMan) XML policy store, InitialStore.xml.
 *
 * Implements /work/shared/formats.md section 3.2, which follows [MS-AZMP] "Authorization Manager
 * (AzMan) Policy File Format" v20240423, section 2 (the XML elements) and section 3 (the
 * example), and resolves who can do what as section 3.2 says: AzRole.Member/AppMemberLink
 * (application groups expanded, minus NonMember) → TaskLink → AzTask (RoleDefinition) →
 * TaskLink/OperationLink, recursively → AzOperation.  The default Hyper-V policy (formats.md 3.1:
 * one "Administrator" role assignment of the default scope to BUILTIN\Administrators, granting
 * every operation) is what a store is compared with.  See README.md beside this file. */
#include "collectors/azman/azman.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "collectors/xml.h"

/* The application Hyper-V uses when the registry names none (formats.md 3.1). */
#define HYPERV_APPLICATION "Hyper-V services"

/* How deep task links or nested application groups may go: the expansion recurses, and a hostile
 * store could chain millions of links.  Real stores nest a few levels. */
#define MAX_LINK_DEPTH 256

/* ------------------------------------------------------------------------------------------------
 * The store's objects
 */

typedef enum {
  OBJECT_GROUP,
  OBJECT_TASK,
  OBJECT_OPERATION,
} ObjectKind;

typedef struct {
  const char *file;
  GHashTable *by_guid;       /* lower-case GUID without braces → xmlNode (borrowed) */
  GHashTable *group_members; /* xmlNode of a group → GHashTable set of members (memo) */
  GHashTable *expanding;     /* xmlNode → itself: groups or tasks being expanded (cycle check) */
} Store;

static void
store_clear (Store *store)
{
  g_clear_pointer (&store->by_guid, g_hash_table_unref);
  g_clear_pointer (&store->group_members, g_hash_table_unref);
  g_clear_pointer (&store->expanding, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Store, store_clear)

static gboolean
is_element (const xmlNode *node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

/* An attribute's value, or NULL when absent. */
static char *
attribute (const xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

/* An attribute's value, NULL when absent or empty. */
static char *
nonempty_attribute (const xmlNode *node, const char *name)
{
  char *value = attribute (node, name);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* The text of a leaf, trimmed of white space. */
static char *
element_text (const xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup (content != NULL ? (const char *) content : "");

  xmlFree (content);
  return g_strstrip (text);
}

/* Lower case, without braces: "{3736A1F3-…}" → "3736a1f3-…". */
static char *
guid_normalize (const char *text)
{
  gsize length = strlen (text);

  if (length >= 2 && text[0] == '{' && text[length - 1] == '}')
    return g_ascii_strdown (text + 1, (gssize) length - 2);
  return g_ascii_strdown (text, (gssize) length);
}

/* The "Name" attribute, else "<ELEMENT>", for messages. */
static char *
object_label (const xmlNode *node)
{
  char *name = attribute (node, "Name");

  if (name != NULL)
    return name;
  return g_strdup_printf ("<%s>", (const char *) node->name);
}

static gboolean G_GNUC_PRINTF (4, 5)
store_fail (const Store *store, const xmlNode *node, GError **error, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "'%s': %s: %s (line %ld)", store->file,
               (const char *) node->name, message, xmlGetLineNo (node));
  return FALSE;
}

static gboolean
index_objects (Store *store, xmlNode *parent, GError **error)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      g_autofree char *guid = NULL;
      g_autofree char *key = NULL;
      xmlNode *existing;

      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (!is_element (node, "AzApplicationGroup") && !is_element (node, "AzTask")
          && !is_element (node, "AzOperation") && !is_element (node, "AzRole")
          && !is_element (node, "AzScope") && !is_element (node, "AzApplication"))
        continue;
      guid = attribute (node, "Guid");
      if (guid == NULL || guid[0] == '\0')
        {
          g_autofree char *label = object_label (node);

          return store_fail (store, node, error, "'%s' has no Guid", label);
        }
      key = guid_normalize (guid);
      existing = g_hash_table_lookup (store->by_guid, key);
      if (existing != NULL)
        return store_fail (store, node, error, "Guid '%s' is used twice (first on line %ld)", guid,
                           xmlGetLineNo (existing));
      g_hash_table_insert (store->by_guid, g_steal_pointer (&key), node);
      if ((is_element (node, "AzApplication") || is_element (node, "AzScope"))
          && !index_objects (store, node, error))
        return FALSE;
    }
  return TRUE;
}

/* The object a link element (TaskLink, OperationLink, AppMemberLink...) names, which must be a
 * @want element. */
static xmlNode *
resolve_link (const Store *store, const xmlNode *link, const char *want, GError **error)
{
  g_autofree char *text = element_text (link);
  g_autofree char *key = guid_normalize (text);
  xmlNode *target = g_hash_table_lookup (store->by_guid, key);

  if (target == NULL)
    {
      store_fail (store, link, error, "'%s' names no object of the store", text);
      return NULL;
    }
  if (!is_element (target, want))
    {
      store_fail (store, link, error, "'%s' names a %s (line %ld), not a %s", text,
                  (const char *) target->name, xmlGetLineNo (target), want);
      return NULL;
    }
  return target;
}

static void
set_add_all (GHashTable *to, GHashTable *from)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (to, g_strdup (key));
}

static void
set_remove_all (GHashTable *from, GHashTable *removed)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, removed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (from, key);
}

static GHashTable *
string_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GHashTable *expand_group (Store *store, xmlNode *group, GError **error);

/* Adds the members of every group that @parent's @link_name children name. */
static gboolean
add_linked_groups (Store *store, xmlNode *parent, const char *link_name, GHashTable *members,
                   GError **error)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      xmlNode *group;
      GHashTable *group_members;

      if (!is_element (child, link_name))
        continue;
      group = resolve_link (store, child, "AzApplicationGroup", error);
      if (group == NULL)
        return FALSE;
      group_members = expand_group (store, group, error);
      if (group_members == NULL)
        return FALSE;
      set_add_all (members, group_members);
    }
  return TRUE;
}

static void
add_sids (xmlNode *parent, const char *element, GHashTable *members)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, element))
      {
        g_autofree char *sid = element_text (child);

        if (sid[0] != '\0')
          g_hash_table_add (members, g_ascii_strup (sid, -1));
      }
}

/* The members of an application group, memoized: Basic groups are their Member SIDs and the
 * members of the groups their AppMemberLinks name, minus their NonMember SIDs and the members of
 * the groups their AppNonMemberLinks name.  LdapQuery and Bizrule groups are decided when a
 * client connects; they stand for themselves as "LdapQuery group 'NAME'". */
static GHashTable *
expand_group (Store *store, xmlNode *group, GError **error)
{
  GHashTable *members = g_hash_table_lookup (store->group_members, group);
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  g_autoptr (GHashTable) non_members = NULL;

  if (members != NULL)
    return members;
  name = object_label (group);
  if (g_hash_table_contains (store->expanding, group))
    {
      store_fail (store, group, error, "link cycle: application group '%s' is a member of itself",
                  name);
      return NULL;
    }
  if (g_hash_table_size (store->expanding) >= MAX_LINK_DEPTH)
    {
      store_fail (store, group, error, "application groups nested deeper than %d levels",
                  MAX_LINK_DEPTH);
      return NULL;
    }
  type = attribute (group, "GroupType");
  members = string_set_new ();
  if (type != NULL && (strcmp (type, "LdapQuery") == 0 || strcmp (type, "Bizrule") == 0))
    {
      g_hash_table_add (members, g_strdup_printf ("%s group '%s'", type, name));
      g_hash_table_insert (store->group_members, group, members);
      return members;
    }
  g_hash_table_add (store->expanding, group);
  non_members = string_set_new ();
  add_sids (group, "Member", members);
  add_sids (group, "NonMember", non_members);
  if (!add_linked_groups (store, group, "AppMemberLink", members, error)
      || !add_linked_groups (store, group, "AppNonMemberLink", non_members, error))
    {
      g_hash_table_unref (members);
      return NULL;
    }
  g_hash_table_remove (store->expanding, group);
  set_remove_all (members, non_members);
  g_hash_table_insert (store->group_members, group, members);
  return members;
}

/* Adds the names of the operations @object (an AzTask or AzRole) links to, following task links;
 * @done holds the tasks already expanded for this role. */
static gboolean
add_operations (Store *store, xmlNode *object, GHashTable *operations, GHashTable *done,
                GError **error)
{
  if (g_hash_table_size (store->expanding) >= MAX_LINK_DEPTH)
    return store_fail (store, object, error, "task links nested deeper than %d levels",
                       MAX_LINK_DEPTH);
  g_hash_table_add (store->expanding, object);
  for (xmlNode *child = object->children; child != NULL; child = child->next)
    {
      if (is_element (child, "OperationLink"))
        {
          xmlNode *operation = resolve_link (store, child, "AzOperation", error);
          g_autofree char *name = NULL;

          if (operation == NULL)
            return FALSE;
          name = attribute (operation, "Name");
          if (name == NULL)
            return store_fail (store, operation, error, "operation has no Name");
          g_hash_table_add (operations, g_steal_pointer (&name));
        }
      else if (is_element (child, "TaskLink") && !is_element (object, "AzRole"))
        {
          xmlNode *task = resolve_link (store, child, "AzTask", error);

          if (task == NULL)
            return FALSE;
          if (g_hash_table_contains (store->expanding, task))
            {
              g_autofree char *from = object_label (object);
              g_autofree char *to = object_label (task);

              return store_fail (store, child, error, "link cycle: task '%s' links back to '%s'",
                                 from, to);
            }
          if (g_hash_table_contains (done, task))
            continue;
          if (!add_operations (store, task, operations, done, error))
            return FALSE;
        }
    }
  g_hash_table_remove (store->expanding, object);
  g_hash_table_add (done, object);
  return TRUE;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Moves a set's strings into @array, sorted. */
static void
set_to_sorted_array (GHashTable *set, GPtrArray *array)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (array, key);
    }
  g_ptr_array_sort (array, compare_strings);
}

static HvpRoleAssignment *
read_role (Store *store, xmlNode *role, const char *scope, GError **error)
{
  g_autofree char *name = attribute (role, "Name");
  g_autoptr (GString) definitions = g_string_new (NULL);
  g_autoptr (GHashTable) members = string_set_new ();
  g_autoptr (GHashTable) operations = string_set_new ();
  g_autoptr (GHashTable) done = g_hash_table_new (NULL, NULL);
  g_autoptr (HvpRoleAssignment) assignment = NULL;

  if (name == NULL)
    {
      store_fail (store, role, error, "role assignment has no Name");
      return NULL;
    }
  add_sids (role, "Member", members);
  if (!add_linked_groups (store, role, "AppMemberLink", members, error))
    return NULL;
  /* The role's own OperationLinks, then its TaskLinks: the role definition(s) it assigns. */
  if (!add_operations (store, role, operations, done, error))
    return NULL;
  for (xmlNode *child = role->children; child != NULL; child = child->next)
    {
      xmlNode *task;
      g_autofree char *task_name = NULL;

      if (!is_element (child, "TaskLink"))
        continue;
      task = resolve_link (store, child, "AzTask", error);
      if (task == NULL)
        return NULL;
      task_name = object_label (task);
      g_string_append_printf (definitions, "%s%s", definitions->len > 0 ? ", " : "", task_name);
      if (!g_hash_table_contains (done, task) && !add_operations (store, task, operations, done,
                                                                  error))
        return NULL;
    }
  assignment = hvp_role_assignment_new (scope, name,
                                        definitions->len > 0 ? definitions->str : NULL);
  set_to_sorted_array (members, assignment->members);
  set_to_sorted_array (operations, assignment->operations);
  return g_steal_pointer (&assignment);
}

/* The AzApplication Hyper-V uses: the one named @wanted, else "Hyper-V services", else the only
 * application of the store. */
static xmlNode *
find_application (const Store *store, xmlNode *root, const char *wanted, GError **error)
{
  xmlNode *only = NULL;
  guint count = 0;
  g_autoptr (GString) names = g_string_new (NULL);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      g_autofree char *name = NULL;

      if (!is_element (node, "AzApplication"))
        continue;
      name = attribute (node, "Name");
      if (g_strcmp0 (name, wanted != NULL ? wanted : HYPERV_APPLICATION) == 0)
        return node;
      g_string_append_printf (names, "%s'%s'", count > 0 ? ", " : "", name != NULL ? name : "");
      only = node;
      count++;
    }
  if (wanted == NULL && count == 1)
    return only;
  if (count == 0)
    store_fail (store, root, error, "the store has no AzApplication");
  else
    store_fail (store, root, error, "the store has no application '%s' (it has %s)",
                wanted != NULL ? wanted : HYPERV_APPLICATION, names->str);
  return NULL;
}

/* TRUE when every operation of @application is in @operations (sorted names). */
static gboolean
grants_every_operation (xmlNode *application, const GPtrArray *operations)
{
  for (xmlNode *node = application->children; node != NULL; node = node->next)
    {
      g_autofree char *name = NULL;
      gboolean found = FALSE;

      if (!is_element (node, "AzOperation"))
        continue;
      name = attribute (node, "Name");
      for (guint i = 0; i < operations->len && !found; i++)
        found = g_strcmp0 (g_ptr_array_index (operations, i), name) == 0;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_roles (Store *store, xmlNode *parent, const char *scope, xmlNode *application,
            GPtrArray *assignments, GError **error)
{
  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      HvpRoleAssignment *assignment;

      if (!is_element (node, "AzRole"))
        continue;
      assignment = read_role (store, node, scope, error);
      if (assignment == NULL)
        return FALSE;
      assignment->customized = !hvp_role_assignment_is_default (assignment)
                               || !grants_every_operation (application, assignment->operations);
      g_ptr_array_add (assignments, assignment);
    }
  return TRUE;
}

static gboolean
read_store (const char *xml, gsize length, const char *file, HvpSecurity *security,
            GError **error)
{
  g_autoptr (xmlDoc) doc = NULL;
  g_auto (Store) store = { 0 };
  g_autoptr (GPtrArray) scopes
    = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_az_scope_free);
  g_autoptr (GPtrArray) assignments
    = g_ptr_array_new_with_free_func ((GDestroyNotify) hvp_role_assignment_free);
  g_autofree char *application_name = NULL;
  xmlNode *root;
  xmlNode *application;

  g_return_val_if_fail (xml != NULL && file != NULL && security != NULL, FALSE);
  doc = hvp_xml_parse (NULL, file, xml, length, error);
  if (doc == NULL)
    return FALSE;
  root = xmlDocGetRootElement (doc);
  store.file = file;
  if (root == NULL || !is_element (root, "AzAdminManager"))
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s' is not an Authorization Manager store: its root element is '%s', not "
                   "'AzAdminManager'", file, root != NULL ? (const char *) root->name : "");
      return FALSE;
    }
  store.by_guid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  store.group_members = g_hash_table_new_full (NULL, NULL, NULL,
                                               (GDestroyNotify) g_hash_table_unref);
  store.expanding = g_hash_table_new (NULL, NULL);
  if (!index_objects (&store, root, error))
    return FALSE;
  application = find_application (&store, root, security->service_application, error);
  if (application == NULL)
    return FALSE;
  application_name = attribute (application, "Name");

  if (!read_roles (&store, application, NULL, application, assignments, error))
    return FALSE;
  for (xmlNode *node = application->children; node != NULL; node = node->next)
    {
      g_autofree char *name = NULL;
      g_autofree char *description = NULL;

      if (!is_element (node, "AzScope"))
        continue;
      name = attribute (node, "Name");
      if (name == NULL)
        return store_fail (&store, node, error, "scope has no Name");
      description = nonempty_attribute (node, "Description");
      g_ptr_array_add (scopes, hvp_az_scope_new (name, description));
      if (!read_roles (&store, node, name, application, assignments, error))
        return FALSE;
    }

  g_ptr_array_unref (security->scopes);
  security->scopes = g_steal_pointer (&scopes);
  g_ptr_array_unref (security->role_assignments);
  security->role_assignments = g_steal_pointer (&assignments);
  if (security->service_application == NULL)
    security->service_application = g_steal_pointer (&application_name);
  security->store_read = TRUE;
  return TRUE;
}

/**
 * hvp_azman_parse:
 * @xml: (array length=length): the store's bytes (UTF-8, or UTF-16 with a byte order mark)
 * @length: bytes in @xml
 * @file: the file (or JSON key path) the store came from, for messages
 * @security: where the store's scopes and role assignments go
 * @error: return location for an error, or %NULL
 *
 * Reads an Authorization Manager XML policy store ([MS-AZMP] v20240423 sections 2 and 3;
 * /work/shared/formats.md section 3.2) into @security: the application Hyper-V uses
 * (@security's `service_application`, else "Hyper-V services", else the store's only
 * application; `service_application` is set to the one read), its scopes, and its role
 * assignments resolved to member SIDs (application groups expanded, non-members removed) and
 * operation names (task links followed recursively).  Each assignment is marked `customized`
 * unless it is the default Hyper-V policy's: "Administrator" in the default scope, whose only
 * member is S-1-5-32-544 and whose role definition grants every operation of the application.
 * On success the store replaces any scopes and role assignments @security had and `store_read`
 * is set; on failure @security is unchanged.
 *
 * Returns: %TRUE on success; %FALSE with %HVP_ERROR_DATA when @xml is not well-formed (file and
 *   line), has a DOCTYPE (refused before any entity is declared), has a root other than
 *   `AzAdminManager`, has no such application, or has an object without Guid, a Guid used twice,
 *   a link naming no object or an object of the wrong kind, a link cycle, links nested deeper
 *   than 256 levels, or a role or operation without Name (element and line)
 *
 * Messages are one line (hvp_error_one_line()): input they quote is escaped.
 */
gboolean
hvp_azman_parse (const char *xml, gsize length, const char *file, HvpSecurity *security,
                 GError **error)
{
  gboolean read = read_store (xml, length, file, security, error);

  if (!read && error != NULL && *error != NULL)
    hvp_error_one_line (*error);
  return read;
}

/* ------------------------------------------------------------------------------------------------
 * The collector: one InitialStore.xml file
 */

/**
 * hvp_azman_sniff:
 * @data: (array length=length): the first bytes of a file (2 KiB are enough)
 * @length: bytes in @data
 *
 * Tells whether @data starts an XML document whose root is `<AzAdminManager>`, after an
 * optional UTF-16LE, UTF-16BE or UTF-8 byte order mark.  Characters outside ASCII are not
 * decoded: the markup that decides is ASCII.
 *
 * Returns: %TRUE when it does
 */
gboolean
hvp_azman_sniff (const char *data, gsize length)
{
  return hvp_xml_sniff_root (data, length, "AzAdminManager");
}

/**
 * hvp_azman_collect:
 * @source: an Authorization Manager store (`InitialStore.xml`)
 * @options: (nullable): the input limits
 * @inventory: the inventory to fill
 * @error: return location for an error
 *
 * The collection of #hvp_collector_azman, in the Hyper-V module: reads @source with
 * hvp_azman_parse() into the security settings of the inventory's host with no name
 * (hvp_inventory_ensure_host() with %NULL; merging with the host's inventory names it);
 * `store_location` is the file name.
 *
 * Returns: %FALSE with %HVP_ERROR_OPEN when the file cannot be read and %HVP_ERROR_DATA when it
 *   is not a readable store
 */
gboolean
hvp_azman_collect (const char *source, const HvpCollectOptions *options, HvpInventory *inventory,
                   GError **error)
{
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr (HvpSecurity) security = NULL;
  HvpHost *host;

  if (!hvp_read_input_file (source, options, &text, &length, error))
    return FALSE;
  host = hvp_inventory_ensure_host (inventory, NULL);
  security = host->security != NULL ? hvp_security_copy (host->security) : hvp_security_new ();
  if (!hvp_azman_parse (text, length, source, security, error))
    return FALSE;
  if (security->store_location == NULL)
    security->store_location = g_strdup (source);
  hvp_security_free (host->security);
  host->security = g_steal_pointer (&security);
  g_ptr_array_add (inventory->sources, g_strdup_printf ("%s:%s", hvp_collector_azman.name, source));
  return TRUE;
}
