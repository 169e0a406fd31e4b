"""The deploy/ recipe on this machine: two replicas from the systemd unit behind nginx from the site file.

A smoke test of the proxy, not of the app (``benchmarks/bench_scale.py`` runs the app through it
with PostgreSQL and Chromium): the replicas share a SQLite file they never open. Skips, saying
why, without nginx (``scripts/system-deps.sh`` installs Debian's package as root).
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import deployment

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[deployment.Deployment]:
    if reason := deployment.nginx_reason():
        pytest.skip(reason)
    directory = tmp_path_factory.mktemp("deploy")
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    with deployment.deployment(directory, database_url=database_url, replicas=2) as running:
        yield running


def request(
    cluster: deployment.Deployment,
    method: str,
    path: str,
    *,
    cookie: str | None = None,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> http.client.HTTPResponse:
    connection = http.client.HTTPSConnection(
        "127.0.0.1", cluster.proxy.https_port, context=deployment.insecure_tls(), timeout=30
    )
    all_headers = dict(headers or {})
    if cookie:
        all_headers["Cookie"] = f"wayfinder_route={cookie}"
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def upstreams(cluster: deployment.Deployment, marker: str) -> list[str]:
    """The replica that served each logged request whose line contains ``marker`` (the last one
    tried: after a failed attempt nginx logs "first, second")."""
    time.sleep(0.2)  # nginx writes the line when the response is done
    lines = cluster.proxy.access_log.read_text().splitlines()
    return [line.split("upstream=")[1].split(" urt=")[0].split(", ")[-1] for line in lines if marker in line]


def test_the_rendered_site_passes_nginx_t(cluster):
    checked = subprocess.run(
        deployment.nginx_command(cluster.proxy.directory / "nginx.conf", "-t"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_health_answers_through_the_proxy_and_on_each_replica(cluster):
    assert deployment.health(cluster.proxy.url) == "ok"
    assert [deployment.health(replica.url) for replica in cluster.replicas] == ["ok", "ok"]


def test_plain_http_is_sent_to_https(cluster):
    connection = http.client.HTTPConnection("127.0.0.1", cluster.proxy.http_port, timeout=10)
    connection.request("GET", "/questionnaire?r=abc")
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"].startswith("https://127.0.0.1")
    assert response.headers["Location"].endswith("/questionnaire?r=abc")


def test_a_browser_keeps_its_replica_and_browsers_are_spread_over_both(cluster):
    first = request(cluster, "GET", "/?first-visit")
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith("wayfinder_route=") and "HttpOnly" in cookie and "Secure" in cookie
    route = cookie.split(";")[0].split("=", 1)[1]
    again = request(cluster, "GET", "/?same-browser", cookie=route)
    assert again.headers["Set-Cookie"] is None, "the route is set once"
    for _ in range(5):
        request(cluster, "GET", "/_stcore/host-config?same-browser", cookie=route)
    served = set(upstreams(cluster, "same-browser") + upstreams(cluster, "first-visit"))
    assert len(served) == 1

    for number in range(20):
        request(cluster, "GET", f"/_stcore/host-config?browser-{number}", cookie=f"browser-{number}")
    assert len(set(upstreams(cluster, "?browser-"))) == 2


def test_the_websocket_is_upgraded_through_the_proxy(cluster):
    raw = socket.create_connection(("127.0.0.1", cluster.proxy.https_port), timeout=10)
    with deployment.insecure_tls().wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        tls.sendall(
            b"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
        )
        status = tls.recv(4096).split(b"\r\n", 1)[0]
    assert status == b"HTTP/1.1 101 Switching Protocols"


def test_uploads_up_to_the_apps_limit_pass_and_larger_ones_are_refused(cluster):
    within = request(cluster, "PUT", "/_stcore/upload_file/session/file", body=b"x" * (5 * 1024 * 1024))
    assert within.status != 413, "the app, not nginx, judges a file under its 20 MB"
    beyond = request(cluster, "PUT", "/_stcore/upload_file/session/file", body=b"x" * (22 * 1024 * 1024))
    assert beyond.status == 413
    elsewhere = request(cluster, "POST", "/?big-body", body=b"x" * (2 * 1024 * 1024))
    assert elsewhere.status == 413, "only the upload path takes large bodies"


def test_a_stopped_replica_sends_its_browsers_to_the_other(cluster):
    routes = [f"failover-{number}" for number in range(12)]
    for route in routes:
        request(cluster, "GET", f"/_stcore/host-config?{route}", cookie=route)
    before = dict(zip(routes, upstreams(cluster, "?failover-"), strict=True))
    stopped = cluster.replicas[0]
    stopped.process.terminate()
    stopped.process.wait(timeout=20)
    moved = [route for route in routes if before[route] == f"127.0.0.1:{stopped.port}"]
    assert moved, "some browsers were on the stopped replica"
    for route in moved:
        assert request(cluster, "GET", f"/_stcore/host-config?after-{route}", cookie=route).status == 200
    assert set(upstreams(cluster, "?after-failover-")) == {f"127.0.0.1:{cluster.replicas[1].port}"}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_unit_file_is_valid_for_systemd(tmp_path: Path):
    unit = tmp_path / "wayfinder@.service"
    # Installed, the release lives in /opt/wayfinder; here its streamlit is this checkout's.
    unit.write_text(deployment.UNIT_FILE.read_text().replace("/opt/wayfinder", str(deployment.PROJECT_DIR)))
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr + checked.stdout
