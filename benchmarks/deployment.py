"""The deploy/ recipe, run on this machine: replicas from the systemd unit, nginx from the site file.

Nothing here restates the recipe. A replica is started with the unit's own ``ExecStart``
(``%i`` the port), environment (``EnvironmentFile`` rendered from
``deploy/wayfinder.env.example``, then ``Environment=``) and ``WorkingDirectory``, and is
called started when the unit's ``ExecStartPost`` health wait succeeds. nginx runs the site
file rendered with loopback ports, a throwaway certificate and logs in a temporary folder,
inside a minimal main configuration that stands in for Debian's ``/etc/nginx/nginx.conf``.
The unit's installation paths (``/opt/wayfinder``, ``/etc/wayfinder``, ``/var/lib/wayfinder``)
become this checkout and temporary folders. Used by ``benchmarks/bench_scale.py`` and
``tests/e2e/test_deploy.py``; everything started is stopped when the block ends, even on error.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import make_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEPLOY_DIR = PROJECT_DIR / "deploy"
UNIT_FILE = DEPLOY_DIR / "systemd" / "wayfinder@.service"
SITE_FILE = DEPLOY_DIR / "nginx" / "wayfinder.conf"
ENV_EXAMPLE = DEPLOY_DIR / "wayfinder.env.example"
INSTALL_DIR, CONFIG_DIR, STATE_DIR = "/opt/wayfinder", "/etc/wayfinder", "/var/lib/wayfinder"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
POSTGRES_ADMIN_URL = os.environ.get(
    "WAYFINDER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
STARTUP_TIMEOUT_S = 90
_PLACEHOLDER = re.compile(r"\$\{(WAYFINDER_[A-Z_]+)\}")


class DeploymentError(RuntimeError):
    """Something of the recipe did not start; the message carries its log."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each ``${WAYFINDER_…}`` replaced, as ``envsubst`` does; nginx's own
    ``$variables`` stay. A placeholder without a value is an error, not an empty string."""
    missing = sorted({name for name in _PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise DeploymentError(f"no value for {', '.join(missing)}")
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def unit_directives(path: Path = UNIT_FILE) -> dict[str, list[str]]:
    """The ``[Service]`` section of a unit file: each directive's values, in order."""
    directives: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            key, _, value = line.partition("=")
            directives.setdefault(key.strip(), []).append(value.strip())
    return directives


def read_env_file(text: str) -> dict[str, str]:
    """``KEY=value`` lines as systemd's ``EnvironmentFile`` reads them (comments skipped)."""
    values = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith(("#", ";")) and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip("\"'")
    return values


@dataclass(frozen=True)
class Paths:
    """Where this run puts what the unit expects in /etc/wayfinder and /var/lib/wayfinder."""

    config_dir: Path
    state_dir: Path
    app_dir: Path = PROJECT_DIR

    def localise(self, text: str) -> str:
        return (
            text.replace(INSTALL_DIR, str(self.app_dir))
            .replace(CONFIG_DIR, str(self.config_dir))
            .replace(STATE_DIR, str(self.state_dir))
        )


def _specifiers(value: str, instance: str) -> str:
    """systemd's ``%i`` and ``%%``, and ``$$`` for a literal dollar."""
    return value.replace("%%", "\0").replace("%i", instance).replace("\0", "%").replace("$$", "$")


@dataclass
class ReplicaPlan:
    """What systemd would run for ``wayfinder@<port>``."""

    port: int
    argv: list[str]
    environment: dict[str, str]
    working_directory: Path
    health_wait: list[list[str]]


def replica_plan(port: int, paths: Paths, *, unit: Path = UNIT_FILE) -> ReplicaPlan:
    """The unit's commands and environment for instance ``port``, with this run's paths."""
    directives = unit_directives(unit)
    instance = str(port)

    def resolve(value: str) -> str:
        return paths.localise(_specifiers(value, instance))

    environment: dict[str, str] = {}
    for env_file in directives.get("EnvironmentFile", []):
        environment.update(read_env_file(Path(resolve(env_file.lstrip("-"))).read_text()))
    for assignment in directives.get("Environment", []):
        for word in shlex.split(resolve(assignment)):
            key, _, value = word.partition("=")
            environment[key] = value
    (exec_start,) = directives["ExecStart"]
    return ReplicaPlan(
        port=port,
        argv=shlex.split(resolve(exec_start)),
        environment=environment,
        working_directory=Path(resolve(directives["WorkingDirectory"][0])),
        health_wait=[shlex.split(resolve(command)) for command in directives.get("ExecStartPost", [])],
    )


