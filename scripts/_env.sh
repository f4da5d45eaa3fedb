# Shared by the scripts in this folder: finds or provides Python >= 3.14.2 and the
# project's virtual environment in .venv. Sourced, never run on its own.
#
# Order of preference (the first that works wins):
#   1. a python3.14 / python3 on PATH that is new enough;
#   2. uv, if present (uv venv --python 3.14);
#   3. on a Debian-family host, as root: a minimal Debian tree with python3.14, built once
#      with mmdebstrap from the mirror the host's apt sources already use; the scripts then
#      re-run themselves inside it, with the folder above the checkout bind-mounted at the
#      same path (so ../shared stays reachable);
#   4. otherwise: stop and say what to install.

set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$PROJECT_ROOT/.venv"
MIN_PYTHON="3.14.2"
TREE_ROOT="${PORSCHE_CONNECT_TREE:-/opt/porsche-connect-py314}"
TREE_SUITE="${PORSCHE_CONNECT_SUITE:-unstable}"
TREE_PACKAGES="python3.14 python3.14-venv python3.14-dev gcc g++ make libc6-dev git ca-certificates tzdata"

log() { echo "[$(basename "$0")] $*" >&2; }

# True when the interpreter given is at least MIN_PYTHON.
python_ok() {
  command -v "$1" >/dev/null 2>&1 || return 1
  "$1" -c "import sys; sys.exit(0 if sys.version_info >= (3, 14, 2) else 1)" 2>/dev/null
}

host_python() {
  local candidate
  for candidate in python3.14 python3; do
    if python_ok "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# The Debian mirror the host already uses (deb822 sources first, then sources.list).
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/{print $2; exit}' "$f")
    case "$uri" in */debian | */debian/) echo "${uri%/}"; return 0 ;; esac
  done
  awk '/^deb /{for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*\/debian\/?$/) {print $i; exit}}' \
    /etc/apt/sources.list 2>/dev/null || true
}

build_tree() {
  log "building a minimal Debian ($TREE_SUITE) tree with Python 3.14 at $TREE_ROOT (once, ~1 min)"
  if ! command -v mmdebstrap >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
  fi
  local partial="$TREE_ROOT.partial" mirror
  mirror="$(debian_mirror)"
  rm -rf "$partial"
  mmdebstrap --quiet --variant=apt \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --include="$(echo "$TREE_PACKAGES" | tr ' ' ',')" \
    "$TREE_SUITE" "$partial" ${mirror:+"$mirror"} >&2
  ln -sf /usr/bin/python3.14 "$partial/usr/local/bin/python3"
  ln -sf /usr/bin/python3.14 "$partial/usr/local/bin/python"
  rm -rf "$TREE_ROOT"
  mv "$partial" "$TREE_ROOT"
  touch "$TREE_ROOT/.ready"
}

can_build_tree() {
  [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v unshare >/dev/null 2>&1
}

# Re-run the calling script inside the Debian tree. The mounts live in a private mount
# namespace, so they vanish when the command ends.
run_in_tree() {
  [ -f "$TREE_ROOT/.ready" ] || build_tree
  cp -L /etc/resolv.conf "$TREE_ROOT/etc/resolv.conf" 2>/dev/null || true
  cp -L /etc/hosts "$TREE_ROOT/etc/hosts" 2>/dev/null || true
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    cp -L /etc/ssl/certs/ca-certificates.crt "$TREE_ROOT/etc/ssl/certs/host-ca.crt"
  fi
  local share
  share="$(dirname "$PROJECT_ROOT")"
  [ "$share" = / ] && share="$PROJECT_ROOT"
  # shellcheck disable=SC2016
  local inner='
set -eu
root="$1" share="$2" workdir="$3"; shift 3
mkdir -p "$root$share" "$root/dev/shm"
mount --bind "$share" "$root$share"
mount -t proc proc "$root/proc" 2>/dev/null || true
ca=/etc/ssl/certs/ca-certificates.crt
[ -f "$root/etc/ssl/certs/host-ca.crt" ] && ca=/etc/ssl/certs/host-ca.crt
exec chroot "$root" /usr/bin/env -i \
  HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" PORSCHE_CONNECT_IN_TREE=1 \
  PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  SSL_CERT_FILE="$ca" PIP_CERT="$ca" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=180 \
  PYTHONUNBUFFERED=1 PYTEST_ADDOPTS="${PYTEST_ADDOPTS:-}" \
  bash -c "cd \"\$0\" && exec \"\$@\"" "$workdir" "$@"
'
  exec unshare -m --propagation private /bin/bash -c "$inner" tree "$TREE_ROOT" "$share" "$(pwd)" "$@"
}

# Make sure the calling script runs with a suitable Python; re-executes it in the tree
# when that is the only way. Call as: ensure_python "$0" "$@"
ensure_python() {
  if [ -n "${PORSCHE_CONNECT_IN_TREE:-}" ] || host_python >/dev/null || command -v uv >/dev/null 2>&1; then
    return 0
  fi
  if can_build_tree; then
    run_in_tree bash "$@"
  fi
  cat >&2 <<'EOF'
No Python >= 3.14.2 found, and no way to provide one here.
Install one of:
  - Python 3.14.2 or newer as python3.14 on PATH (e.g. from python.org, pyenv or your distribution), or
  - uv (https://docs.astral.sh/uv/), which fetches Python 3.14 by itself,
or run these scripts as root on a Debian-family system (they then build a small Debian tree).
EOF
  exit 1
}

# Create .venv and install the pinned test stack; quick when nothing changed.
ensure_venv() {
  local stamp="$VENV/.requirements-stamp" wanted python
  wanted="$(sha256sum <"$PROJECT_ROOT/requirements_test.txt" | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && python_ok "$VENV/bin/python" && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
    return 0
  fi
  if python="$(host_python)"; then
    log "creating .venv with $python"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -r "$PROJECT_ROOT/requirements_test.txt"
  elif command -v uv >/dev/null 2>&1; then
    log "creating .venv with uv"
    rm -rf "$VENV"
    uv venv -q --python 3.14 "$VENV"
    uv pip install -q --python "$VENV/bin/python" -r "$PROJECT_ROOT/requirements_test.txt"
  else
    log "no suitable Python (this should not happen after ensure_python)"
    exit 1
  fi
  echo "$wanted" >"$stamp"
}

activate_venv() {
  export PATH="$VENV/bin:$PATH"
  export VIRTUAL_ENV="$VENV"
}
