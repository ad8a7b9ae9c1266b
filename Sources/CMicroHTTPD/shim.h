// libmicrohttpd's header uses these types without including their headers itself.
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <microhttpd.h>

// Swift does not import C variadic functions. This wrapper fixes the argument list of
// MHD_get_connection_info for the info types that take no extra argument, such as
// MHD_CONNECTION_INFO_CLIENT_ADDRESS, MHD_CONNECTION_INFO_CONNECTION_FD and
// MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE.
static inline const union MHD_ConnectionInfo *
CMicroHTTPD_get_connection_info(struct MHD_Connection *connection, enum MHD_ConnectionInfoType info_type)
{
    return MHD_get_connection_info(connection, info_type);
}