def write_env_file(paths: Paths, values: Mapping[str, str]) -> Path:
    """/etc/wayfinder/wayfinder.env for this run: the example's keys, with ``values`` filled in."""
    unknown = sorted(set(values) - set(read_env_file(ENV_EXAMPLE.read_text())))
    if unknown:
        raise DeploymentError(f"{', '.join(unknown)} are not in {ENV_EXAMPLE.name}")
    lines = []
    for raw in ENV_EXAMPLE.read_text().splitlines():
        key = raw.partition("=")[0].strip()
        lines.append(f"{key}={values[key]}" if not raw.startswith("#") and key in values else raw)
    path = paths.config_dir / "wayfinder.env"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


@dataclass
class Replica:
    """One replica as systemd runs it: started, health-checked, stopped with SIGTERM."""

    plan: ReplicaPlan
    log: Path
    environment: dict[str, str]
    process: subprocess.Popen | None = None
    # The priority it was first started with: a restart from a process that has since lowered
    # its own priority (the benchmark's clients) gives it back.
    niceness: int = field(default_factory=lambda: os.getpriority(os.PRIO_PROCESS, 0))

    @property
    def port(self) -> int:
        return self.plan.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def application_name(self) -> str:
        return f"wayfinder-{self.port}"

    def start(self) -> None:
        """``ExecStart``, then every ``ExecStartPost`` (the health wait) must succeed."""
        if not Path(self.plan.argv[0]).exists():
            raise DeploymentError(f"{self.plan.argv[0]} is missing: run `make run` or `make test` first")
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                self.plan.argv,
                cwd=self.plan.working_directory,
                env=self.environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        with suppress(PermissionError):  # raising a priority needs root
            os.setpriority(os.PRIO_PROCESS, self.process.pid, self.niceness)
        for command in self.plan.health_wait:
            if subprocess.run(command, env=self.environment, check=False).returncode != 0:
                raise DeploymentError(f"replica {self.port} failed its health check:\n{self._log_tail()}")
        if self.process.poll() is not None:
            raise DeploymentError(f"replica {self.port} exited:\n{self._log_tail()}")

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM and up to ``timeout`` seconds to finish (the unit's TimeoutStopSec), then SIGKILL."""
        if self.process is not None:
            _stop(self.process, timeout)

    def restart(self) -> float:
        """``systemctl restart``: stop, start, healthy again; returns the seconds it took."""
        began = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - began

    def memory_kib(self) -> tuple[int, int]:
        """(resident now, peak resident) of the replica's process, in KiB, from /proc."""
        fields = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _stop(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_replica(
    plan: ReplicaPlan, log: Path, extra_environment: Mapping[str, str] = {}
) -> Iterator[Replica]:
    """Start the replica as systemd would and wait for the unit's health check; stop it after."""
    log.write_text("")
    replica = Replica(plan, log, {**os.environ, **plan.environment, **extra_environment})
    try:
        replica.start()
        yield replica
    finally:
        replica.stop()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (the browsers are told to accept it)."""
    certificate, key = directory / "wayfinder.pem", directory / "wayfinder.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


_MAIN_CONF = """\
# Stands in for Debian's /etc/nginx/nginx.conf, which includes sites-enabled/* in http {{}}.
worker_processes auto;
pid {directory}/nginx.pid;
error_log {directory}/nginx.error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {site};
}}
"""


@dataclass
class Proxy:
    """nginx in front of the replicas: its addresses, process and logs."""

    https_port: int
    http_port: int
    process: subprocess.Popen
    directory: Path

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def access_log(self) -> Path:
        return self.directory / "wayfinder.access.log"


def site_values(directory: Path, https_port: int, http_port: int, replica_ports: Sequence[int]) -> dict:
    certificate, key = self_signed_certificate(directory)
    return {
        "WAYFINDER_SERVER_NAME": "127.0.0.1",
        "WAYFINDER_LISTEN_HTTPS": f"127.0.0.1:{https_port} ssl",
        "WAYFINDER_LISTEN_HTTP": f"127.0.0.1:{http_port}",
        "WAYFINDER_TLS_CERTIFICATE": str(certificate),
        "WAYFINDER_TLS_KEY": str(key),
        "WAYFINDER_LOG_DIR": str(directory),
        "WAYFINDER_REPLICAS": "\n    ".join(
            f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in replica_ports
        ),
    }


def write_nginx_config(directory: Path, replica_ports: Sequence[int]) -> tuple[Path, int, int]:
    """The site file rendered for loopback, inside a minimal main configuration; checked with
    ``nginx -t``. Returns (main configuration, https port, http port)."""
    directory.chmod(0o755)  # nginx's workers (nobody, when started as root) write temp files here
    https_port, http_port = free_port(), free_port()
    site = directory / "wayfinder.conf"
    site.write_text(
        render(SITE_FILE.read_text(), site_values(directory, https_port, http_port, replica_ports))
    )
    main = directory / "nginx.conf"
    main.write_text(_MAIN_CONF.format(directory=directory, site=site))
    checked = subprocess.run(nginx_command(main, "-t"), capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise DeploymentError(f"nginx -t refused the rendered configuration:\n{checked.stderr}")
    return main, https_port, http_port


def nginx_command(main: Path, *options: str) -> list[str]:
    """nginx on ``main``, its startup log beside it (not /var/log/nginx: no root needed)."""
    return [NGINX, "-c", str(main), "-e", str(main.parent / "nginx.error.log"), *options]


def insecure_tls() -> ssl.SSLContext:
    """For the throwaway certificate only."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def health(url: str, timeout: float = 2) -> str:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout, context=insecure_tls()) as answer:
        return answer.read().decode().strip()


