"""gunicorn for aordesk (deploy/systemd/aordesk-web.service starts it with this file).

Every value can be set from the environment file (deploy/aordesk.env.example)."""

import multiprocessing
import os

wsgi_app = "aordesk.wsgi:application"
# nginx on the same machine talks to loopback; another proxy, set GUNICORN_BIND.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A download streams a whole report through decryption; a minute is far more than enough.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# systemctl stop/restart: requests in hand get this long to finish (below TimeoutStopSec).
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200
limit_request_line = 4094
limit_request_fields = 100
# The heartbeat file lives in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only the local proxy may say the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The path without its query string (%(U)s): a search box's text never reaches a log line.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
proc_name = "aordesk-web"
