#!/usr/bin/env bash
# A throw-away OpenStack Swift on 127.0.0.1 for the swift contract test (media-rar's SwiftStorageContractTest):
# Debian's packages, all in one, TempAuth user test:tester (key "testing"), static large objects in the proxy
# pipeline, memcached for TempAuth's tokens, one device, one replica. Installs the packages when they are
# missing (needs root then), starts the daemons afresh under SWIFT_BASE (default /var/tmp/fluvius-swift) and
# waits until a TempAuth login succeeds. Stop it with .ci/swift/stop.sh. Ports (all on 127.0.0.1, clear of
# WildFly's 8080-8380/9990-10290 at the offsets the tests use, and of the 6200-6202 and 11211 where Debian's
# own swift and memcached services listen when systemd starts them): proxy 6210, account 6211, container 6212,
# object 6213, memcached 6214. The test reads:
#   MEDIA_TEST_SWIFT_URL=http://127.0.0.1:6210/auth/v1.0 MEDIA_TEST_SWIFT_USER=test:tester MEDIA_TEST_SWIFT_KEY=testing
set -euo pipefail

base="${SWIFT_BASE:-/var/tmp/fluvius-swift}"
proxy_port=6210 account_port=6211 container_port=6212 object_port=6213 memcached_port=6214

if ! command -v swift-proxy-server > /dev/null 2>&1 || ! command -v swift-object-server > /dev/null 2>&1 \
        || ! command -v swift-ring-builder > /dev/null 2>&1 || ! command -v memcached > /dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    # Where systemd runs, the packages would start Debian's own daemons from /etc/swift, the proxy on 8080 (where
    # WildFly listens): a policy-rc.d that refuses service starts keeps them stopped while they install.
    policy_added=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
        policy_added=yes
    fi
    installed=yes
    { apt-get update -q && apt-get install -y -q swift-proxy swift-object swift-container swift-account memcached; } ||
        installed=
    [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
    [ -n "$installed" ] || { echo "installing Swift's packages failed" >&2; exit 1; }
fi
# The daemons below are our own, on our ports, with our configuration.

"$(dirname "$0")/stop.sh" > /dev/null 2>&1 || true
rm -rf "$base"
mkdir -p "$base/etc" "$base/srv/d1" "$base/run" "$base/log" "$base/cache"
# The object server keeps metadata in extended attributes: refuse early on a filesystem without them.
python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.fluvius-check", b"1")' "$base/srv/d1" 2> /dev/null || {
    echo "$base does not support user extended attributes, which Swift needs; set SWIFT_BASE elsewhere" >&2
    exit 1
}
user="$(id -un)"

# /etc/swift/swift.conf (hash path prefix/suffix, storage policy 0) comes with the swift package.
for server in account container object; do
    case $server in
        account) port=$account_port ;;
        container) port=$container_port ;;
        object) port=$object_port ;;
    esac
    cat > "$base/etc/$server-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
user = $user
swift_dir = $base/etc
devices = $base/srv
mount_check = false
log_level = WARNING

[pipeline:main]
pipeline = $server-server

[app:$server-server]
use = egg:swift#$server
CONF
    (
        cd "$base/etc"
        swift-ring-builder $server.builder create 8 1 1 > /dev/null
        swift-ring-builder $server.builder add r1z1-127.0.0.1:$port/d1 100 > /dev/null
        swift-ring-builder $server.builder rebalance > /dev/null
    )
done

cat > "$base/etc/proxy-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $proxy_port
workers = 0
user = $user
swift_dir = $base/etc
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:bulk]
use = egg:swift#bulk

[filter:copy]
use = egg:swift#copy

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcached_port

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging
CONF

memcached -l 127.0.0.1 -p "$memcached_port" -U 0 -m 16 -u "$user" > "$base/log/memcached.log" 2>&1 &
echo $! > "$base/run/memcached.pid"
for server in account container object proxy; do
    "swift-$server-server" "$base/etc/$server-server.conf" > "$base/log/$server.log" 2>&1 &
    echo $! > "$base/run/$server.pid"
done

# Ready when TempAuth hands out a token and the account answers with it.
for _ in $(seq 1 60); do
    if python3 - "$proxy_port" > /dev/null 2>&1 <<'PY'
import sys, urllib.request
port = sys.argv[1]
auth = urllib.request.Request(f"http://127.0.0.1:{port}/auth/v1.0",
                              headers={"X-Auth-User": "test:tester", "X-Auth-Key": "testing"})
with urllib.request.urlopen(auth, timeout=2) as r:
    token, url = r.headers["X-Auth-Token"], r.headers["X-Storage-Url"]
with urllib.request.urlopen(urllib.request.Request(url, headers={"X-Auth-Token": token}), timeout=2) as r:
    assert r.status in (200, 204)
PY
    then
        echo "Swift is up: http://127.0.0.1:$proxy_port/auth/v1.0 (TempAuth test:tester / testing), data in $base"
        exit 0
    fi
    for pidfile in "$base"/run/*.pid; do
        kill -0 "$(cat "$pidfile")" 2> /dev/null || {
            name=$(basename "$pidfile" .pid)
            echo "Swift's $name stopped at start:" >&2
            tail -20 "$base/log/$name.log" >&2
            exit 1
        }
    done
    sleep 0.5
done
echo "Swift did not answer within 30 s; logs in $base/log" >&2
tail -5 "$base"/log/*.log >&2
exit 1
