/* hvplan: secrets in source URIs.  A libvirt URI is `driver[+transport]://[user@][host][:port]
 * /path[?query]` (libvirt "Connection URIs", https://libvirt.org/uri.html); its generic syntax is
 * RFC 3986 section 3. */
#include "collectors/uri.h"

#include <string.h>

/* Query keys taken for secrets, matched without regard to case as substrings of the decoded key.
 * libvirt's own query parameters (uri.html, "Extra parameters": name, command, socket, netcat,
 * keyfile, no_verify, no_tty, pkipath, known_hosts, known_hosts_verify, sshauth, mode, proxy,
 * tls_priority, authfile, transport) carry none: a password goes in auth.conf. */
static const char *const secret_keys[] = { "pass", "pwd", "secret", "token", "credential" };

/* Whether the query parameter @parameter (`key=value`, still percent-encoded) has a secret key. */
static gboolean
parameter_is_secret (const char *parameter, gsize length)
{
  g_autofree char *raw_key = g_strndup (parameter, strcspn (parameter, "=") < length
                                                     ? strcspn (parameter, "=") : length);
  g_autofree char *decoded = g_uri_unescape_string (raw_key, NULL);
  g_autofree char *key = g_ascii_strdown (decoded != NULL ? decoded : raw_key, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (secret_keys); i++)
    if (strstr (key, secret_keys[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Appends @query (without its '?') to @out less its secret parameters; RFC 3986 section 3.4
 * leaves the separators to the scheme: libvirt's virURIParseParams() splits on '&' (and ';'). */
static gboolean
append_query_without_secrets (GString *out, const char *query, gsize length)
{
  gboolean removed = FALSE;
  gsize kept = 0;

  for (gsize start = 0; start <= length;)
    {
      gsize end = start;

      while (end < length && query[end] != '&' && query[end] != ';')
        end++;
      if (end > start && parameter_is_secret (query + start, end - start))
        removed = TRUE;
      else if (end > start)
        {
          g_string_append_c (out, kept++ == 0 ? '?' : '&');
          g_string_append_len (out, query + start, (gssize) (end - start));
        }
      start = end + 1;
    }
  return removed;
}

/* @uri with "user:password@" cut to "user@" (RFC 3986 section 3.2.1: "Use of the format
 * user:password in the userinfo field is deprecated"; ';' starts auth parameters, which are cut
 * too) and secret query parameters dropped.  The user-info ends at the last '@' of the authority,
 * so that a password holding '@' is removed whole. */
static char *
remove_from_parsable (const char *uri, gboolean *ret_removed)
{
  const char *authority = strstr (uri, "://") + 3;
  gsize authority_length = strcspn (authority, "/?#");
  const char *at = g_strrstr_len (authority, (gssize) authority_length, "@");
  const char *rest = authority;
  const char *query;
  gsize query_length;
  GString *out = g_string_new_len (uri, authority - uri);
  g_autoptr (GString) kept = g_string_new (NULL);

  if (at != NULL)
    {
      gsize user_length = strcspn (authority, ":;");

      if (authority + user_length < at)
        *ret_removed = TRUE;
      else
        user_length = (gsize) (at - authority);
      g_string_append_len (out, authority, (gssize) user_length);
      rest = at;
    }
  query = strchr (rest, '?');
  if (query == NULL || (strchr (rest, '#') != NULL && strchr (rest, '#') < query))
    {
      g_string_append (out, rest);
      return g_string_free (out, FALSE);
    }
  g_string_append_len (out, rest, query - rest);
  query_length = strcspn (query + 1, "#");
  if (append_query_without_secrets (kept, query + 1, query_length))
    {
      g_string_append (out, kept->str);
      *ret_removed = TRUE;
    }
  else
    g_string_append_len (out, query, (gssize) query_length + 1);
  g_string_append (out, query + 1 + query_length);
  return g_string_free (out, FALSE);
}

/* A URI GLib cannot parse never reaches libvirt (hvp_libvirt_probe() refuses it), but it is
 * quoted in the "no format" error: everything between "://" and the last '@' becomes "***" (a
 * password may hold '/' or '@'), and the secret parameters after a '?' are dropped. */
static char *
redact_unparsable (const char *uri, gboolean *ret_removed)
{
  const char *authority = strstr (uri, "://") + 3;
  const char *at = strrchr (authority, '@');
  const char *rest = at != NULL ? at : authority;
  const char *query = strchr (rest, '?');
  GString *out = g_string_new_len (uri, authority - uri);
  g_autoptr (GString) kept = g_string_new (NULL);

  if (at != NULL)
    {
      g_string_append (out, "***");
      *ret_removed = TRUE;
    }
  if (query != NULL && append_query_without_secrets (kept, query + 1, strlen (query + 1)))
    {
      g_string_append_len (out, rest, query - rest);
      g_string_append (out, kept->str);
      *ret_removed = TRUE;
    }
  else
    g_string_append (out, rest);
  return g_string_free (out, FALSE);
}

/**
 * hvp_uri_without_secrets:
 * @source: a SOURCE argument: a file, a folder or a URI such as
 *   `qemu+ssh://admin:secret@kvm1/system?password=secret`
 * @ret_removed: (out) (optional): whether anything was removed
 *
 * The form of @source that may reach libvirt, a message or an inventory.  A string without
 * "://" is returned as it is.  A URI that GLib parses (g_uri_split()) loses the password and any
 * auth parameters of its user-info (`admin:secret@` becomes `admin@`, RFC 3986 section 3.2.1)
 * and every query parameter whose key holds "pass", "pwd", "secret", "token" or "credential"
 * (libvirt documents no secret query parameter: credentials belong in its auth.conf, "Connection
 * authentication", https://libvirt.org/auth.html#client-configuration); everything else is kept
 * byte for byte.  A URI GLib cannot parse, which hvplan never opens, gets `***` for everything
 * between "://" and the last '@', and loses its secret query parameters.
 *
 * Returns: (transfer full): @source without its secrets
 */
char *
hvp_uri_without_secrets (const char *source, gboolean *ret_removed)
{
  gboolean removed = FALSE;
  char *result;

  g_return_val_if_fail (source != NULL, NULL);

  if (strstr (source, "://") == NULL)
    result = g_strdup (source);
  else if (g_uri_split (source, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL, NULL, NULL, NULL,
                        NULL, NULL, NULL, NULL))
    result = remove_from_parsable (source, &removed);
  else
    result = redact_unparsable (source, &removed);
  if (ret_removed != NULL)
    *ret_removed = removed;
  return result;
}