@contextmanager
def running_proxy(directory: Path, replica_ports: Sequence[int]) -> Iterator[Proxy]:
    main, https_port, http_port = write_nginx_config(directory, replica_ports)
    log = directory / "nginx.out"
    with log.open("w") as output:
        process = subprocess.Popen(nginx_command(main), stdout=output, stderr=subprocess.STDOUT)
    proxy = Proxy(https_port, http_port, process, directory)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise DeploymentError(f"nginx exited:\n{log.read_text()}")
            try:
                if health(proxy.url) == "ok":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise DeploymentError(f"nginx did not answer in 20 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield proxy
    finally:
        _stop(process, timeout=10)


def admin_connection() -> psycopg.Connection:
    """An autocommit connection to the maintenance database (``WAYFINDER_TEST_POSTGRES_URL``)."""
    return _admin()


def _admin() -> psycopg.Connection:
    url = make_url(POSTGRES_ADMIN_URL)
    return psycopg.connect(
        host=url.host, port=url.port or 5432, user=url.username, password=url.password,
        dbname=url.database, autocommit=True, connect_timeout=3,
    )  # fmt: skip


def postgres_reason() -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    try:
        _admin().close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL not reachable ({str(error).strip().splitlines()[0]})"
    return None


def nginx_reason() -> str | None:
    """None when nginx and openssl are installed, else why not."""
    if not Path(NGINX).exists():
        return "nginx is not installed (scripts/system-deps.sh installs Debian's package as root)"
    if shutil.which("openssl") is None:
        return "openssl is not installed"
    return None


@contextmanager
def throwaway_database() -> Iterator[str]:
    """An empty PostgreSQL database, created and dropped through the maintenance database;
    yields its URL."""
    name = f"wayfinder_scale_{secrets.token_hex(4)}"
    with _admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Deployment:
    """Replicas and the proxy in front of them."""

    replicas: list[Replica]
    proxy: Proxy
    paths: Paths
    environment: dict[str, str] = field(default_factory=dict)


@contextmanager
def deployment(
    directory: Path,
    *,
    database_url: str,
    replicas: int = 2,
    settings: Mapping[str, str] = {},
    extra_environment: Mapping[str, str] = {},
    app_dir: Path = PROJECT_DIR,
) -> Iterator[Deployment]:
    """``replicas`` app servers on ``database_url`` and nginx in front, as deploy/ describes.

    ``settings`` fill /etc/wayfinder/wayfinder.env beyond the database and a fresh shared
    cookie secret; ``extra_environment`` goes to the replicas only (the benchmark's probe).
    ``app_dir`` is the release the replicas run (the unit's /opt/wayfinder): this checkout.
    """
    paths = Paths(directory / "etc", directory / "state", app_dir)
    paths.config_dir.mkdir(parents=True)
    paths.state_dir.mkdir(parents=True)
    write_env_file(
        paths,
        {
            "WAYFINDER_DATABASE_URL": database_url,
            "WAYFINDER_PUBLIC_URL": "",
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
            **settings,
        },
    )
    ports = [free_port() for _ in range(replicas)]
    with ExitStack() as stack:
        started = []
        plans = [replica_plan(port, paths) for port in ports]
        for plan in plans:
            started.append(
                stack.enter_context(
                    running_replica(plan, directory / f"replica-{plan.port}.log", extra_environment)
                )
            )
        proxy_dir = directory / "nginx"
        proxy_dir.mkdir()
        proxy = stack.enter_context(running_proxy(proxy_dir, ports))
        yield Deployment(started, proxy, paths, plans[0].environment)
