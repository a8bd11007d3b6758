#!/bin/sh
# Install the Debian packages named as arguments when any is missing, as
# root or through sudo; otherwise say the exact command to run. Used by
# `make demo` and `make check` so a fresh machine needs nothing else.
missing=
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "complaint: missing packages:$missing; install them with your package manager" >&2
	exit 1
fi
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "complaint: missing packages:$missing" >&2
	echo "complaint: run: sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "installing:$missing" >&2
$sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo $cmd >&2
