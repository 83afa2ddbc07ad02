"""The stalkerware-indicators `ioc.yaml` format (Echap): a list of apps with names, packages,
certificates, websites and c2 {domains, ips}. Android package names and certificate SHA-1s
cannot be checked on a computer; control-panel hosts and C2 domains can, each in its place."""

from __future__ import annotations

from shadowaudit.facts.presence.indicators.model import IndicatorSet, Kind

#: First labels of a website that is a control panel where the buyer logs in (my.hws.icu,
#: cp.xnspy.com, panel.clevguard.com), not the product's shop or blog: visiting a shop is no
#: sign of anything (MVT #482), so only these are compared with cookie hosts.
PANEL_LABELS = frozenset(
    {"my", "cp", "panel", "portal", "dashboard", "control", "cpanel", "account", "login", "user"}
)


def looks_like_echap(data: object) -> bool:
    """True for a list of apps, each a mapping with a `name` and Echap's keys."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(a, dict) and isinstance(a.get("name"), str) for a in data)
        and any({"packages", "websites", "c2", "certificates"} & set(a) for a in data)
    )


def _strings(value: object) -> list[str]:
    """The strings of a list (anything else gives none)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def is_panel_host(host: str) -> bool:
    """True for a website whose first label names a control panel (my., cp., panel. ...)."""
    labels = host.lower().split(".")
    return len(labels) >= 3 and labels[0] in PANEL_LABELS


def parse_echap(apps: list[dict[str, object]], name: str, date: str) -> tuple[IndicatorSet, int]:
    """The indicator set of an ioc.yaml list, and how many of its values cannot be checked on
    a computer (Android packages and certificates, shop websites)."""
    found = IndicatorSet(name=name, date=date)
    skipped = 0
    for app in apps:
        product = str(app["name"])
        for site in _strings(app.get("websites")):
            if is_panel_host(site):
                found.add(Kind.panel_host, site, product)
            else:
                skipped += 1
        c2 = app.get("c2")
        domains = _strings(c2.get("domains")) if isinstance(c2, dict) else []
        for domain in domains:
            # NOTE: C2 domains are compared with a management server's host only, never with
            # browsing: Echap's list holds analytics hosts too (alog.umeng.com).
            found.add(Kind.mdm_host, domain, product)
        skipped += len(_strings(app.get("packages"))) + len(_strings(app.get("certificates")))
    return found, skipped
