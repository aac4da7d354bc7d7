#!/bin/bash
# deb post-install: electron-builder's default steps (binary link, chrome-sandbox mode, desktop
# database, AppArmor profile) followed by the kiosk autostart files. ${...} are electron-builder
# macros filled at packaging time; shell variables are written $NAME, without braces.

APP_DIR='/opt/${sanitizedProductName}'

if type update-alternatives >/dev/null 2>&1; then
    if [ -L '/usr/bin/${executable}' -a -e '/usr/bin/${executable}' -a "`readlink '/usr/bin/${executable}'`" != '/etc/alternatives/${executable}' ]; then
        rm -f '/usr/bin/${executable}'
    fi
    update-alternatives --install '/usr/bin/${executable}' '${executable}' "$APP_DIR/${executable}" 100 || ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
else
    ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
fi

# SUID chrome-sandbox only where user namespaces are unavailable.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
    chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# AppArmor profile (Ubuntu 24+), only where this AppArmor understands it.
if apparmor_status --enabled > /dev/null 2>&1; then
  APPARMOR_PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
  APPARMOR_PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$APPARMOR_PROFILE_SOURCE" > /dev/null 2>&1; then
    cp -f "$APPARMOR_PROFILE_SOURCE" "$APPARMOR_PROFILE_TARGET"
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$APPARMOR_PROFILE_TARGET"
    fi
  fi
fi

# Kiosk autostart (OPERATORS 5): XDG entry for non-systemd sessions, systemd user unit for the rest.
LINUX_DIR="$APP_DIR/resources/linux"
install -D -m 0644 "$LINUX_DIR/xyte-kiosk-autostart.desktop" /etc/xdg/autostart/xyte-kiosk.desktop
install -D -m 0644 "$LINUX_DIR/xyte-kiosk.service" /usr/lib/systemd/user/xyte-kiosk.service
if [ -x "$APP_DIR/resources/launcher/xyte-kiosk-launcher.sh" ] || [ -f "$APP_DIR/resources/launcher/xyte-kiosk-launcher.sh" ]; then
    chmod 0755 "$APP_DIR/resources/launcher/xyte-kiosk-launcher.sh" || true
fi
if hash systemctl 2>/dev/null; then
    systemctl --global enable xyte-kiosk.service || true
fi
exit 0
