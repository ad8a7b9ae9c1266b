/// The `--help` text.
enum Usage {
    static let text = """
        Usage: nornicdb-load SUBCOMMAND --address HOST:PORT [options]

        A Bolt load generator: one OS thread and one blocking socket per connection.

        Subcommands:
          roundtrip  Each connection logs in once, then sends RUN and PULL {n: -1} in one write
                     and reads to PULL's summary, in a loop. One row per connection count.
          login      Each operation opens a connection, completes the handshake, HELLO (and
                     LOGON from Bolt 5.1), optionally runs --query, and closes. One row per count.
          idle       Opens --connections N logged-in connections (16 logins at a time), prints
                     'ready N' and keeps them open until standard input ends or SIGTERM or
                     SIGINT arrives, then exits 0. Exits 1 if any login fails.

        Connection options (all subcommands):
          --address HOST:PORT     Server; HOST is an IPv4 or IPv6 literal ([::1]:7687) or localhost.
          --connections LIST      Comma-separated connection counts (default 1); idle takes one count.
          --scheme SCHEME         none (default), basic, bearer, or jwt-basic (basic auth with an
                                  empty principal and the token as credentials).
          --user NAME             User name for basic.
          --password TEXT         Password for basic; visible in the process list.
          --password-file PATH    File with the password; one trailing line break is dropped.
          --token TEXT            Token for bearer and jwt-basic; visible in the process list.
          --token-file PATH       File with one token per line; connection i uses token i modulo
                                  the count, which spreads connections over several users.
          --bolt VERSION          Propose only this version (4.4, 5.0 to 5.8). Default: 5.8 to 5.0
                                  as a range, then 5.0, then 4.4.
          --user-agent TEXT       HELLO user_agent (default nornicdb-load/1.0).
          --timeout SECONDS       Socket send and receive timeout, and the longest time one
                                  reply may take (default 10).
          --goodbye               Send GOODBYE before closing. Off by default, because FalkorDB
                                  fails the next handshake after a connection that sent GOODBYE.

        Measurement options (roundtrip and login):
          --duration SECONDS      Measured time per connection count (default 10).
          --warmup SECONDS        Unrecorded time before it, after all connections are ready (default 1).
          --query TEXT            Query; roundtrip's default is RETURN 1, login runs none by default.
          --int-param NAME:LO:HI  Set parameter $NAME to a random integer from LO to HI per operation.
          --label TEXT            Value of the target column (default: the address).
          --scenario TEXT         Value of the scenario column (default: the subcommand).
          --json PATH             Append one JSON object per row to PATH.
          --fail-on-error         Exit 1 when any operation failed.
          --no-header             Print the table rows without the header.

        Output: one Markdown row per connection count on standard output; progress and each
        row's first error on standard error. Exit status 2 for an invalid command line.
        """
}
