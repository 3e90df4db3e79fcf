#!/usr/bin/env bash
# Installs what the tests and the demo need on Debian/Ubuntu: the browsers, a virtual
# display for headful tests, and ffmpeg for fixtures and checks. Does nothing when all is
# there; says exactly what to run when it cannot install by itself.
set -euo pipefail

# mkvtoolnix: mkvinfo, a Matroska parser the tests use to check a WebM's index.
# unzip: the release smoke test opens the packaged zips as a user's browser would get them.
PACKAGES=(chromium firefox-esr xvfb xdotool ffmpeg mkvtoolnix unzip)
declare -A COMMAND_OF=([chromium]=chromium [firefox-esr]=firefox-esr [xvfb]=Xvfb [xdotool]=xdotool [ffmpeg]=ffprobe [mkvtoolnix]=mkvinfo [unzip]=unzip)

missing=()
for package in "${PACKAGES[@]}"; do
  command -v "${COMMAND_OF[$package]}" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo)
else
  echo "Cannot install as this user. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No apt-get here. Install these with your package manager: ${missing[*]}" >&2
  exit 1
fi
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}" >&2
