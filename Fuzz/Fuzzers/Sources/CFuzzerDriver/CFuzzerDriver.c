// The header declares libFuzzer's driver, which -sanitize=fuzzer links in.
#include "CFuzzerDriver.h"
