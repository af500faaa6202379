/* hvplan: the JSON writer and reader every document shares.  cJSON builds the tree; integers go
 * in as raw decimal text so they stay exact to 64 bits (a cJSON number is a double, exact only to
 * 2^53);
 * hvp_json_print() lays the tree out with two-space indentation, "key": value, one member a line,
 * so that documents diff well and the same tree always prints the same bytes (cJSON_Print indents
 * with tabs and formats doubles).  hvp_json_parse() reads text with messages that name the byte,
 * line and column where it went wrong; hvp_json_parse_in_arena() does the same into an arena
 * (cJSON's allocation hooks, cJSON_InitHooks()), whose tree is freed in one step. */
#include "models/json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "models/error.h"
#include "models/text.h"

/**
 * hvp_json_checked:
 * @item: (nullable): what a cJSON constructor returned
 *
 * cJSON reports allocation failure by returning %NULL; hvplan, like GLib, aborts on it.
 *
 * Returns: (transfer full): @item, never %NULL
 */
cJSON *
hvp_json_checked (cJSON *item)
{
  if (G_UNLIKELY (item == NULL))
    g_error ("cJSON: out of memory");
  return item;
}

/**
 * hvp_json_add:
 * @object: a cJSON object
 * @key: the member's name
 * @item: (transfer full): its value; the object owns it
 *
 * Appends a member, keeping insertion order (the printed order).
 */
void
hvp_json_add (cJSON *object, const char *key, cJSON *item)
{
  cJSON_AddItemToObject (object, key, hvp_json_checked (item));
}

/**
 * hvp_json_string:
 * @string: (nullable): UTF-8 text
 *
 * Returns: (transfer full): a JSON string, or `null` for %NULL
 */
cJSON *
hvp_json_string (const char *string)
{
  if (string == NULL)
    return hvp_json_checked (cJSON_CreateNull ());
  return hvp_json_checked (cJSON_CreateString (string));
}

/**
 * hvp_json_bool:
 * @value: a truth value
 *
 * Returns: (transfer full): `true` or `false`
 */
cJSON *
hvp_json_bool (gboolean value)
{
  return hvp_json_checked (cJSON_CreateBool (value));
}

/**
 * hvp_json_uint64:
 * @value: an unsigned integer (bytes, counts)
 *
 * Returns: (transfer full): a raw JSON number with every digit of @value
 */
cJSON *
hvp_json_uint64 (guint64 value)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  return hvp_json_checked (cJSON_CreateRaw (digits));
}

/**
 * hvp_json_int64:
 * @value: a signed integer (times in seconds since 1970)
 *
 * Returns: (transfer full): a raw JSON number with every digit of @value
 */
cJSON *
hvp_json_int64 (gint64 value)
{
  char digits[24];

  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);
  return hvp_json_checked (cJSON_CreateRaw (digits));
}

/* Whether byte @c is printed as it is outside any escape: printable ASCII but quote and
 * backslash. */
