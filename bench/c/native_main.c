/* Host driver for the reference checksums: links one workload natively and
 * prints run(n) for each n on the command line. Used only by build.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

uint32_t run(uint32_t n);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) printf("%u\n", run((uint32_t)strtoul(argv[i], NULL, 10)));
  return 0;
}
