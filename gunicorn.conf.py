"""gunicorn in production: `gunicorn -c gunicorn.conf.py config.wsgi` (README, "Deployment").

- Threads (gthread workers): a client sending a deposit slowly holds one thread, not a
  whole worker; the worker goes on answering everyone else, and its heartbeat to the
  master does not wait for requests, so a long upload is not killed as a "WORKER TIMEOUT".
  WEB_CONCURRENCY workers × GUNICORN_THREADS threads requests at once.
- The timeout only restarts a worker stuck as a whole; it is set long enough that even a
  synchronous worker would let a 50 MiB deposit through a 1 Mbit/s line (about 7 minutes).
- X-Forwarded-Proto (which makes a request HTTPS) is believed only from the proxies the
  Django setting TRUSTED_PROXY_COUNT says stand in front: none when it is 0, whatever the
  peer's address, else those in FORWARDED_ALLOW_IPS (the local proxy by default).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.conf import settings  # noqa: E402 - after the settings module is chosen

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# gthread in production (see above); the bench runs sync workers (`GUNICORN_WORKER_CLASS`).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = 30

if settings.TRUSTED_PROXY_COUNT > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    # No proxy: no peer may set the scheme or the WSGI environment, not even one on a
    # UNIX socket (gunicorn trusts those whatever forwarded_allow_ips says).
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
    forwarder_headers = ""
