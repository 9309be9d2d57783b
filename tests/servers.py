"""Real servers for process tests: gunicorn against the SQLite file the test shares."""

import http.client
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, *arguments, port=None):
    """gunicorn serving config.wsgi on 127.0.0.1, once it answers; returns (process, port)."""
    port = port or free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - open as long as the server runs
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *arguments,
            "--bind",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    server.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {output(server)}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/connexion/")
            connection.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    server.log.close()


def output(server):
    """The end of what gunicorn wrote (its errors), for an assertion's message."""
    server.log.seek(0)
    return server.log.read().decode(errors="replace")[-3000:]
