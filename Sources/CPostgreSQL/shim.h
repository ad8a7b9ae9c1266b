#pragma once
// libpq-dev installs its headers under /usr/include/postgresql; the path keeps the target free of
// extra compiler flags.
#include <postgresql/libpq-fe.h>
