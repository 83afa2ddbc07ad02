"""Sync folders and backups in words: which company gets which folders, when a backup worked."""

from __future__ import annotations

from collections.abc import Mapping

from shadowaudit.i18n.translator import N_, _, ngettext

#: The person's usual folders, as traces.cloud_sync names them.
FOLDERS = {
    "Desktop": N_("Desktop"),
    "Documents": N_("Documents"),
    "Pictures": N_("Pictures"),
    "Downloads": N_("Downloads"),
    "Music": N_("Music"),
    "Videos": N_("Videos"),
}


def is_cloud_item(value: Mapping[str, object]) -> bool:
    """True for an item of traces.cloud_sync or traces.located_photos_synced."""
    return "provider" in value and "provider_can_read" in value


def is_backup_item(value: Mapping[str, object]) -> bool:
    """True for an item of traces.backups."""
    return "tool" in value and "days_since" in value


def _can_read(value: object) -> str:
    """Whether the company can read the files, in words."""
    if value is True:
        return _("the company can read the files")
    if value is False:
        return _("the company cannot read the files")
    return _("shadowaudit cannot tell if the company can read the files")


def cloud_details(value: Mapping[str, object]) -> list[str]:
    """What is noticed about a sync folder (or located photos in one)."""
    details = []
    if value.get("copies") is False:
        details.append(_("reached online, not copied"))
    if value.get("place"):
        details.append(_("folder: %(place)s") % {"place": value["place"]})
    folders = value.get("folders")
    if isinstance(folders, list) and folders:
        names = ", ".join(_(FOLDERS.get(str(f), str(f))) for f in folders)
        details.append(_("holds your %(folders)s") % {"folders": names})
    photos = value.get("photos")
    if isinstance(photos, int):
        details.append(
            ngettext(
                "%(num)d photo that shows where it was taken is also copied to %(provider)s",
                "%(num)d photos that show where they were taken are also copied to %(provider)s",
                photos,
            )
            % {"num": photos, "provider": value.get("provider")}
        )
    if value.get("server"):
        details.append(_("server: %(server)s") % {"server": value["server"]})
    if value.get("country"):
        details.append(_("company based in: %(country)s") % {"country": value["country"]})
    details.append(_can_read(value.get("provider_can_read")))
    return details


def backup_details(value: Mapping[str, object]) -> list[str]:
    """What is noticed about a backup tool: when it last worked, whether it is encrypted."""
    days = value.get("days_since")
    if isinstance(days, int):
        details = [
            _("last backup that worked: %(date)s, %(days)s days ago")
            % {"date": value.get("last_success"), "days": days}
        ]
    else:
        details = [_("no date of a backup that worked")]
    if value.get("encrypted") is True:
        details.append(_("encrypted"))
    elif value.get("encrypted") is False:
        details.append(_("not encrypted"))
    place = _PLACES.get(str(value.get("target")))
    if place:
        details.append(_(place))
    return details


#: Where a backup is kept, as traces.backups names the kind of place.
_PLACES = {
    "removable": N_("kept on a drive you plug in"),
    "network": N_("kept on another computer, over the network"),
    "local": N_("kept on this computer, so it is lost with it"),
}
