"""Which desktop messengers keep chats on this computer, and how they lock them."""

from __future__ import annotations

from shadowaudit.errors import HostError
from shadowaudit.facts.base import (
    Collector,
    FactKind,
    FactMap,
    FactSpec,
    FactValue,
    Missing,
    display_path,
)
from shadowaudit.facts.seizure.messengers.places import (
    Place,
    signal_places,
    telegram_places,
    whatsapp_places,
)
from shadowaudit.facts.seizure.messengers.signal import key_storage, read_config
from shadowaudit.facts.seizure.messengers.telegram import holds_account, read_local_passcode
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_

SIGNAL = "seizure.messengers.signal"
TELEGRAM = "seizure.messengers.telegram"
WHATSAPP = "seizure.messengers.whatsapp"
HISTORY = "seizure.messengers.history"

_PLACE_FIELDS = {
    "folders": "the app's folder, as the person finds it (~/... inside the home), in a list",
    "app": "signal, telegram or whatsapp",
    "where": 'how it was installed: "" (the usual way), Flatpak, Snap or Store',
}


def _base(host: Host, place: Place) -> dict[str, FactValue]:
    """What every messenger subject carries: where it is and how to name it."""
    shown = display_path(host, place.path)
    return {
        "id": shown,
        "label": place.label,
        "folders": [shown],
        "kind": f"{place.app}_{place.where.lower()}" if place.where else place.app,
        "app": place.app,
        "where": place.where,
    }


def _found(host: Host, places: list[Place]) -> list[Place]:
    """The places that exist on this computer."""
    found = []
    for place in places:
        try:
            if host.is_dir(place.path):
                found.append(place)
        except HostError:
            continue
    return found


def signal_subjects(host: Host) -> list[dict[str, FactValue]]:
    """Every Signal Desktop folder: database present, and how its key is kept."""
    subjects = []
    for place in _found(host, signal_places(host)):
        shape = read_config(host, place.path)
        subjects.append(
            {
                **_base(host, place),
                "database": host.is_file(place.path / "sql" / "db.sqlite"),
                "key_storage": shape
                if isinstance(shape, Missing)
                else key_storage(shape, host.platform),
                "backend": shape if isinstance(shape, Missing) else shape["backend"],
            }
        )
    return subjects


def telegram_subjects(host: Host) -> list[dict[str, FactValue]]:
    """Every Telegram Desktop tdata folder: account files present, local passcode set."""
    return [
        {
            **_base(host, place),
            "account": holds_account(host, place.path),
            "local_passcode": read_local_passcode(host, place.path),
        }
        for place in _found(host, telegram_places(host))
    ]


def whatsapp_subjects(host: Host) -> list[dict[str, FactValue]]:
    """Every WhatsApp Desktop install (presence only)."""
    return [_base(host, place) for place in _found(host, whatsapp_places(host))]


def with_history(subjects: list[dict[str, FactValue]]) -> list[FactValue]:
    """The installs that hold chats: Signal with its database, Telegram with an account
    (or account files not readable: never taken for none), every WhatsApp."""
    held: list[FactValue] = []
    for subject in subjects:
        holds = subject.get("database", subject.get("account", True))
        if holds is not False:
            held.append({k: subject[k] for k in ("id", "label", "folders", "kind", "app", "where")})
    return held


class MessengersCollector(Collector):
    """Signal, Telegram and WhatsApp Desktop: installed copies and how their data is locked."""

    name = "messengers"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            SIGNAL,
            FactKind.subjects,
            "Signal Desktop data folders (native, Flatpak, Snap)",
            fields={
                **_PLACE_FIELDS,
                "database": "true when sql/db.sqlite is there (never opened)",
                "key_storage": "plain_text (anyone who copies the folder can open the chats) "
                "or key_store (locked by the system's key store)",
                "backend": "the Linux key store named in config.json, or empty",
            },
            none_found=N_("shadowaudit found no Signal Desktop on this computer."),
        ),
        FactSpec(
            TELEGRAM,
            FactKind.subjects,
            "Telegram Desktop tdata folders (native, Store, Flatpak, Snap)",
            fields={
                **_PLACE_FIELDS,
                "account": "true when tdata holds a key file and an account folder",
                "local_passcode": "true when a local passcode locks tdata (only the empty "
                "passcode is tried)",
            },
            none_found=N_("shadowaudit found no Telegram Desktop on this computer."),
        ),
        FactSpec(
            WHATSAPP,
            FactKind.subjects,
            "WhatsApp Desktop installs (Microsoft Store, the older app, WhatsApp.app)",
            fields=_PLACE_FIELDS,
            none_found=N_("shadowaudit found no WhatsApp Desktop on this computer."),
        ),
        FactSpec(
            HISTORY,
            FactKind.subjects,
            "Desktop messengers that keep chats on this computer",
            fields=_PLACE_FIELDS,
            none_found=N_("shadowaudit found no desktop messenger that keeps chats here."),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Find each messenger's folders and read what locks them."""
        signal = signal_subjects(host)
        telegram = telegram_subjects(host)
        whatsapp = whatsapp_subjects(host)
        return {
            SIGNAL: list[FactValue](signal),
            TELEGRAM: list[FactValue](telegram),
            WHATSAPP: list[FactValue](whatsapp),
            HISTORY: with_history([*signal, *telegram, *whatsapp]),
        }
