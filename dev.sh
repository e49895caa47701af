#!/usr/bin/env bash
# One-command set-up and run, for a fresh machine (Debian/Ubuntu with Python >= 3.11).
#   ./dev.sh demo    install everything, then `gia demo`: simulated government sites served on
#                    127.0.0.1, crawled, archived, parsed, indexed and searched — offline
#   ./dev.sh test    install everything (incl. the system tools the tests use), then run the tests
# Installs into ./.venv (override with GIA_VENV). System packages are installed with apt-get only
# when missing and only when running as root; otherwise the tests that need them skip with a reason.
set -euo pipefail
cd "$(dirname "$0")"
VENV=${GIA_VENV:-.venv}
PY=${PYTHON:-python3}

system_packages() {
    local need=()
    command -v soffice  >/dev/null 2>&1 || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
    command -v antiword >/dev/null 2>&1 || need+=(antiword)
    command -v chromium >/dev/null 2>&1 || need+=(chromium)
    command -v rg       >/dev/null 2>&1 || need+=(ripgrep)
    command -v redis-server >/dev/null 2>&1 || need+=(redis-server)   # gia crawl --redis tests start a real one
    fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || need+=(fonts-wqy-zenhei)
    [ ${#need[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "dev.sh: installing system packages: ${need[*]}"
        apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "dev.sh: not root or no apt-get; missing system packages: ${need[*]} (tests needing them skip)" >&2
    fi
}

python_packages() {
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e '.[test]'
}

# pywb (webrecorder's replay server) checks in the tests that our WARC files replay. It lives in a
# venv of its own: it pins old gevent/redis/Werkzeug releases that have no business next to Scrapy.
replay_tools() {
    local tools=${GIA_TOOLS:-.tools}
    [ -x "$tools/pywb/bin/wayback" ] && return 0
    "$PY" -m venv "$tools/pywb" && "$tools/pywb/bin/python" -m pip install -q pywb >/dev/null \
        || echo "dev.sh: could not install pywb into $tools/pywb (the replay test skips)" >&2
}

case "${1:-}" in
    demo)
        shift
        python_packages
        exec "$VENV/bin/gia" demo "$@"
        ;;
    test)
        shift
        system_packages
        python_packages
        replay_tools
        # the floors (pyproject [tool.importlinter]): an upward import fails the tests
        "$VENV/bin/lint-imports" --no-cache >/dev/null || { "$VENV/bin/lint-imports" --no-cache | tail -n 30; exit 1; }
        set +e
        "$VENV/bin/python" -m pytest "$@"
        status=$?
        set -e
        if [ $status -eq 5 ]; then echo "dev.sh: pytest collected no tests" >&2; exit 1; fi
        exit $status
        ;;
    *)
        echo "usage: ./dev.sh demo [gia demo options] | ./dev.sh test [pytest options]" >&2
        exit 2
        ;;
esac
