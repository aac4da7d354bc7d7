#!/bin/sh
# Xyte Kiosk launcher, used by the autostart entry and the systemd unit instead of the AppImage
# itself. It is the safety net for an upgrade whose new image cannot even start far enough to
# roll itself back: while an upgrade is pending (the app wrote `upgrade-pending` before swapping
# the image) every start is counted; once more than XYTE_MAX_UNCONFIRMED starts happened without
# the app confirming (`upgrade-confirmed`), `<AppImage>.last-good` is restored and started instead.
#
# Two install shapes:
#   AppImage   XYTE_APPIMAGE (or xyte-kiosk.AppImage beside this script): boot counting + rollback.
#   deb / dir  no AppImage: the launcher ships inside the app at <app dir>/resources/launcher/, so
#              the app binary is "$here/../../xyte-kiosk" (e.g. "/opt/Xyte Kiosk/xyte-kiosk"). It is
#              simply exec'd: there is no single image file to swap, and a .deb upgrade is rolled
#              back by the privileged install helper (install-deb --rollback), not by this script.
#
# Environment (all optional):
#   XYTE_APPIMAGE          image to run (default: xyte-kiosk.AppImage beside this script); when set
#                          it always wins, even if the file is missing (a clear error, no guessing)
#   XYTE_DATA_DIR          marker directory (default: ${XDG_CONFIG_HOME:-$HOME/.config}/xyte-kiosk)
#   XYTE_MAX_UNCONFIRMED   starts allowed before rollback (default 3, same bound as the app)
# Markers (names shared with app/core/firmware/installers/appimage.ts):
#   upgrade-pending, upgrade-boot-count, upgrade-confirmed, upgrade-rolled-back (written here)
set -u

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
app=${XYTE_APPIMAGE:-"$here/xyte-kiosk.AppImage"}
data=${XYTE_DATA_DIR:-"${XDG_CONFIG_HOME:-$HOME/.config}/xyte-kiosk"}
max=${XYTE_MAX_UNCONFIRMED:-3}

pending="$data/upgrade-pending"
counter="$data/upgrade-boot-count"
confirmed="$data/upgrade-confirmed"
rolled="$data/upgrade-rolled-back"

log() { printf '%s\n' "xyte-kiosk-launcher: $*" >&2; }

# deb / dir install: no AppImage anywhere, so run the app binary itself (no swap possible, see top)
if [ -z "${XYTE_APPIMAGE:-}" ] && [ ! -e "$app" ]; then
  bin="$(CDPATH= cd -- "$here/../.." 2>/dev/null && pwd)/xyte-kiosk"
  if [ -x "$bin" ]; then
    exec "$bin" "$@"
  fi
  log "neither $app nor an app binary at $bin; set XYTE_APPIMAGE"
  exit 127
fi

restore_last_good() {
  if [ ! -f "$app.last-good" ]; then
    log "no $app.last-good to restore; starting the current image"
    return 1
  fi
  # copy then rename: the image path always holds a whole file
  cp -p "$app.last-good" "$app.rollback" && chmod 755 "$app.rollback" && mv -f "$app.rollback" "$app" || {
    rm -f "$app.rollback"
    log "restoring $app.last-good failed"
    return 1
  }
  printf '%s\n' "$(cat "$pending" 2>/dev/null)" >"$rolled"
  rm -f "$pending" "$counter"
  log "restored $app.last-good after $count unconfirmed starts"
}

mkdir -p "$data" 2>/dev/null

if [ -f "$pending" ]; then
  if [ -f "$confirmed" ]; then
    rm -f "$pending" "$counter"
  else
    count=$(cat "$counter" 2>/dev/null || echo 0)
    case $count in '' | *[!0-9]*) count=0 ;; esac
    count=$((count + 1))
    printf '%s\n' "$count" >"$counter.tmp" && mv -f "$counter.tmp" "$counter"
    if [ "$count" -gt "$max" ]; then
      restore_last_good || true
    fi
  fi
fi

[ -x "$app" ] || { log "cannot run $app (missing or not executable)"; exit 127; }
exec "$app" "$@"
