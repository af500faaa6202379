/* The reference of t/bench/read/run.sh (issue 14): a bare cJSON_Parse() of a file, the floor any
 * reader built on cJSON stands on.  Reads the whole file into memory (not timed), then times
 * cJSON_Parse() alone and prints "PARSE-WALL PARSE-CPU" in seconds on standard output; the tree
 * is freed with cJSON_Delete() after the clock stops.  Exit 65 when the text is not JSON, 66 when
 * the file cannot be read.
 *
 *   cc -O2 -o cjson-parse cjson-parse.c $(pkg-config --cflags --libs libcjson)
 *   ./cjson-parse FILE */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
seconds (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);
  return (double) now.tv_sec + (double) now.tv_nsec / 1e9;
}

static char *
read_file (const char *name)
{
  FILE *file = fopen (name, "rb");
  char *text = NULL;
  long length;

  if (file == NULL || fseek (file, 0, SEEK_END) != 0 || (length = ftell (file)) < 0
      || fseek (file, 0, SEEK_SET) != 0 || (text = malloc ((size_t) length + 1)) == NULL
      || fread (text, 1, (size_t) length, file) != (size_t) length)
    {
      perror (name);
      exit (66);
    }
  text[length] = '\0';
  fclose (file);
  return text;
}

int
main (int argc, char **argv)
{
  char *text;
  double wall, cpu;
  cJSON *tree;

  if (argc != 2)
    {
      fprintf (stderr, "usage: cjson-parse FILE\n");
      return 64;
    }
  text = read_file (argv[1]);
  wall = seconds (CLOCK_MONOTONIC);
  cpu = seconds (CLOCK_PROCESS_CPUTIME_ID);
  tree = cJSON_Parse (text);
  cpu = seconds (CLOCK_PROCESS_CPUTIME_ID) - cpu;
  wall = seconds (CLOCK_MONOTONIC) - wall;
  if (tree == NULL)
    {
      fprintf (stderr, "%s: not JSON\n", argv[1]);
      return 65;
    }
  printf ("%.3f %.3f\n", wall, cpu);
  cJSON_Delete (tree);
  free (text);
  return 0;
}
