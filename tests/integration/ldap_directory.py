"""A throwaway OpenLDAP directory for the LDAP tests, and a directory that never replies.

`LdapDirectory` runs `slapd` in the foreground as a child process, listening on two free loopback
ports: plain LDAP (StartTLS on the same port) and LDAPS. Its configuration (`cn=config`) is
loaded offline with `slapadd -n 0`, and the tree is then added online with `ldapadd`, because
only an online add runs the memberof overlay that fills in `memberOf`. The TLS certificate is
self-signed for `IP:127.0.0.1`, so clients must connect to 127.0.0.1 and trust `ca_path`.

`SilentDirectory` accepts TCP connections on loopback and never sends a byte, for timeout tests.

Access rules of the directory: passwords can only be used to bind, bound users can read every
entry, and anonymous clients can read nothing.
"""

from __future__ import annotations

import os
import secrets
import select
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from server_process import free_port

SUFFIX = "dc=example,dc=org"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
ROOT_DN = f"cn=admin,{SUFFIX}"

# Seconds to wait for slapd to serve a search after it starts, and for it to exit on SIGTERM.
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
# Seconds any one LDAP command-line tool may run.
TOOL_TIMEOUT = 15.0
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")


@dataclass(frozen=True)
class DirectoryUser:
    """A person entry under ou=people: the login name (`uid`), its password and its DN."""

    login: str
    password: str
    dn: str


def user_dn(escaped_uid: str) -> str:
    """Return the DN of a person entry; `escaped_uid` must already be escaped per RFC 4514."""
    return f"uid={escaped_uid},{PEOPLE}"


def group_dn(name: str) -> str:
    return f"cn={name},{GROUPS}"


ALICE = DirectoryUser("alice", "alicepw", user_dn("alice"))
BOB = DirectoryUser("bob", "bobpw", user_dn("bob"))
CAROL = DirectoryUser("carol", "carolpw", user_dn("carol"))
SERVICE = DirectoryUser("svc-bind", "svcpw", user_dn("svc-bind"))
# A login name with every character that RFC 4514 (DN) or RFC 4515 (filter) escaping must
# handle except NUL: a quote, a comma, a space, parentheses, an asterisk and a plus sign.
ODD = DirectoryUser("o'hara, (ops)*+x", "oharapw", user_dn("o'hara\\, (ops)*\\+x"))

GRAPH_ADMINS = group_dn("graph-admins")
GRAPH_READERS = group_dn("graph-readers")
GRAPH_EDITORS = group_dn("graph-editors")
# A group whose only member is the group graph-readers, so its members belong to it only
# through nesting. The memberof overlay does not follow nesting, so `memberOf` never lists it.
ALL_STAFF = group_dn("all-staff")

# Group DN -> member DNs of the test tree. graph-editors starts empty for cache tests.
GROUP_MEMBERS: dict[str, list[str]] = {
    GRAPH_ADMINS: [ALICE.dn],
    GRAPH_READERS: [ALICE.dn, BOB.dn, ODD.dn],
    GRAPH_EDITORS: [],
    ALL_STAFF: [GRAPH_READERS],
}


def person_ldif(user: DirectoryUser) -> str:
    return (
        f"dn: {user.dn}\n"
        "objectClass: inetOrgPerson\n"
        f"uid: {user.login}\n"
        f"cn: {user.login}\n"
        f"sn: {user.login}\n"
        f"userPassword: {user.password}\n"
    )


def group_ldif(dn: str, members: list[str]) -> str:
    # groupOfNames needs at least one member; an empty group contains the root DN as a placeholder,
    # which no login can match because the root DN is not under ou=people.
    lines = [f"dn: {dn}", "objectClass: groupOfNames", f"cn: {dn.split(',')[0].removeprefix('cn=')}"]
    lines += [f"member: {member}" for member in members or [ROOT_DN]]
    return "\n".join(lines) + "\n"


def tree_ldif() -> str:
    """Return the LDIF of the whole test tree: suffix, two units, the people and the groups."""
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups\n",
    ]
    entries += [person_ldif(user) for user in (ALICE, BOB, CAROL, SERVICE, ODD)]
    entries += [group_ldif(dn, members) for dn, members in GROUP_MEMBERS.items()]
    return "\n".join(entries)


