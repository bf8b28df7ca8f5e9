"""A real Redis server for a test, on a free port, that the test can stop and start again (an outage)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.clock import without_faketime

REDIS_SERVER = Path("/usr/bin/redis-server")


class RedisServer:
    def __init__(self, folder: Path) -> None:
        if not REDIS_SERVER.exists():
            if os.environ.get("CI"):
                pytest.fail("CI: /usr/bin/redis-server is missing (.ci/run installs the redis-server package)")
            pytest.skip("redis-server is not installed (CI installs it)")
        self.folder = folder
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [
                str(REDIS_SERVER),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=without_faketime(dict(os.environ)),  # a service beside the app: on the machine's clock
        )
        client = redis.Redis(host="127.0.0.1", port=self.port)
        for _ in range(200):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("redis-server did not answer")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
