#!/bin/bash
# deb post-remove: electron-builder's default cleanup plus the kiosk autostart files.
# ${...} are electron-builder macros; shell variables are written $NAME, without braces.

if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi

# On upgrade dpkg runs this with "upgrade": keep the autostart files, the new version reinstalls them.
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
    if hash systemctl 2>/dev/null; then
        systemctl --global disable xyte-kiosk.service || true
    fi
    rm -f /etc/xdg/autostart/xyte-kiosk.desktop /usr/lib/systemd/user/xyte-kiosk.service
fi
exit 0