def config_ldif(root: Path, root_password_hash: str) -> str:
    """Return the cn=config LDIF: TLS files, back_mdb with the memberof overlay, access rules."""
    schemas = "\n".join(
        f"include: file://{SCHEMA_DIR / name}.ldif" for name in ("core", "cosine", "inetorgperson", "nis")
    )
    return f"""dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {root}/run/slapd.pid
olcArgsFile: {root}/run/slapd.args
olcTLSCertificateFile: {root}/server.crt
olcTLSCertificateKeyFile: {root}/server.key
olcTLSCACertificateFile: {root}/server.crt
olcLogLevel: none

dn: cn=module{{0}},cn=config
objectClass: olcModuleList
cn: module{{0}}
olcModulePath: {MODULE_DIR}
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

{schemas}

dn: olcDatabase={{-1}}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {{-1}}frontend

dn: olcDatabase={{0}}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {{0}}config
olcAccess: {{0}}to * by * none

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcSuffix: {SUFFIX}
olcRootDN: {ROOT_DN}
olcRootPW: {root_password_hash}
olcDbDirectory: {root}/data
olcDbMaxSize: 67108864
olcDbIndex: objectClass eq
olcDbIndex: uid,cn eq
olcDbIndex: member eq
olcAccess: {{0}}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {{1}}to * by users read by * none

dn: olcOverlay={{0}}memberof,olcDatabase={{1}}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {{0}}memberof
olcMemberOfRefInt: TRUE
"""


