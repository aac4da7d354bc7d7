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
#              the app binary is "$here/../../xyte-kiosk" (e.g. "/opt/Xyte Kiosk/xyte-kiosk"). Starts
#              are counted the same way; past the bound the launcher cannot swap files itself (they
#              are root's), so it asks the package's root update service to reinstall the package it
#              kept (an `action=rollback` request in the spool), waits for its result, then starts
#              whatever is installed.
#
# Environment (all optional):
#   XYTE_APPIMAGE          image to run (default: xyte-kiosk.AppImage beside this script); when set
#                          it always wins, even if the file is missing (a clear error, no guessing)
#   XYTE_DATA_DIR          marker directory (default: ${XDG_CONFIG_HOME:-$HOME/.config}/xyte-kiosk)
#   XYTE_MAX_UNCONFIRMED   starts allowed before rollback (default 3, same bound as the app)
#   XYTE_SPOOL_DIR         deb: update service spool (default /var/spool/xyte-kiosk)
#   XYTE_UPDATE_RESULT     deb: the service's result file (default /var/lib/xyte-kiosk/last-result)
#   XYTE_ROLLBACK_WAIT     deb: seconds to wait for the rollback (default 300)
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

# deb: the update service reinstalls the package it kept before the upgrade (see top)
request_deb_rollback() {
  spool=${XYTE_SPOOL_DIR:-/var/spool/xyte-kiosk}
  result=${XYTE_UPDATE_RESULT:-/var/lib/xyte-kiosk/last-result}
  wait=${XYTE_ROLLBACK_WAIT:-300}
  case $wait in '' | *[!0-9]*) wait=300 ;; esac
  id="launcher-$(date +%s)-$$"
  if ! { printf 'id=%s\naction=rollback\n' "$id" >"$spool/$id.tmp" && mv -f "$spool/$id.tmp" "$spool/$id.request"; }; then
    rm -f "$spool/$id.tmp"
    log "cannot ask for a rollback in $spool (is this user in group xyte-kiosk?)"
    return 1
  fi
  log "asked the update service to roll back after $count unconfirmed starts ($id)"
  waited=0
  until grep -qx "id=$id" "$result" 2>/dev/null; do
    if [ "$waited" -ge "$wait" ]; then
      log "no rollback result within $wait s"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  if ! grep -qx 'status=ok' "$result"; then
    log "rollback failed: $(sed -n 's/^message=//p' "$result")"
    return 1
  fi
  printf '%s\n' "$(cat "$pending" 2>/dev/null)" >"$rolled"
  rm -f "$pending" "$counter"
  log "$(sed -n 's/^message=//p' "$result")"
}

deb_mode=false
if [ -z "${XYTE_APPIMAGE:-}" ] && [ ! -e "$app" ]; then
  # deb / dir install: no AppImage anywhere, so run the app binary itself
  deb_mode=true
  bin="$(CDPATH= cd -- "$here/../.." 2>/dev/null && pwd)/xyte-kiosk"
  [ -x "$bin" ] || { log "neither $app nor an app binary at $bin; set XYTE_APPIMAGE"; exit 127; }
  app=$bin
fi

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
      if $deb_mode; then request_deb_rollback || true; else restore_last_good || true; fi
    fi
  fi
fi

[ -x "$app" ] || { log "cannot run $app (missing or not executable)"; exit 127; }
exec "$app" "$@"
