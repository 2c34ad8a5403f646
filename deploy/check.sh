#!/usr/bin/env bash
# `make deploy-check`: the deploy/ files as a machine would take them. The units and the
# site name /opt/aordesk, /etc/ssl/aordesk and /srv/aordesk; here they are pointed at this
# checkout and a throwaway certificate, then checked by systemd and nginx themselves, and
# Django's deployment checks run under the production settings.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== systemd-analyze verify deploy/systemd/*"
mkdir -p "$work/systemd"
for unit in "$root"/deploy/systemd/*; do
  sed -e "s#/opt/aordesk#$root#g" "$unit" >"$work/systemd/$(basename "$unit")"
done
# A template is verified through an instance of it.
cp "$work/systemd/aordesk-worker@.service" "$work/systemd/aordesk-worker@1.service"
cp "$work/systemd/aordesk-worker@.service" "$work/systemd/aordesk-worker@2.service"
( cd "$work/systemd" && SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
    ./aordesk-web.service ./aordesk-worker@1.service ./aordesk.target \
    ./aordesk-*.timer ./aordesk-remind.service ./aordesk-aor-send.service \
    ./aordesk-backup.service ./aordesk-retention.service ) 2>&1 | tee "$work/verify.log"
if grep -v -e "Failed to connect to" -e "^$" "$work/verify.log" | grep -q .; then
  echo "systemd-analyze verify reported problems"; exit 1
fi

echo "== nginx -t deploy/nginx/aordesk.conf"
mkdir -p "$work/nginx/static" "$work/nginx/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=aordesk.exchange.example" \
  -keyout "$work/nginx/privkey.pem" -out "$work/nginx/fullchain.pem" 2>/dev/null
sed -e "s#/etc/ssl/aordesk#$work/nginx#g" -e "s#/srv/aordesk/static#$work/nginx/static#g" \
  "$root/deploy/nginx/aordesk.conf" >"$work/nginx/site.conf"
cat >"$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log stderr;
events {}
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    include $work/nginx/site.conf;
}
CONF
nginx -t -q -e stderr -p "$work/nginx" -c "$work/nginx/nginx.conf"
echo "nginx: the site's configuration is valid"

echo "== aordesk check --deploy (production settings)"
env -i PATH="$PATH" HOME="$work" LANG=C.UTF-8 \
  DJANGO_SETTINGS_MODULE=aordesk.settings_production \
  SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  DATABASE_URL="postgres://aordesk@db.invalid:5432/aordesk" \
  ALLOWED_HOSTS="aordesk.exchange.example" \
  AORDESK_DATA_DIR="$work/data" \
  AORDESK_ARTIFACT_KEYS="deploy-check:$(python3 -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')" \
  "$root/.venv/bin/aordesk" check --deploy --fail-level WARNING
