// Replaced by the HTTP API.