static inline gboolean
is_plain_byte (unsigned char c)
{
  return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* One character of @string at @p that is not a plain byte, escaped; returns the last byte of it
 * (a terminal control beyond ASCII is one whole UTF-8 sequence). */
static const char *
print_special (GString *out, const char *p)
{
  unsigned char c = (unsigned char) *p;

  if (c >= 0x7f && hvp_text_is_terminal_control (g_utf8_get_char (p)))
    {
      g_string_append_printf (out, "\\u%04x", g_utf8_get_char (p));
      return g_utf8_next_char (p) - 1;
    }
  switch (c)
    {
    case '"': g_string_append (out, "\\\""); break;
    case '\\': g_string_append (out, "\\\\"); break;
    case '\b': g_string_append (out, "\\b"); break;
    case '\f': g_string_append (out, "\\f"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\t': g_string_append (out, "\\t"); break;
    default:
      if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  return p;
}

/* JSON string syntax (RFC 8259 section 7): quote, backslash and control characters escaped, the
 * rest written as UTF-8, except the characters that would drive a terminal showing the document
 * (DEL, C1 controls, bidirectional overrides and isolates: hvp_text_is_terminal_control()),
 * which are `\u` escapes: the same value for a JSON reader (section 7 lets any character be
 * escaped), and `cat report.json` shows them as text.  A string that is not valid UTF-8 (a
 * collector bug) is repaired with U+FFFD so the document stays valid JSON. */
static void
print_string (GString *out, const char *string)
{
  g_autofree char *valid = NULL;
  const char *p = string;

  if (!g_utf8_validate (string, -1, NULL))
    p = string = valid = g_utf8_make_valid (string, -1);
  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const char *run = p;

      /* Runs of plain bytes (names, numbers, paths: most of a report) in one append. */
      while (is_plain_byte ((unsigned char) *p))
        p++;
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (*p != '\0')
        p = print_special (out, p) + 1;
    }
  g_string_append_c (out, '"');
}

/**
 * hvp_json_append_string:
 * @out: where the text goes
 * @string: UTF-8 text (invalid UTF-8 is repaired with U+FFFD)
 *
 * Appends @string as a JSON string, escaped as hvp_json_print() escapes it (RFC 8259 section 7,
 * terminal controls as `\u` escapes), for writers that stream a document instead of printing a
 * tree.
 */
void
hvp_json_append_string (GString *out, const char *string)
{
  g_return_if_fail (out != NULL && string != NULL);

  print_string (out, string);
}

/**
 * hvp_json_append_indent:
 * @out: where the text goes
 * @depth: the indentation level
 *
 * Appends the indentation hvp_json_print() gives a line at @depth: two spaces a level.  For
 * writers that stream a document in hvp_json_print()'s layout (hvp_json_append_key()).
 */
void
hvp_json_append_indent (GString *out, guint depth)
{
  static const char spaces[] = "                                                                ";
  gsize length = 2 * (gsize) depth;

  g_return_if_fail (out != NULL);

  /* One append for the usual depths (a report's deepest lines are at 6): 1.3 million lines in a
   * sizing of 100,000 VMs, where an append a level cost a tenth of the report. */
  while (length > 0)
    {
      gsize part = MIN (length, sizeof spaces - 1);

      g_string_append_len (out, spaces, (gssize) part);
      length -= part;
    }
}

/**
 * hvp_json_format_uint64:
 * @value: an unsigned integer
 * @buffer: (out caller-allocates) (array fixed-size=21): room for the digits, without NUL
 *
 * Writes the decimal digits of @value at the end of @buffer, as "%" G_GUINT64_FORMAT prints them
 * (no sign, no leading zeros, "0" for zero), without printf's format parsing.
 *
 * Returns: the first digit, within @buffer; the digits run to @buffer + 20 (not NUL-terminated)
 */
const char *
hvp_json_format_uint64 (guint64 value, char buffer[HVP_JSON_UINT64_DIGITS])
{
  char *p = buffer + HVP_JSON_UINT64_DIGITS;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  return p;
}

/**
 * hvp_json_append_uint64:
 * @out: where the text goes
 * @value: an unsigned integer (bytes, counts)
 *
 * Appends @value as hvp_json_uint64() gives it to hvp_json_print(): every decimal digit, exact to
 * 64 bits (RFC 8259 section 6), without a tree node or printf.
 */
void
hvp_json_append_uint64 (GString *out, guint64 value)
{
  char buffer[HVP_JSON_UINT64_DIGITS];
  const char *digits = hvp_json_format_uint64 (value, buffer);

  g_return_if_fail (out != NULL);

  g_string_append_len (out, digits, buffer + HVP_JSON_UINT64_DIGITS - digits);
}

/**
 * hvp_json_append_member_uint64:
 * @out: where the text goes
 * @key: a member's name (UTF-8)
 * @value: its value, an unsigned integer (bytes, counts)
 * @depth: the indentation level of the member
 * @last: whether it is the object's last member (then a newline follows it, else ",\n")
 *
 * Appends a whole member line at @depth, as hvp_json_print() lays out `"key": value` inside an
 * object: hvp_json_append_key(), hvp_json_append_uint64(), then the separator.
 */
void
hvp_json_append_member_uint64 (GString *out, const char *key, guint64 value, guint depth,
                               gboolean last)
{
  hvp_json_append_key (out, key, depth);
  hvp_json_append_uint64 (out, value);
  g_string_append_len (out, last ? "\n" : ",\n", last ? 1 : 2);
}

/* Prints a value with two-space indentation, one member or element per line, "key": value.  The
 * tree is the one built above: its depth is fixed by the schema, so recursion is bounded. */
static void
print_value (GString *out, const cJSON *item, guint depth)
{
  gboolean object = cJSON_IsObject (item);

  if (cJSON_IsNull (item))
    g_string_append (out, "null");
  else if (cJSON_IsTrue (item))
    g_string_append (out, "true");
  else if (cJSON_IsFalse (item))
    g_string_append (out, "false");
  else if (cJSON_IsRaw (item))
    g_string_append (out, item->valuestring);
  else if (cJSON_IsString (item))
    print_string (out, item->valuestring);
  else if (item->child == NULL)
    g_string_append (out, object ? "{}" : "[]");
  else
    {
      g_string_append (out, object ? "{\n" : "[\n");
      for (const cJSON *child = item->child; child != NULL; child = child->next)
        {
          hvp_json_append_indent (out, depth + 1);
          if (object)
            {
              print_string (out, child->string);
              g_string_append (out, ": ");
            }
          print_value (out, child, depth + 1);
          g_string_append (out, child->next != NULL ? ",\n" : "\n");
        }
      hvp_json_append_indent (out, depth);
      g_string_append_c (out, object ? '}' : ']');
    }
}

/**
 * hvp_json_append_value:
 * @out: where the text goes
 * @item: a tree built with the functions above
 * @depth: the indentation level @item is at (two spaces a level)
 *
 * Appends @item as hvp_json_print() lays it out at @depth, without a final newline, for writers
 * that stream a large part of a document (a sizing's placement) and print the rest from small
 * trees: the bytes are those hvp_json_print() gives for the whole tree.
 */
void
hvp_json_append_value (GString *out, const cJSON *item, guint depth)
{
  g_return_if_fail (out != NULL && item != NULL);

  print_value (out, item, depth);
}

/**
 * hvp_json_append_key:
 * @out: where the text goes
 * @key: a member's name (UTF-8)
 * @depth: the indentation level of the member
 *
 * Appends the indentation of @depth and `"key": `, as hvp_json_print() starts an object's member:
 * the value follows (hvp_json_append_value() at the same @depth, or streamed).
 */
void
hvp_json_append_key (GString *out, const char *key, guint depth)
{
  g_return_if_fail (out != NULL && key != NULL);

  hvp_json_append_indent (out, depth);
  print_string (out, key);
  g_string_append (out, ": ");
}

/**
 * hvp_json_append_members:
 * @out: where the text goes
 * @object: an object built with the functions above
 * @depth: the indentation level of its members
 *
 * Appends each member of @object as hvp_json_print() does inside it, each followed by ",\n": the
 * members of a streamed object that come before its streamed ones.
 */
void
hvp_json_append_members (GString *out, const cJSON *object, guint depth)
{
  g_return_if_fail (out != NULL && cJSON_IsObject (object));

  for (const cJSON *child = object->child; child != NULL; child = child->next)
    {
      hvp_json_append_key (out, child->string, depth);
      print_value (out, child, depth);
      g_string_append (out, ",\n");
    }
}

/**
 * hvp_json_print:
 * @item: a tree built with the functions above (its depth is bounded by the schema that built it)
 *
 * Prints @item with two-space indentation, one member or element a line, `"key": value`, strings
 * escaped per RFC 8259 section 7 (invalid UTF-8 repaired with U+FFFD), raw numbers as given, and
 * a final newline.
 *
 * Returns: (transfer full): the text; free with g_free()
 */
char *
hvp_json_print (const cJSON *item)
{
  GString *out = g_string_new (NULL);

  print_value (out, item, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------------
 * Reading
 */

/**
 * hvp_json_is_space:
 * @c: a byte
 *
 * Returns: whether @c is JSON white space (RFC 8259 section 2)
 */
gboolean
hvp_json_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The bracket depth just after @text[0, @end), and whether that point is inside a string. */
static guint
nesting_depth (const char *text, gsize end, gboolean *ret_in_string)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < end; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  *ret_in_string = in_string;
  return depth;
}

static gboolean
is_only_space (const char *text, gsize length)
{
  for (gsize i = 0; i < length; i++)
    if (!hvp_json_is_space (text[i]))
      return FALSE;
  return TRUE;
}

/* Is @text[0, @length) one token cut short: an unterminated string, or a literal or number with
 * nothing after it ("tru", "12")? */
static gboolean
is_unfinished_token (const char *text, gsize length)
{
  if (length > 0 && text[0] == '"')
    {
      for (gsize i = 1; i < length; i++)
        if (text[i] == '\\')
          i++;
        else if (text[i] == '"')
          return FALSE;
      return TRUE;
    }
  for (gsize i = 0; i < length; i++)
    if (strchr (" \t\r\n{}[],:\"", text[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* Does the text end inside a string, or inside an object or array right where cJSON stopped
 * (cJSON stops on the last byte when the text runs out, or at the start of a cut token)? */
static gboolean
is_cut_short (const char *text, gsize length, gsize position)
{
  gboolean in_string;
  guint depth = nesting_depth (text, length, &in_string);

  if (in_string)
    return TRUE;
  return depth > 0
         && (position + 1 >= length || is_unfinished_token (text + position, length - position));
}

/* Sets the error for text cJSON could not parse; @position is where it stopped. */
static void
set_syntax_error (const char *file, const char *text, gsize length, gsize position,
                  GError **error)
{
  guint line = 1;
  gsize line_start = 0;
  gboolean in_string;

  position = MIN (position, length);
  for (gsize i = 0; i < position; i++)
    if (text[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }

  if (nesting_depth (text, MIN (position + 1, length), &in_string) > CJSON_NESTING_LIMIT)
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "'%s': JSON nests deeper than %d levels at byte %" G_GSIZE_FORMAT " (line %u)",
                 file, CJSON_NESTING_LIMIT, position, line);
  else if (is_only_space (text + position, length - position)
           || is_cut_short (text, length, position))
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "'%s': JSON ends early at byte %" G_GSIZE_FORMAT " (line %u): the document is "
                 "empty or truncated",
                 file, length, line);
  else
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "'%s': not valid JSON at byte %" G_GSIZE_FORMAT " (line %u, column %"
                 G_GSIZE_FORMAT ")",
                 file, position, line, position - line_start + 1);
}

/* Sets the error for a number a double would round (find_rounded_number()) at @position. */
static void
set_rounded_error (const char *file, const char *text, gsize length, gsize position,
                   GError **error)
{
  guint line = 1;
  gsize line_start = 0, end = position;
  g_autofree char *token = NULL;

  for (gsize i = 0; i < position; i++)
    if (text[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }
  while (end < length && (g_ascii_isdigit (text[end]) || strchr ("+-.eE", text[end]) != NULL))
    end++;
  token = g_strndup (text + position, MIN (end - position, 40));
  g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
               "'%s': the number %s at byte %" G_GSIZE_FORMAT " (line %u, column %" G_GSIZE_FORMAT
               ") has a fraction that cannot be read exactly: hvplan's numbers are whole",
               file, token, position, line, position - line_start + 1);
}

/* --- the arena ---------------------------------------------------------------------------- */

/* Bytes of the first chunk of an arena; each next one is twice as large, up to ARENA_CHUNK_MAX
 * (a 100,000-VM inventory makes a tree of about 560 MB: 80 chunks, each returned to the system
 * at once when the arena is freed). */
#define ARENA_CHUNK_MIN (64 * 1024)
#define ARENA_CHUNK_MAX (8 * 1024 * 1024)
/* A block larger than this (in practice a long string: a VM's series of samples) is allocated on
 * its own, so that hvp_json_arena_release_string() can give it back before the arena goes. */
#define ARENA_LARGE (16 * 1024)
/* The alignment of the largest chunks: a transparent huge page (arena_chunk_new()). */
#define ARENA_HUGE_PAGE (2 * 1024 * 1024)
/* Every block is aligned for any type cJSON stores (pointers, doubles). */
#define ARENA_ALIGN 16

struct _HvpJsonArena {
  GPtrArray *chunks;  /* (element-type guchar *): owned, g_free()d together (free()) */
  guchar *next;       /* the free part of the last chunk */
  gsize left;         /* its bytes */
  gsize chunk_size;   /* of the next chunk */
  gsize size;         /* bytes of all chunks and large blocks */
  gsize last_size;    /* bytes of the last chunk */
  GHashTable *large;  /* (element-type guchar * gsize): the blocks above ARENA_LARGE, owned,
                       * with their sizes */
};

/* The arena the cJSON allocation hook of this thread draws from, while
 * hvp_json_parse_in_arena() parses: %NULL otherwise (then cJSON uses malloc() and free()). */
static _Thread_local HvpJsonArena *current_arena;

/* A chunk of @size bytes.  The largest chunks (ARENA_CHUNK_MAX, which hold almost all of a large
 * tree) are aligned to 2 MiB and marked for transparent huge pages (madvise(2), MADV_HUGEPAGE;
 * Debian's kernels enable them on request, "madvise"): the tree is written once, front to back,
 * and a 4 KiB page fault per 4 KiB of it was a sixth of the time of `hvplan size` at 100,000
 * VMs.  Measured on t/bench/read: reading 2.5 s of CPU instead of 3.4-3.8 s, 136,000 page faults
 * instead of 244,000.  (Only the arena: glibc's own huge pages for every allocation,
 * glibc.malloc.hugetlb=1, slowed reading, t/bench/README.md.)  Where madvise() refuses, the
 * chunk is used with small pages. */
static guchar *
arena_chunk_new (gsize size)
{
  void *block = NULL;

  if (size < ARENA_CHUNK_MAX)
    return g_try_malloc (size);
  if (posix_memalign (&block, ARENA_HUGE_PAGE, size) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  (void) madvise (block, size, MADV_HUGEPAGE);
#endif
  return block;
}

static void *
arena_alloc (HvpJsonArena *arena, gsize size)
{
  gsize rounded = (size + ARENA_ALIGN - 1) & ~(gsize) (ARENA_ALIGN - 1);
  guchar *block;

  if (rounded < size)
    return NULL;
  if (size > ARENA_LARGE)
    {
      block = g_try_malloc (size);
      if (block != NULL)
        {
          g_hash_table_insert (arena->large, block, GSIZE_TO_POINTER (size));
          arena->size += size;
        }
      return block;
    }
  if (rounded > arena->left)
    {
      gsize chunk = MAX (arena->chunk_size, rounded);

      block = arena_chunk_new (chunk);
      if (block == NULL)
        return NULL;
      g_ptr_array_add (arena->chunks, block);
      arena->size += chunk;
      arena->last_size = chunk;
      arena->next = block;
      arena->left = chunk;
      arena->chunk_size = MIN (arena->chunk_size * 2, (gsize) ARENA_CHUNK_MAX);
    }
  block = arena->next;
  arena->next += rounded;
  arena->left -= rounded;
  return block;
}

/* cJSON's allocation hooks: the thread's arena while it parses into one, else the C library.
 * Inside an arena a block is never freed alone (cJSON frees a tree it gave up on: nothing to
 * do, the arena goes as a whole); outside, every block came from malloc(): an arena's tree is
 * never passed to cJSON_Delete() (hvp_json_parse_in_arena() says so). */
static void *
hook_malloc (size_t size)
{
  if (current_arena != NULL)
    return arena_alloc (current_arena, size);
  return malloc (size);
}

static void
hook_free (void *block)
{
  if (current_arena == NULL)
    free (block);
}

/* Installed before main() runs, so that no cJSON block is allocated by one pair of functions and
 * freed by the other. */
__attribute__ ((constructor)) static void
install_hooks (void)
{
  cJSON_Hooks hooks = { hook_malloc, hook_free };

  cJSON_InitHooks (&hooks);
}

/**
 * hvp_json_arena_new:
 *
 * Returns: (transfer full): an empty arena for hvp_json_parse_in_arena(); free with
 *   hvp_json_arena_free()
 */
HvpJsonArena *
hvp_json_arena_new (void)
{
  HvpJsonArena *arena = g_new0 (HvpJsonArena, 1);

  arena->chunks = g_ptr_array_new_with_free_func (g_free);
  arena->large = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_free, NULL);
  arena->chunk_size = ARENA_CHUNK_MIN;
  return arena;
}

/**
 * hvp_json_arena_free:
 * @arena: (nullable) (transfer full): an arena
 *
 * Frees @arena and every tree parsed into it, in one step.
 */
void
hvp_json_arena_free (HvpJsonArena *arena)
{
  if (arena == NULL)
    return;
  g_ptr_array_unref (arena->chunks);
  g_hash_table_unref (arena->large);
  g_free (arena);
}

/**
 * hvp_json_arena_release_string:
 * @arena: the arena that holds @item
 * @item: a string of a tree hvp_json_parse_in_arena() parsed into @arena
 *
 * Gives back the memory of @item's text before the arena goes, when it was allocated on its own
 * (a string longer than 16 KiB); shorter strings stay in the arena's chunks.  A reader calls it
 * once it has taken what it needs from a long string (a VM's series of samples: reading a month of
 * 5-minute samples of 10,000 VMs holds 650 MB of such text).  @item then reads as a JSON null: the
 * arena owns the tree, so it may change it, and nothing can reach the freed text.
 *
 * Returns: %TRUE when the text was given back
 */
gboolean
hvp_json_arena_release_string (HvpJsonArena *arena, const cJSON *item)
{
  cJSON *owned = (cJSON *) item;
  gpointer size = NULL;

  g_return_val_if_fail (arena != NULL && item != NULL, FALSE);

  if (!cJSON_IsString (item) || item->valuestring == NULL
      || !g_hash_table_lookup_extended (arena->large, item->valuestring, NULL, &size))
    return FALSE;
  arena->size -= GPOINTER_TO_SIZE (size);
  g_hash_table_remove (arena->large, item->valuestring);
  owned->valuestring = NULL;
  owned->type = cJSON_NULL;
  return TRUE;
}

/**
 * hvp_json_arena_reset:
 * @arena: an arena
 *
 * Frees every tree parsed into @arena at once (its long strings too), as hvp_json_arena_free()
 * does, but keeps its last (largest) chunk for the next parse: a reader that parses many pieces of similar size one after
 * the other (the hosts of an inventory) reuses the same memory, already mapped and in cache.
 */
void
hvp_json_arena_reset (HvpJsonArena *arena)
{
  g_return_if_fail (arena != NULL);

  g_hash_table_remove_all (arena->large);
  if (arena->chunks->len == 0)
    {
      arena->size = 0;
      return;
    }
  /* Everything but the last chunk goes; the last moves to the front. */
  g_ptr_array_remove_range (arena->chunks, 0, arena->chunks->len - 1);
  arena->next = g_ptr_array_index (arena->chunks, 0);
  arena->left = arena->last_size;
  arena->size = arena->last_size;
}

/**
 * hvp_json_arena_size:
 * @arena: an arena
 *
 * Returns: the bytes @arena holds (its chunks, used or not, and its large blocks not given back)
 */
gsize
hvp_json_arena_size (const HvpJsonArena *arena)
{
  g_return_val_if_fail (arena != NULL, 0);

  return arena->size;
}

static cJSON *parse (const char *text, gsize length, const char *file, gboolean check_rounded,
                     GError **error);

/**
 * hvp_json_parse:
 * @text: (array length=length): UTF-8 JSON text, optionally after a UTF-8 byte order mark; need
 *   not be NUL-terminated
 * @length: bytes in @text
 * @file: the file name to put in messages
 * @error: return location for an error
 *
 * Parses @text with cJSON (RFC 8259); the whole text must be one JSON value.  cJSON refuses
 * nesting deeper than CJSON_NESTING_LIMIT (1000) before it allocates for it.  Offsets in messages
 * count from the start of @text.
 *
 * Returns: (transfer full) (nullable): the tree (free with cJSON_Delete()), or NULL with @error
 *   set to %HVP_ERROR_DATA: "'FILE': not JSON text: NUL byte at byte N", "'FILE': JSON nests
 *   deeper than 1000 levels at byte N (line L)", "'FILE': JSON ends early at byte N (line L): the
 *   document is empty or truncated", or "'FILE': not valid JSON at byte N (line L, column C)"
 */
cJSON *
hvp_json_parse (const char *text, gsize length, const char *file, GError **error)
{
  HvpJsonArena *outer = current_arena;
  cJSON *root;

  current_arena = NULL;
  root = parse (text, length, file, TRUE, error);
  current_arena = outer;
  return root;
}

/**
 * hvp_json_parse_in_arena:
 * @arena: the arena that holds the tree
 * @text: (array length=length): as for hvp_json_parse()
 * @length: bytes in @text
 * @file: the file name to put in messages
 * @error: return location for an error
 *
 * hvp_json_parse(), every block of the tree drawn from @arena (a bump allocator: no malloc()
 * per value, and the whole tree freed at once with the arena; on t/bench/size's 100,000-VM
 * inventory reading takes a quarter less time).  The tree must not be passed to cJSON_Delete()
 * nor changed: it lives until hvp_json_arena_free(@arena).  Thread-safe: each thread parses into
 * its own arena.
 *
 * Returns: (transfer none) (nullable): the tree, owned by @arena; or %NULL with @error set as
 *   hvp_json_parse() sets it
 */
const cJSON *
hvp_json_parse_in_arena (HvpJsonArena *arena, const char *text, gsize length, const char *file,
                         GError **error)
{
  HvpJsonArena *outer = current_arena;
  cJSON *root;

  g_return_val_if_fail (arena != NULL, NULL);

  current_arena = arena;
  root = parse (text, length, file, TRUE, error);
  current_arena = outer;
  return root;
}

/**
 * hvp_json_parse_piece_in_arena:
 * @arena: the arena that holds the tree
 * @text: (array length=length): as for hvp_json_parse()
 * @length: bytes in @text
 * @file: the file name to put in messages
 * @error: return location for an error
 *
 * hvp_json_parse_in_arena() without its last pass over @text, the search for a number with a
 * fraction that a double rounds to a whole number: for a caller that has already looked at every
 * number of @text with hvp_json_number_rounds() while it scanned it (the inventory reader's scan
 * of the hosts: that pass was a tenth of the reading).  The tree is as hvp_json_parse_in_arena()
 * gives it; such a number, if the caller let one through, would read rounded.
 *
 * Returns: (transfer none) (nullable): the tree, owned by @arena; or %NULL with @error set as
 *   hvp_json_parse() sets it for a syntax error
 */
const cJSON *
hvp_json_parse_piece_in_arena (HvpJsonArena *arena, const char *text, gsize length,
                               const char *file, GError **error)
{
  HvpJsonArena *outer = current_arena;
  cJSON *root;

  g_return_val_if_fail (arena != NULL, NULL);

  current_arena = arena;
  root = parse (text, length, file, FALSE, error);
  current_arena = outer;
  return root;
}

/**
 * hvp_json_skip_string:
 * @text: (array length=length): JSON text
 * @length: bytes in @text
 * @i: the position just after a string's opening quote
 *
 * Skips a JSON string (RFC 8259 section 7) without decoding it: a backslash skips the byte after
 * it.  A plain loop, escapes skipped as they come: the strings of an inventory are short, and a
 * memchr() call per string, then a look back for backslashes, cost more (perf on `hvplan diff`
 * of two 100,000-VM inventories: the scan from 10 % of the samples to 5 %).
 *
 * Returns: the position just after the closing quote, or @length when the text ends first
 */
gsize
hvp_json_skip_string (const char *text, gsize length, gsize i)
{
  while (i < length)
    {
      char c = text[i];

      if (c == '"')
        return i + 1;
      i += c == '\\' ? 2 : 1;
    }
  return length;
}

static gboolean
is_number_byte (char c)
{
  return g_ascii_isdigit (c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/* Whether the number literal @token (@length bytes, JSON's grammar) is a whole number, decided
 * from its digits: the digits after stripping trailing zeros must not reach below the units
 * place once the exponent has moved the point. */
static gboolean
literal_is_whole (const char *token, gsize length)
{
  gint64 exponent = 0, scale = 0;
  gsize i = 0, last_nonzero_scale = 0;
  gboolean any_nonzero = FALSE, in_fraction = FALSE;

  if (i < length && token[i] == '-')
    i++;
  for (; i < length && token[i] != 'e' && token[i] != 'E'; i++)
    {
      if (token[i] == '.')
        {
          in_fraction = TRUE;
          continue;
        }
      if (in_fraction)
        scale++;
      if (token[i] != '0')
        {
          any_nonzero = TRUE;
          last_nonzero_scale = (gsize) scale;
        }
    }
  if (!any_nonzero)
    return TRUE;
  if (i < length)
    {
      gboolean negative = ++i < length && token[i] == '-';

      if (i < length && (token[i] == '-' || token[i] == '+'))
        i++;
      for (; i < length; i++)
        exponent = MIN (exponent * 10 + (token[i] - '0'), (gint64) G_MAXINT32);
      if (negative)
        exponent = -exponent;
    }
  return (gint64) last_nonzero_scale <= exponent;
}

/**
 * hvp_json_number_end:
 * @text: (array length=length): JSON text
 * @length: bytes in @text
 * @i: the position of a number's first byte ('-' or a digit)
 * @ret_plain: (out): %TRUE when the number is a plain integer (no fraction, no exponent)
 *
 * Skips a JSON number (RFC 8259 section 6) without converting it: the bytes a number may hold.
 *
 * Returns: the position just after it
 */
gsize
hvp_json_number_end (const char *text, gsize length, gsize i, gboolean *ret_plain)
{
  gboolean plain = TRUE;

  while (i < length && is_number_byte (text[i]))
    plain = plain && text[i] != '.' && text[i] != 'e' && text[i] != 'E', i++;
  *ret_plain = plain;
  return i;
}

/**
 * hvp_json_number_rounds:
 * @token: (array length=length): a JSON number literal
 * @length: bytes in @token
 *
 * Whether @token has a fraction that a double rounds to a whole number (4503599627370497.5 reads
 * as 4503599627370498: above 2^52 a double holds no fraction), which a reader of exact counts
 * must refuse: the fraction is lost before it can see it.
 *
 * Returns: %TRUE when @token is not whole but reads as a whole number
 */
gboolean
hvp_json_number_rounds (const char *token, gsize length)
{
  double value;

  if (literal_is_whole (token, length))
    return FALSE;
  value = g_ascii_strtod (token, NULL);
  return floor (value) == value;
}

/* The byte where @text (valid JSON) has a number with a fraction that a double rounds to a whole
 * number (4503599627370497.5 reads as 4503599627370498: above 2^52 a double holds no fraction),
 * or @length when there is none.  Strings are skipped (hvp_json_skip_string()). */
static gsize
find_rounded_number (const char *text, gsize length)
{
  gsize i = 0;

  while (i < length)
    {
      char c = text[i];

      if (c == '"')
        {
          i = hvp_json_skip_string (text, length, i + 1);
          continue;
        }
      if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = i;
          gboolean plain = TRUE;

          i = hvp_json_number_end (text, length, i, &plain);
          if (!plain && hvp_json_number_rounds (text + start, i - start))
            return start;
          continue;
        }
      i++;
    }
  return length;
}

/* hvp_json_parse() with whatever allocator the thread has. */
static cJSON *
parse (const char *text, gsize length, const char *file, gboolean check_rounded, GError **error)
{
  const char *nul = memchr (text, '\0', length);
  gsize start = 0;
  const char *end = NULL;
  cJSON *root;
  gsize position;

  if (nul != NULL)
    {
      g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                   "'%s': not JSON text: NUL byte at byte %" G_GSIZE_FORMAT, file,
                   (gsize) (nul - text));
      return NULL;
    }
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  /* The length-bounded parser: @text need not be NUL-terminated.  Trailing text is checked below
   * (what cJSON_ParseWithOpts()'s require_null_terminated does for a terminated string). */
  root = cJSON_ParseWithLengthOpts (text + start, length - start, &end, FALSE);
  position = end != NULL ? (gsize) (end - text) : length;
  if (root == NULL)
    {
      set_syntax_error (file, text, length, position, error);
      return NULL;
    }
  while (position < length && hvp_json_is_space (text[position]))
    position++;
  if (position < length)
    {
      cJSON_Delete (root);
      set_syntax_error (file, text, length, position, error);
      return NULL;
    }
  position = check_rounded ? find_rounded_number (text, length) : length;
  if (position < length)
    {
      cJSON_Delete (root);
      set_rounded_error (file, text, length, position, error);
      return NULL;
    }
  return root;
}

/**
 * hvp_json_type_name:
 * @item: a parsed value
 *
 * Names the type of @item for messages ("expected a number, found a string").
 *
 * Returns: (transfer none): "null", "a boolean", "a number", "a string", "an array" or "an object"
 */
const char *
hvp_json_type_name (const cJSON *item)
{
  if (cJSON_IsNull (item))
    return "null";
  if (cJSON_IsBool (item))
    return "a boolean";
  if (cJSON_IsNumber (item))
    return "a number";
  if (cJSON_IsString (item))
    return "a string";
  if (cJSON_IsArray (item))
    return "an array";
  return "an object";
}

/**
 * hvp_json_format_number:
 * @value: a number as cJSON read it (a double)
 *
 * Formats @value for messages as the shortest text that reads back to the same double ("-5",
 * "2.5", "1e+300"); "the number" for an infinity (cJSON turns "1e999" into one and keeps no text).
 *
 * Returns: (transfer full): the text; free with g_free()
 */
char *
hvp_json_format_number (double value)
{
  if (!isfinite (value))
    return g_strdup ("the number");
  for (int precision = 15; precision < 17; precision++)
    {
      char *text = g_strdup_printf ("%.*g", precision, value);

      if (g_ascii_strtod (text, NULL) == value)
        return text;
      g_free (text);
    }
  return g_strdup_printf ("%.17g", value);
}

/**
 * hvp_json_number_to_uint64:
 * @item: a cJSON number (cJSON_IsNumber())
 * @maximum: the largest value to accept; at most %HVP_JSON_EXACT_MAX (2^53 - 1), above which a
 *   double no longer holds every integer
 * @what: what a valid value is, for the message: "a whole number", "a byte count"
 * @ret_value: (out): the value, on success
 * @error: return location for an error
 *
 * Reads @item as a whole number in [0, @maximum].  The message is the detail alone; the caller
 * adds the file and the key with g_prefix_error().
 *
 * Returns: %TRUE, or %FALSE with %HVP_ERROR_DATA "N is negative", "N is not WHAT" (fractional), "N is
 *   too large to read exactly (above 2^53 - 1)" or "N is out of range (above MAXIMUM)", N as
 *   hvp_json_format_number() writes it
 */
gboolean
hvp_json_number_to_uint64 (const cJSON *item, guint64 maximum, const char *what,
                           guint64 *ret_value, GError **error)
{
  double number;
  g_autofree char *text = NULL;

  g_return_val_if_fail (cJSON_IsNumber (item), FALSE);
  g_return_val_if_fail (maximum <= HVP_JSON_EXACT_MAX, FALSE);

  number = item->valuedouble;
  if (number >= 0 && floor (number) == number && number <= (double) maximum)
    {
      *ret_value = (guint64) number;
      return TRUE;
    }
  text = hvp_json_format_number (number);
  if (number < 0)
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "%s is negative", text);
  else if (isfinite (number) && floor (number) != number)
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA, "%s is not %s", text, what);
  else if (number > (double) HVP_JSON_EXACT_MAX)
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "%s is too large to read exactly (above 2^53 - 1)", text);
  else
    g_set_error (error, HVP_ERROR, HVP_ERROR_DATA,
                 "%s is out of range (above %" G_GUINT64_FORMAT ")", text, maximum);
  return FALSE;
}
