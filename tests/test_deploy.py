"""deploy/ is what a gym admin copies onto a server: the env template, the systemd units and the nginx site. Each is
checked with the tool that will read it (the settings, systemd-analyze, a real nginx), so none can drift."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from crosstrain.web.settings_reference import env_template

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
APP = "/srv/crosstrain/app"


def _tool(name: str, *candidates: str) -> str:
    found = shutil.which(name) or next((c for c in candidates if Path(c).exists()), None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {name}; .ci/run installs it")
    pytest.skip(f"{name} is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_env_template_is_generated_from_the_settings_reference() -> None:
    assert (DEPLOY / "crosstrain.env.example").read_text() == env_template(), (
        "deploy/crosstrain.env.example is stale: python -m crosstrain.web.settings_reference > "
        "deploy/crosstrain.env.example"
    )


def test_the_env_template_with_a_secret_passes_the_deployment_checks(tmp_path: Path) -> None:
    """Filled in as its comments say (a secret key; here a throwaway SQLite database and static folder) and loaded the
    way an admin runs a command on the server (deploy/manage, which sources it as a shell does), the template is a
    production configuration `check --deploy` has nothing to say about; without the secret the app refuses."""
    template = (DEPLOY / "crosstrain.env.example").read_text()
    env_file = tmp_path / "crosstrain.env"
    # As a service manager starts it: nothing of the test run's own settings (the browser tests' DJANGO_*) leaks in.
    leaks = ("CROSSTRAIN_", "DATABASE_URL", "VIRTUAL_ENV", "DJANGO_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(leaks)}
    env["CROSSTRAIN_ENV_FILE"] = str(env_file)
    env["CROSSTRAIN_USER"] = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    local = f"\nDATABASE_URL=sqlite:///{tmp_path / 'db.sqlite3'}\nCROSSTRAIN_STATIC_ROOT={tmp_path / 'static'}\n"
    check = [str(DEPLOY / "manage"), "check", "--deploy", "--fail-level", "WARNING"]

    env_file.write_text(template + local)
    refused = subprocess.run(check, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "Set CROSSTRAIN_SECRET_KEY" in refused.stderr

    secret = "x" * 30 + "-a-long-random-secret-for-this-test-only-" + "y" * 20
    env_file.write_text(template.replace("CROSSTRAIN_SECRET_KEY=\n", f"CROSSTRAIN_SECRET_KEY={secret}\n") + local)
    done = subprocess.run(check, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    # The quoted values arrive whole: the admins' name and address, not a shell redirection.
    shell = subprocess.run(
        [str(DEPLOY / "manage"), "shell", "-c", "from django.conf import settings; print(settings.ADMINS)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "('Gym admin', 'admin@example.com')" in shell.stdout, shell.stderr


def _units_here(tmp_path: Path) -> list[Path]:
    """The units with this checkout in place of /srv/crosstrain/app and this user in place of the service user, so
    systemd-analyze can check that every command they start exists."""
    env_file = tmp_path / "crosstrain.env"
    env_file.write_text("")
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True, check=True).stdout.strip()
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = (
            unit.read_text()
            .replace(APP, str(ROOT))
            .replace("/etc/crosstrain.env", str(env_file))
            .replace("User=crosstrain", f"User={user}")
            .replace("Group=crosstrain", f"Group={group}")
        )
        (tmp_path / unit.name).write_text(text)
        units.append(tmp_path / unit.name)
    return units


def test_the_systemd_units_verify_cleanly(tmp_path: Path) -> None:
    analyze = _tool("systemd-analyze", "/usr/bin/systemd-analyze")
    units = _units_here(tmp_path)
    assert {u.name for u in units} == {
        "crosstrain-web.service",
        "crosstrain-worker.service",
        "crosstrain-backup.service",
        "crosstrain-backup.timer",
    }
    done = subprocess.run([analyze, "verify", *map(str, units)], cwd=tmp_path, capture_output=True, text=True)
    # systemd-analyze only warns about an unknown key (exit 0): any word from it is a mistake in a unit.
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout + done.stderr == ""


def test_the_web_and_worker_units_restart_and_reload_as_the_docs_say() -> None:
    web = (DEPLOY / "systemd" / "crosstrain-web.service").read_text()
    worker = (DEPLOY / "systemd" / "crosstrain-worker.service").read_text()
    assert "Restart=always" in web
    assert "Restart=always" in worker
    assert "ExecReload=/bin/kill -s HUP $MAINPID" in web  # gunicorn replaces its workers gracefully on HUP
    assert "manage.py run_worker" in worker
    assert "EnvironmentFile=/etc/crosstrain.env" in web
    assert "EnvironmentFile=/etc/crosstrain.env" in worker


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    openssl = _tool("openssl", "/usr/bin/openssl")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=coach.example.com",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _nginx_conf(tmp_path: Path, *, https_port: int, http_port: int, upstream_port: int) -> Path:
    cert, key = _self_signed(tmp_path)
    site = (
        (DEPLOY / "nginx" / "crosstrain.conf")
        .read_text()
        .replace("/etc/letsencrypt/live/coach.example.com/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/coach.example.com/privkey.pem", str(key))
        .replace(APP, str(ROOT))
        .replace("listen [::]:443 ssl http2;", "")
        .replace("listen [::]:80;", "")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{upstream_port};")
    )
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"""
        daemon off;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log warn;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            include {tmp_path}/site.conf;
        }}
        """
    )
    return conf


def test_the_nginx_site_is_valid(tmp_path: Path) -> None:
    nginx = _tool("nginx", "/usr/sbin/nginx")
    conf = _nginx_conf(tmp_path, https_port=_free_port(), http_port=_free_port(), upstream_port=_free_port())
    done = subprocess.run([nginx, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
    assert "test is successful" in done.stderr


def test_while_the_app_is_down_nginx_answers_with_the_restarting_page(tmp_path: Path) -> None:
    """The site as deployed in front of an app that is not running: https answers 502 with the page that tells a
    runner their sets are safe on the phone (and to try again), and plain http redirects to https."""
    nginx = _tool("nginx", "/usr/sbin/nginx")
    https_port, http_port = _free_port(), _free_port()
    conf = _nginx_conf(tmp_path, https_port=https_port, http_port=http_port, upstream_port=_free_port())
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"https://127.0.0.1:{https_port}/me/", context=context, timeout=5)
            except urllib.error.HTTPError as answer:
                error = answer
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert error.code == 502
        assert error.headers["Retry-After"] == "30"
        page = error.read().decode()
        assert "Restarting" in page
        assert "Your sets are safe on your phone" in page

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"http://127.0.0.1:{http_port}/me/", timeout=5)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"].startswith("https://")
    finally:
        server.terminate()
        server.wait(timeout=10)
