"""The collector of `traces.document_authoring`: one subject per office suite found."""

from __future__ import annotations

from shadowaudit.facts.base import Collector, FactKind, FactMap, FactSpec
from shadowaudit.facts.traces.office.libreoffice import libreoffice
from shadowaudit.facts.traces.office.microsoft import microsoft_office
from shadowaudit.host.base import Host, Platform
from shadowaudit.i18n.translator import N_

AUTHORING = "traces.document_authoring"


class AuthoringCollector(Collector):
    """Reads whether LibreOffice and Microsoft Office put the person's name into documents."""

    name = "document_authoring"
    platforms = frozenset(Platform)
    facts = (
        FactSpec(
            AUTHORING,
            FactKind.subjects,
            "Office suites that keep settings on this computer (LibreOffice user profiles, "
            "Microsoft Office's user information): whether a user name or initials is filled "
            "in, which the suite writes into each saved document, and whether it removes "
            "personal information on saving. The name itself is never kept.",
            fields={
                "kind": "libreoffice or microsoft_office",
                "name_set": "true when a user name or initials is filled in (never the "
                "value); Missing when Office may take the name from the signed-in account",
                "removes_on_saving": "true when the suite removes personal information each "
                "time it saves (LibreOffice's RemovePersonalInfoOnSaving); false for "
                "Microsoft Office, where this is a setting of each document",
                "keeps_names": "true when a LibreOffice option keeps some personal "
                "information despite the removal (Keep...OnSaving)",
            },
            none_found=N_("shadowaudit found no settings of LibreOffice or Microsoft Office."),
        ),
    )

    def collect(self, host: Host) -> FactMap:
        """Read each suite's settings where this platform keeps them."""
        suites = [*libreoffice(host), *microsoft_office(host)]
        return {AUTHORING: suites}  # type: ignore[dict-item]