def run_tool(arguments: list[str], *, input_text: str | None = None, env: dict[str, str] | None = None) -> str:
    """Run an OpenLDAP or OpenSSL tool and return its standard output; raise with its output on failure."""
    result = subprocess.run(
        arguments,
        input=input_text,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{arguments[0]} exited with {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def make_certificate(key_path: Path, certificate_path: Path, common_name: str) -> None:
    """Write a self-signed RSA certificate valid for 2 days for DNS:localhost and IP:127.0.0.1."""
    run_tool(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={common_name}",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key_path),
            "-out",
            str(certificate_path),
        ]
    )


class LdapDirectory:
    """One slapd process with its configuration, data, certificate and log in `root`.

    `stop()` and `start()` may be called any number of times. The data and the ports are kept, so
    to clients a restart looks like the same directory coming back.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.tls_port = free_port()
        self.root_password = "ldap-root-" + secrets.token_hex(8)
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = root / "slapd.log"
        self._root_password_file = root / "root-password"
        self._other_ca: Path | None = None
        self._configure()

    @property
    def uri(self) -> str:
        """The plain `ldap://` URI (StartTLS upgrades connections to it)."""
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def tls_uri(self) -> str:
        return f"ldaps://127.0.0.1:{self.tls_port}"

    @property
    def ca_path(self) -> Path:
        """The PEM file that verifies the directory's certificate (the certificate itself)."""
        return self.root / "server.crt"

    @property
    def other_ca_path(self) -> Path:
        """A PEM certificate that did not sign the directory's certificate, for negative TLS tests."""
        if self._other_ca is None:
            path = self.root / "other-ca.crt"
            make_certificate(self.root / "other-ca.key", path, "not-the-directory")
            self._other_ca = path
        return self._other_ca

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _configure(self) -> None:
        for name in ("slapd.d", "data", "run"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        make_certificate(self.root / "server.key", self.ca_path, "localhost")
        # The tools read the root password from a file (-T, -y), so it never shows in `ps`.
        self._root_password_file.write_text(self.root_password)
        self._root_password_file.chmod(0o600)
        password_hash = run_tool(["slappasswd", "-T", str(self._root_password_file)]).strip()
        config = self.root / "config.ldif"
        config.write_text(config_ldif(self.root, password_hash))
        run_tool(["slapadd", "-n", "0", "-F", str(self.root / "slapd.d"), "-l", str(config)])

    def start(self) -> None:
        """Start slapd in the foreground and wait until it serves searches; load the tree on the first start."""
        if self.running:
            raise RuntimeError("slapd is already running")
        first_start = not any((self.root / "data").iterdir())
        listeners = f"{self.uri}/ {self.tls_uri}/"
        with open(self.log_path, "ab") as log:
            # -d 0 keeps slapd in the foreground without debug output, so this object owns the process.
            self.process = subprocess.Popen(
                ["slapd", "-d", "0", "-F", str(self.root / "slapd.d"), "-h", listeners],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        self._wait_until_ready()
        if first_start:
            self.modify(tree_ldif(), add=True)

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self.process is not None
            code = self.process.poll()
            if code is not None:
                self.process = None
                raise RuntimeError(f"slapd exited with {code} during start-up\n{self.log_tail()}")
            try:
                # The root DSE exists before the tree is loaded.
                self.search("", "(objectClass=*)", scope="base", bind=(ROOT_DN, self.root_password))
                return
            except RuntimeError:
                if time.monotonic() >= deadline:
                    self.stop()
                    raise RuntimeError(
                        f"slapd did not serve a search within {START_TIMEOUT} s\n{self.log_tail()}"
                    ) from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop slapd with SIGTERM (SIGKILL after STOP_TIMEOUT seconds) and wait for it to exit."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def modify(self, ldif: str, *, add: bool = False) -> None:
        """Apply `ldif` with `ldapmodify` as the root DN; `add=True` adds entries (`ldapadd`)."""
        arguments = ["ldapmodify", "-x", "-H", self.uri, "-D", ROOT_DN, "-y", str(self._root_password_file)]
        if add:
            arguments.append("-a")
        run_tool(arguments, input_text=ldif)

    def add_member(self, group: str, member: str) -> None:
        self.modify(f"dn: {group}\nchangetype: modify\nadd: member\nmember: {member}\n")

    def remove_member(self, group: str, member: str) -> None:
        self.modify(f"dn: {group}\nchangetype: modify\ndelete: member\nmember: {member}\n")

    def add_user(self, user: DirectoryUser) -> None:
        self.modify(person_ldif(user), add=True)

    def search(
        self,
        base: str,
        search_filter: str,
        *attributes: str,
        scope: str = "sub",
        bind: tuple[str, str] | None = None,
    ) -> str:
        """Run `ldapsearch -LLL` on the plain URI and return its LDIF output.

        Search result references appear as `# ref<URI>` comment lines.

        `bind` is a (DN, password) pair; the default binds as the service account.
        """
        dn, password = bind or (SERVICE.dn, SERVICE.password)
        arguments = ["ldapsearch", "-LLL", "-x", "-H", self.uri, "-D", dn, "-w", password, "-s", scope, "-b", base]
        return run_tool([*arguments, search_filter, *attributes])

    def whoami(self, dn: str, password: str, *, mode: str = "plain") -> str:
        """Bind with `ldapwhoami` over "plain", "starttls" or "ldaps" and return the authorization id.

        TLS modes trust only `ca_path`, through libldap's LDAPTLS_CACERT variable.
        """
        env = dict(os.environ, LDAPTLS_CACERT=str(self.ca_path), LDAPTLS_REQCERT="demand")
        uri = self.tls_uri if mode == "ldaps" else self.uri
        arguments = ["ldapwhoami", "-x", "-H", uri, "-D", dn, "-w", password]
        if mode == "starttls":
            arguments.append("-ZZ")
        return run_tool(arguments, env=env).strip()

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            text = ""
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last {lines} lines of {self.log_path}:\n{tail}"


@contextmanager
def running_directory(root: Path) -> Iterator[LdapDirectory]:
    """Start a directory in `root` for the length of the `with` block, then stop it."""
    directory = LdapDirectory(root)
    directory.start()
    try:
        yield directory
    finally:
        directory.stop()


class SilentDirectory:
    """A TCP listener on 127.0.0.1 that accepts connections, reads and discards, and never replies.

    An LDAP client connects at once and then waits for a reply that never comes, so only the
    client's read time-out ends its request.
    """

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port: int = self.listener.getsockname()[1]
        self.accepted = 0
        self._connections: list[socket.socket] = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="silent-directory", daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stopping.is_set():
            sockets = [self.listener, *self._connections]
            readable, _, _ = select.select(sockets, [], [], 0.1)
            for ready in readable:
                if ready is self.listener:
                    connection, _ = self.listener.accept()
                    self._connections.append(connection)
                    self.accepted += 1
                    continue
                try:
                    data = ready.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    # The client gave up; forget the connection so select does not spin on it.
                    self._connections.remove(ready)
                    ready.close()

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        for connection in self._connections:
            connection.close()
        self.listener.close()

    def __enter__(self) -> SilentDirectory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
