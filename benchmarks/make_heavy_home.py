#!/usr/bin/env python3
"""Write a synthetic but realistic home folder for shadowaudit benchmarks.

    python benchmarks/make_heavy_home.py OUTDIR            # heavy home in OUTDIR/home/ana
    python benchmarks/make_heavy_home.py OUTDIR --typical  # typical home
    python benchmarks/make_heavy_home.py OUTDIR --million  # 1,000,000 cookies, one profile

Heavy home: Firefox (2 profiles in ~/.config/mozilla/firefox), Chrome (~/.config/google-chrome)
and Brave (~/.config/BraveSoftware/Brave-Browser), 2 profiles each. Every profile holds 200,000
cookies over 20,000 sites (tracker cookies such as .doubleclick.net IDE and platform login
cookies such as .facebook.com c_user among them), 100,000 history URLs (about 150,000 visits),
40 extensions, 500 site permissions and 5,000 saved logins (plus 100 "never save" sites in
Chromium); Chromium Preferences files are several MB (site engagement and media engagement
data for thousands of sites, as a long-used browser has).

Typical home: 1 Firefox and 1 Chrome profile, 2,000 cookies over 300 sites, 5,000 history URLs,
5 extensions, 20 permissions, 50 logins.

Where the formats come from:

* cookies.sqlite, permissions.sqlite (Firefox) and Cookies, Login Data (Chromium): the CREATE
  TABLE / CREATE INDEX statements, PRAGMA user_version, page size, journal mode (from the file
  header) and Chromium's `meta` rows are read at generation time from the files the real
  browsers wrote in tests/fixtures/hosts/linux-firefox and linux-chromium (Firefox ESR 153,
  Chromium 156). The fixture cookies.sqlite is in WAL mode; its permissions.sqlite is not
  (header bytes 18/19 are 1/1), so each generated file follows its own fixture.
* places.sqlite and History, which the fixtures do not keep: the statements below are copied
  from the browsers' sources (see PLACES_SCHEMA and HISTORY_SCHEMA).
* key4.db, compatibility.ini, times.json, Secure Preferences and the base of prefs.js,
  extensions.json, Local State and Preferences are copied from those same fixtures.

Values are realistic in form (Firefox expiry in ms since 1970 for schema >= 16, its other
times in us; Chromium times in us since 1601; Chromium password_value blobs start with b"v10";
Firefox logins hold base64 DER blobs shaped like NSS's), random and meaningless in content:
no real cookie, password or history. The output is deterministic for a given --seed (only the
timestamps follow the clock). Only the standard library is used.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import sqlite3
import sys
import time
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

#: A database row, and a JSON object, as generated here.
Row = tuple[Any, ...]
Json = dict[str, Any]

REPO = Path(__file__).resolve().parent.parent
_HOSTS = REPO / "tests" / "fixtures" / "hosts"
FF_FIXTURE = _HOSTS / "linux-firefox/files/home/ana/.config/mozilla/firefox"
CR_FIXTURE = _HOSTS / "linux-chromium/files/home/ana/.config/chromium"

#: Seconds between 1601-01-01 (Chromium's epoch) and 1970-01-01.
_EPOCH_DELTA = 11_644_473_600
_DAY = 86_400


# --------------------------------------------------------------------------------------------
# What to generate


@dataclass(frozen=True)
class Spec:
    """How much of everything one generated home holds."""

    name: str
    firefox_profiles: int
    chrome_profiles: int
    brave_profiles: int
    cookies: int  # per profile
    sites: int  # per profile
    history_urls: int  # per profile
    extensions: int  # per profile
    permissions: int  # per profile
    logins: int  # per profile
    never_saved: int  # Chromium "never save" rows per profile (not counted as logins)
    engagement_sites: int  # Chromium Preferences site_engagement entries
    platforms: tuple[str, ...] = field(default=())  # platform login cookie hosts


HEAVY = Spec(
    name="heavy",
    firefox_profiles=2,
    chrome_profiles=2,
    brave_profiles=2,
    cookies=200_000,
    sites=20_000,
    history_urls=100_000,
    extensions=40,
    permissions=500,
    logins=5_000,
    never_saved=100,
    engagement_sites=16_000,
    platforms=(
        ".facebook.com",
        ".google.com",
        ".x.com",
        ".instagram.com",
        ".linkedin.com",
        ".tiktok.com",
        ".youtube.com",
        ".vk.com",
    ),
)
TYPICAL = Spec(
    name="typical",
    firefox_profiles=1,
    chrome_profiles=1,
    brave_profiles=0,
    cookies=2_000,
    sites=300,
    history_urls=5_000,
    extensions=5,
    permissions=20,
    logins=50,
    never_saved=5,
    engagement_sites=300,
    platforms=(".facebook.com", ".google.com"),
)
#: One Firefox profile of 1,000,000 cookies over 100,000 sites: the memory budget's case
#: (the rest as in a heavy profile).
MILLION = replace(HEAVY, name="million", cookies=1_000_000, sites=100_000, firefox_profiles=1)
MILLION = replace(MILLION, chrome_profiles=0, brave_profiles=0)


# --------------------------------------------------------------------------------------------
# Database formats


@dataclass
class DbFormat:
    """Everything needed to write a database the way a browser does."""

    statements: list[str]
    user_version: int = 0
    page_size: int = 4096
    wal: bool = False
    meta: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""


def read_format(path: Path) -> DbFormat:
    """The schema, user_version, page size, journal mode and meta rows of a real database."""
    header = path.read_bytes()[:100]
    if not header.startswith(b"SQLite format 3\x00"):
        raise SystemExit(f"{path} is not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        statements = [
            sql
            for (sql,) in connection.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        (user_version,) = connection.execute("PRAGMA user_version").fetchone()
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        meta = (
            [(str(k), str(v)) for k, v in connection.execute("SELECT key, value FROM meta")]
            if "meta" in tables
            else []
        )
    finally:
        connection.close()
    return DbFormat(
        statements=statements,
        user_version=int(user_version),
        page_size=65536 if page_size == 1 else page_size,
        wal=header[18] == 2,
        meta=meta,
        source=str(path.relative_to(REPO)),
    )


def _idx(name: str, table: str, columns: str, kind: str = "") -> str:
    """Firefox's CREATE_PLACES_IDX macro (nsPlacesIndexes.h); SQLite stores it normalized."""
    return f"CREATE {kind} INDEX IF NOT EXISTS {table}_{name} ON {table} ({columns})"


#: places.sqlite as Firefox creates it: Database::InitSchema() with the statements of
#: toolkit/components/places/nsPlacesTables.h and nsPlacesIndexes.h, mozilla-central as of
#: Firefox 141 (places schema version 82), in that order. The strings are the macros' pieces
#: joined as the C++ preprocessor joins them. Read from a copy of mozilla-central's Places
#: source (a Firefox fork tracking Firefox 141); no Firefox ran to write this list.
PLACES_SCHEMA_VERSION = 82
PLACES_SCHEMA = [
    "CREATE TABLE moz_origins ( id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, "
    "host TEXT NOT NULL, frecency INTEGER NOT NULL, recalc_frecency INTEGER NOT NULL DEFAULT 0, "
    "alt_frecency INTEGER, recalc_alt_frecency INTEGER NOT NULL DEFAULT 0, UNIQUE (prefix, host) )",
    "CREATE TABLE moz_places (   id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, "
    "rev_host LONGVARCHAR, visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, "
    "typed INTEGER DEFAULT 0 NOT NULL, frecency INTEGER DEFAULT -1 NOT NULL, "
    "last_visit_date INTEGER , guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL, "
    "url_hash INTEGER DEFAULT 0 NOT NULL , description TEXT, preview_image_url TEXT, "
    "site_name TEXT, origin_id INTEGER REFERENCES moz_origins(id), "
    "recalc_frecency INTEGER NOT NULL DEFAULT 0, alt_frecency INTEGER, "
    "recalc_alt_frecency INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE moz_places_extra (  place_id INTEGER PRIMARY KEY NOT NULL, sync_json TEXT, "
    "FOREIGN KEY (place_id) REFERENCES moz_places(id) ON DELETE CASCADE )",
    _idx("url_hashindex", "moz_places", "url_hash"),
    _idx("hostindex", "moz_places", "rev_host"),
    _idx("visitcount", "moz_places", "visit_count"),
    _idx("frecencyindex", "moz_places", "frecency"),
    _idx("lastvisitdateindex", "moz_places", "last_visit_date"),
    _idx("guid_uniqueindex", "moz_places", "guid", "UNIQUE"),
    _idx("originidindex", "moz_places", "origin_id"),
    _idx("altfrecencyindex", "moz_places", "alt_frecency"),
    "CREATE TABLE moz_historyvisits (  id INTEGER PRIMARY KEY, from_visit INTEGER, "
    "place_id INTEGER, visit_date INTEGER, visit_type INTEGER, session INTEGER, "
    "source INTEGER DEFAULT 0 NOT NULL, triggeringPlaceId INTEGER)",
    "CREATE TABLE moz_historyvisits_extra (  visit_id INTEGER PRIMARY KEY NOT NULL, "
    "sync_json TEXT, FOREIGN KEY (visit_id) REFERENCES moz_historyvisits(id) ON   DELETE CASCADE)",
    _idx("placedateindex", "moz_historyvisits", "place_id, visit_date"),
    _idx("fromindex", "moz_historyvisits", "from_visit"),
    _idx("dateindex", "moz_historyvisits", "visit_date"),
    "CREATE TABLE moz_inputhistory (  place_id INTEGER NOT NULL, input LONGVARCHAR NOT NULL, "
    "use_count INTEGER, PRIMARY KEY (place_id, input))",
    "CREATE TABLE moz_bookmarks (  id INTEGER PRIMARY KEY, type INTEGER, fk INTEGER DEFAULT NULL, "
    "parent INTEGER, position INTEGER, title LONGVARCHAR, keyword_id INTEGER, folder_type TEXT, "
    "dateAdded INTEGER, lastModified INTEGER, guid TEXT, syncStatus INTEGER NOT NULL DEFAULT 0, "
    "syncChangeCounter INTEGER NOT NULL DEFAULT 1)",
    "CREATE TABLE moz_bookmarks_deleted (  guid TEXT PRIMARY KEY, "
    "dateRemoved INTEGER NOT NULL DEFAULT 0)",
    _idx("itemindex", "moz_bookmarks", "fk, type"),
    _idx("parentindex", "moz_bookmarks", "parent, position"),
    _idx("itemlastmodifiedindex", "moz_bookmarks", "fk, lastModified"),
    _idx("dateaddedindex", "moz_bookmarks", "dateAdded"),
    _idx("guid_uniqueindex", "moz_bookmarks", "guid", "UNIQUE"),
    "CREATE TABLE moz_keywords (  id INTEGER PRIMARY KEY AUTOINCREMENT, keyword TEXT UNIQUE, "
    "place_id INTEGER, post_data TEXT)",
    _idx("placepostdata_uniqueindex", "moz_keywords", "place_id, post_data", "UNIQUE"),
    "CREATE TABLE moz_anno_attributes (  id INTEGER PRIMARY KEY, name VARCHAR(32) UNIQUE NOT NULL)",
    "CREATE TABLE moz_annos (  id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, "
    "anno_attribute_id INTEGER, content LONGVARCHAR, flags INTEGER DEFAULT 0, "
    "expiration INTEGER DEFAULT 0, type INTEGER DEFAULT 0, dateAdded INTEGER DEFAULT 0, "
    "lastModified INTEGER DEFAULT 0)",
    _idx("placeattributeindex", "moz_annos", "place_id, anno_attribute_id", "UNIQUE"),
    "CREATE TABLE moz_items_annos (  id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, "
    "anno_attribute_id INTEGER, content LONGVARCHAR, flags INTEGER DEFAULT 0, "
    "expiration INTEGER DEFAULT 0, type INTEGER DEFAULT 0, dateAdded INTEGER DEFAULT 0, "
    "lastModified INTEGER DEFAULT 0)",
    _idx("itemattributeindex", "moz_items_annos", "item_id, anno_attribute_id", "UNIQUE"),
    "CREATE TABLE moz_meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID ",
    "CREATE TABLE moz_places_metadata (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, "
    "referrer_place_id INTEGER, created_at INTEGER NOT NULL DEFAULT 0, "
    "updated_at INTEGER NOT NULL DEFAULT 0, total_view_time INTEGER NOT NULL DEFAULT 0, "
    "typing_time INTEGER NOT NULL DEFAULT 0, key_presses INTEGER NOT NULL DEFAULT 0, "
    "scrolling_time INTEGER NOT NULL DEFAULT 0, scrolling_distance INTEGER NOT NULL DEFAULT 0, "
    "document_type INTEGER NOT NULL DEFAULT 0, search_query_id INTEGER, "
    "FOREIGN KEY (place_id) REFERENCES moz_places(id) ON DELETE CASCADE, "
    "FOREIGN KEY (referrer_place_id) REFERENCES moz_places(id) ON DELETE CASCADE, "
    "FOREIGN KEY(search_query_id) REFERENCES moz_places_metadata_search_queries(id) "
    "ON DELETE CASCADE CHECK(place_id != referrer_place_id) )",
    _idx("placecreated_uniqueindex", "moz_places_metadata", "place_id, created_at", "UNIQUE"),
    _idx("referrerindex", "moz_places_metadata", "referrer_place_id"),
    "CREATE TABLE IF NOT EXISTS moz_places_metadata_search_queries ( id INTEGER PRIMARY KEY, "
    "terms TEXT NOT NULL UNIQUE )",
    "CREATE TABLE IF NOT EXISTS moz_previews_tombstones (   hash TEXT PRIMARY KEY ) WITHOUT ROWID",
    "CREATE TABLE moz_newtab_story_click (   feature TEXT NOT NULL, "
    "  timestamp_s INTEGER NOT NULL,   card_format_enum INTEGER NOT NULL, "
    "  position INTEGER NOT NULL, "
    "  section_position INTEGER NOT NULL,   feature_value REAL NOT NULL DEFAULT 1 )",
    "CREATE TABLE moz_newtab_story_impression (   feature TEXT NOT NULL, "
    "  timestamp_s INTEGER NOT NULL,   card_format_enum INTEGER NOT NULL, "
    "  position INTEGER NOT NULL,   section_position INTEGER NOT NULL, "
    "  feature_value REAL NOT NULL DEFAULT 1 )",
    _idx("newtab_click_timestampindex", "moz_newtab_story_click", "timestamp_s"),
    _idx("newtab_impression_timestampindex", "moz_newtab_story_impression", "timestamp_s"),
    "CREATE TABLE moz_newtab_shortcuts_interaction (   id INTEGER PRIMARY KEY, "
    "  place_id INTEGER NOT NULL REFERENCES moz_places(id) ON DELETE CASCADE, "
    "  event_type INTEGER NOT NULL,   timestamp_s INTEGER NOT NULL, "
    "  pinned INTEGER NOT NULL CHECK (pinned IN (0, 1)),   tile_position INTEGER NOT NULL)",
    _idx("timestampindex", "moz_newtab_shortcuts_interaction", "timestamp_s"),
    _idx("placeidindex", "moz_newtab_shortcuts_interaction", "place_id"),
]

#: History as Chromium creates it: HistoryDatabase::Init() (history_database.cc,
#: kCurrentVersionNumber 70, kCompatibleVersionNumber 16), URLDatabase::CreateURLTable() and
#: CreateMainURLIndex() (url_database.cc), VisitDatabase::InitVisitTable() (visit_database.cc),
#: chromium/src components/history/core/browser as of 2025. The meta table is sql::MetaTable's
#: (the same statement as in the fixtures' Cookies). Tables a heavy profile leaves empty
#: (keyword_search_terms, downloads*, segments*, content/context annotations, clusters*,
#: visited_links, history_sync_metadata) are left out.
HISTORY_VERSION = (70, 16)
HISTORY_SCHEMA = [
    "CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR)",
    "CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT,url LONGVARCHAR,title LONGVARCHAR,"
    "visit_count INTEGER DEFAULT 0 NOT NULL,typed_count INTEGER DEFAULT 0 NOT NULL,"
    "last_visit_time INTEGER NOT NULL,hidden INTEGER DEFAULT 0 NOT NULL)",
    "CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT,url INTEGER NOT NULL,"
    "visit_time INTEGER NOT NULL,from_visit INTEGER,external_referrer_url TEXT,"
    "transition INTEGER DEFAULT 0 NOT NULL,segment_id INTEGER,"
    "visit_duration INTEGER DEFAULT 0 NOT NULL,"
    "incremented_omnibox_typed_score BOOLEAN DEFAULT FALSE NOT NULL,opener_visit INTEGER,"
    "originator_cache_guid TEXT,originator_visit_id INTEGER,originator_from_visit INTEGER,"
    "originator_opener_visit INTEGER,is_known_to_sync BOOLEAN DEFAULT FALSE NOT NULL,"
    "consider_for_ntp_most_visited BOOLEAN DEFAULT FALSE NOT NULL,"
    "visited_link_id INTEGER DEFAULT 0 NOT NULL,app_id TEXT)",
    "CREATE TABLE visit_source(id INTEGER PRIMARY KEY,source INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS visits_url_index ON visits (url)",
    "CREATE INDEX IF NOT EXISTS visits_from_index ON visits (from_visit)",
    "CREATE INDEX IF NOT EXISTS visits_time_index ON visits (visit_time)",
    "CREATE INDEX IF NOT EXISTS visits_originator_id_index ON visits (originator_visit_id)",
    "CREATE INDEX IF NOT EXISTS urls_url_index ON urls (url)",
]


def write_db(
    path: Path,
    fmt: DbFormat,
    rows: dict[str, tuple[str, Iterable[Sequence[object]]]],
) -> None:
    """Create a database with `fmt`'s schema and fill it: {label: (INSERT sql, rows)}."""
    if path.exists():
        raise SystemExit(f"{path} already exists")
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA page_size = {fmt.page_size}")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(f"PRAGMA user_version = {fmt.user_version}")
        connection.execute("BEGIN")
        for statement in fmt.statements:
            connection.execute(statement)
        if fmt.meta:
            connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", fmt.meta)
        for sql, data in rows.values():
            connection.executemany(sql, data)
        connection.execute("COMMIT")
        if fmt.wal:
            # NOTE: as a browser leaves it after a clean quit: WAL header, log merged, no -wal.
            connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


# --------------------------------------------------------------------------------------------
# Names: sites, cookies, extensions


def _words(text: str) -> list[str]:
    """The words of a text, for long word lists kept readable."""
    return text.split()


_WORDS = _words(
    "alpha amber anchor apex arbor atlas aurora avenue badger bamboo beacon birch bloom "
    "bold breeze bridge bright brook canyon cedar chalk cinder citrus civic clear cliff "
    "cloud clover cobalt comet coral cosmos crane crest crystal daily delta desert drift "
    "dune eagle echo ember epic falcon fern field fjord flint forge fox frost garden gazette "
    "glacier globe golden granite grove harbor hawk hazel heron hill horizon icon island "
    "ivory jade jasper journal kestrel kite lagoon lantern larch ledger lemon light lily "
    "linden lotus lunar maple marble marsh meadow mesa metro mint mosaic moss mountain "
    "native nebula nest north oak oasis ocean olive onyx orbit orchid otter paper pebble "
    "pepper pine pixel planet plaza polar prairie prism quartz quest radar rain raven reef "
    "ridge river robin rocket rose ruby sage salt sapphire scout sierra signal silver sky "
    "slate solar spark spring spruce star stone storm summit sun swift tide timber topaz "
    "tower trail tribune tulip tundra union valley vector velvet vista voyage wave willow "
    "wind wolf zenith zephyr news shop media tech health travel market press times post "
    "daily guide hub labs works"
)
_TLDS = (
    ["com"] * 46
    + ["org"] * 8
    + ["net"] * 8
    + ["de", "fr", "co.uk", "com.br", "io", "info", "es", "it", "nl", "pl", "ru", "in"]
    + ["com.mx", "co", "ca", "com.au", "se", "ch", "be", "at", "tv", "me", "news", "ng"]
)
#: Real tracking domains with the names of cookies they really set (third-party contexts).
TRACKERS: dict[str, tuple[str, ...]] = {
    ".doubleclick.net": ("IDE", "DSID", "test_cookie", "ar_debug"),
    ".adnxs.com": ("uuid2", "anj", "XANDR_PANID", "icu"),
    ".criteo.com": ("uid", "cto_bundle"),
    ".scorecardresearch.com": ("UID", "UIDR", "XID"),
    ".rubiconproject.com": ("khaos", "audit", "rpb", "rpx"),
    ".pubmatic.com": ("KADUSERCOOKIE", "KTPCACOOKIE", "PUBMDCID", "DPSync3"),
    ".casalemedia.com": ("CMID", "CMPS", "CMPRO"),
    ".openx.net": ("i", "pd", "univ_id"),
    ".adsrvr.org": ("TDID", "TDCPM"),
    ".demdex.net": ("demdex", "dpm", "dextp"),
    ".everesttech.net": ("everest_g_v2", "everest_session_v2"),
    ".bluekai.com": ("bku", "bkdc", "bklc"),
    ".quantserve.com": ("mc", "d"),
    ".taboola.com": ("t_gid", "taboola_session_id"),
    ".outbrain.com": ("obuid", "adrl"),
    ".bing.com": ("MUID", "MR", "SRCHD", "SRCHUID"),
    ".amazon-adsystem.com": ("ad-id", "ad-privacy"),
    ".rlcdn.com": ("rlas3", "pxrc"),
    ".crwdcntrl.net": ("_cc_id", "_cc_dc", "_cc_aud"),
    ".tapad.com": ("TapAd_TS", "TapAd_DID", "TapAd_3WAY_SYNCS"),
    ".lijit.com": ("ljt_reader", "_ljtrtb_1"),
    ".smartadserver.com": ("pid", "csync", "TestIfCookieP"),
    ".id5-sync.com": ("id5", "cip", "cnac", "gdpr"),
    ".addthis.com": ("uvc", "loc", "__atuvc"),
    ".yandex.ru": ("yandexuid", "yuidss", "ymex", "i"),
    ".hotjar.com": ("_hjid",),
    ".mail.ru": ("VID", "tmr_lvid"),
    ".media.net": ("visitor-id", "data-c"),
}
#: Platform cookies, the login ones among them (c_user, SID, auth_token, sessionid, li_at ...).
PLATFORMS: dict[str, tuple[str, ...]] = {
    ".facebook.com": ("c_user", "xs", "datr", "fr", "sb", "locale"),
    ".google.com": (
        "SID",
        "HSID",
        "SSID",
        "APISID",
        "SAPISID",
        "__Secure-1PSID",
        "__Secure-3PSID",
        "NID",
        "AEC",
        "SIDCC",
        "__Secure-1PSIDTS",
        "__Secure-3PSIDTS",
    ),
    ".x.com": ("auth_token", "ct0", "twid", "guest_id", "kdt"),
    ".instagram.com": ("sessionid", "ds_user_id", "csrftoken", "mid", "ig_did"),
    ".linkedin.com": ("li_at", "JSESSIONID", "bcookie", "lidc", "bscookie"),
    ".tiktok.com": ("sessionid", "sid_tt", "ttwid", "tt_csrf_token", "msToken"),
    ".youtube.com": ("LOGIN_INFO", "VISITOR_INFO1_LIVE", "YSC", "PREF"),
    ".vk.com": ("remixsid", "remixlang", "remixstid"),
}
_COOKIE_NAMES = _words(
    "_ga _gid _gat _fbp _gcl_au session sessionid csrftoken PHPSESSID JSESSIONID lang locale "
    "consent euconsent-v2 OptanonConsent OptanonAlertBoxClosed cookieconsent_status __cf_bm "
    "cf_clearance _uetsid _uetvid ajs_anonymous_id ajs_user_id AWSALB AWSALBCORS XSRF-TOKEN "
    "laravel_session wordpress_test_cookie _clck _clsk __stripe_mid __stripe_sid theme "
    "tz _pin_unauth _ttp _scid _rdt_uuid __hstc __hssc __hssrc hubspotutk _lc2_fpi _pbjs_userid "
    "cto_bundle __gads __gpi __eoi FCNEC _cb _chartbeat2 s_cc s_sq s_fid AMCV_ mbox at_check "
    "country currency cart_id visitor_id ab_test segment viewed_cookie_policy usprivacy "
    "_sp_id _sp_ses _pk_id _pk_ses _hjSessionUser _hjSession _dc_gtm_ utag_main"
)
_EXTENSION_WORDS = _words(
    "Tab Window Page Reader Note Focus Color Dark Grammar Translate Password Coupon Price "
    "Screen Video Download Privacy Cookie Session Tab Mail Calendar Clip Shot Ruler Font "
    "Zoom Scroll Link Image Music Weather Clock Timer Todo Dictionary Proxy Theme Script"
)
_EXTENSION_SUFFIX = _words("Helper Manager Plus Pro Saver Tools Guard Lite Master Assistant Keeper")
_PATH_WORDS = _words(
    "news world politics sport culture tech science opinion article story video live blog "
    "product item search results category help account settings about contact events review"
)


def make_sites(rng: random.Random, count: int) -> list[str]:
    """`count` different registrable domains such as granitegazette.co.uk."""
    sites: list[str] = []
    seen: set[str] = set()
    while len(sites) < count:
        name = rng.choice(_WORDS) + rng.choice(_WORDS)
        if rng.random() < 0.15:
            name += str(rng.randrange(2, 99))
        site = f"{name}.{rng.choice(_TLDS)}"
        if site not in seen and len(name) > 5:
            seen.add(site)
            sites.append(site)
    return sites


def spread(total: int, buckets: int, cap: int) -> list[int]:
    """Split `total` over `buckets` like real sites do (a few with many, most with few),
    each between 1 and `cap` (browsers keep at most about 180 cookies per site)."""
    if buckets * cap < total:
        raise SystemExit(f"cannot spread {total} cookies over {buckets} sites")
    weights = [1.0 / (rank + 8) ** 0.8 for rank in range(buckets)]
    scale = total / sum(weights)
    counts = [max(1, min(cap, int(w * scale))) for w in weights]
    left = total - sum(counts)
    step = 1 if left > 0 else -1
    index = 0
    while left:
        slot = index % buckets
        if (step > 0 and counts[slot] < cap) or (step < 0 and counts[slot] > 1):
            counts[slot] += step
            left -= step
        index += 1
    return counts


class Noise:
    """Fast random strings: slices of one random pool."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.text = base64.b64encode(rng.randbytes(1 << 20)).decode().replace("/", "_")
        self.hex = rng.randbytes(1 << 19).hex()
        self.raw = rng.randbytes(1 << 20)

    def token(self, length: int) -> str:
        start = self.rng.randrange(len(self.text) - length)
        return self.text[start : start + length]

    def hexs(self, length: int) -> str:
        start = self.rng.randrange(len(self.hex) - length)
        return self.hex[start : start + length]

    def blob(self, length: int) -> bytes:
        start = self.rng.randrange(len(self.raw) - length)
        return self.raw[start : start + length]


def cookie_value(noise: Noise, rng: random.Random) -> str:
    """A cookie value as sites set them: ids, tokens, small JSON-ish strings."""
    roll = rng.random()
    if roll < 0.35:
        return f"GA1.2.{rng.randrange(10**9)}.{rng.randrange(1_600_000_000, 1_800_000_000)}"
    if roll < 0.6:
        return noise.hexs(rng.choice((16, 32, 40, 64)))
    if roll < 0.9:
        return noise.token(rng.randrange(8, 120))
    return str(rng.randrange(1, 10**6))


def trackers_for(spec: Spec) -> dict[str, tuple[str, ...]]:
    """The tracking domains present: all for a heavy home, the 6 most common otherwise."""
    return TRACKERS if spec.sites >= 1000 else dict(list(TRACKERS.items())[:6])


def ordinary_site_count(spec: Spec) -> int:
    """How many first-party sites, so that all cookie sites together make spec.sites."""
    return spec.sites - len(trackers_for(spec)) - len(spec.platforms)


@dataclass
class Cookie:
    """One cookie, independent of the browser that stores it."""

    host: str
    name: str
    value: str
    path: str
    partition_site: str  # "" for an unpartitioned cookie
    secure: bool
    http_only: bool
    same_site: int  # 0 none, 1 lax, 2 strict, -1 unspecified
    persistent: bool
    created: float  # Unix seconds
    accessed: float
    expires: float  # Unix seconds (0 for a session cookie)


def make_cookies(
    rng: random.Random, noise: Noise, spec: Spec, sites: list[str], now: float, firefox: bool
) -> list[Cookie]:
    """Exactly spec.cookies cookies over `sites` plus trackers and platforms.

    Firefox keeps a third-party cookie in a jar per top-level site (Total Cookie Protection),
    so trackers embedded in many sites leave many partitioned rows; Chromium keeps them once
    (partitioned only for CHIPS). Firefox never writes session cookies to disk.
    """
    cookies: list[Cookie] = []

    def add(host: str, name: str, partition: str = "", secure: bool | None = None) -> None:
        created = now - rng.uniform(0, 380 * _DAY)
        accessed = min(now, created + rng.uniform(0, 30 * _DAY))
        persistent = firefox or rng.random() < 0.85
        expires = (accessed + rng.uniform(_DAY, 400 * _DAY)) if persistent else 0.0
        is_secure = secure if secure is not None else rng.random() < 0.8
        cookies.append(
            Cookie(
                host=host,
                name=name,
                value=cookie_value(noise, rng),
                path="/" if rng.random() < 0.93 else rng.choice(("/app", "/account", "/shop")),
                partition_site=partition,
                secure=is_secure or bool(partition),
                http_only=rng.random() < 0.3,
                same_site=rng.choice((-1, -1, 0, 1, 1, 2)) if not partition else 0,
                persistent=persistent,
                created=created,
                accessed=accessed,
                expires=expires,
            )
        )

    platforms = {host: PLATFORMS[host] for host in spec.platforms}
    trackers = trackers_for(spec)
    for host, names in platforms.items():
        for name in names:
            add(host, name, secure=True)
    for host, names in trackers.items():
        for name in names:
            add(host, name, secure=True)
    # Partitioned third-party cookies: trackers (and widgets) inside top-level sites.
    wanted_partitioned = int(spec.cookies * (0.15 if firefox else 0.02))
    tracker_pairs = [(host, name) for host, names in trackers.items() for name in names[:2]]
    seen_partitioned: set[tuple[str, str, str]] = set()
    while len(seen_partitioned) < wanted_partitioned:
        host, name = rng.choice(tracker_pairs)
        site = rng.choice(sites)
        if (host, name, site) not in seen_partitioned:
            seen_partitioned.add((host, name, site))
            add(host, name, partition=site)
    # First-party cookies of the ordinary sites.
    first_party = spec.cookies - len(cookies)
    counts = spread(first_party, len(sites), 150)
    for site, count in zip(sites, counts, strict=True):
        picked = rng.sample(_COOKIE_NAMES, min(count, len(_COOKIE_NAMES)))
        picked += [f"{rng.choice(_COOKIE_NAMES)}_{n}" for n in range(count - len(picked))]
        for name in picked:
            roll = rng.random()
            host = f".{site}" if roll < 0.6 else f"www.{site}" if roll < 0.95 else f"m.{site}"
            add(host, name)
    assert len(cookies) == spec.cookies, len(cookies)
    return cookies


# --------------------------------------------------------------------------------------------
# Time formats


def chrome_time(unix: float) -> int:
    """Microseconds since 1601-01-01 UTC (Chromium's base::Time)."""
    return int((unix + _EPOCH_DELTA) * 1_000_000)


def prtime(unix: float) -> int:
    """Microseconds since 1970 (Firefox's PRTime)."""
    return int(unix * 1_000_000)


# --------------------------------------------------------------------------------------------
# Firefox


def _mozilla_hash(data: bytes, seed: int = 0) -> int:
    """mozilla::HashString over bytes (the golden-ratio hash of mfbt/HashFunctions.h)."""
    value = seed
    for byte in data:
        rotated = ((value << 5) | (value >> 27)) & 0xFFFFFFFF
        value = (0x9E3779B9 * (rotated ^ byte)) & 0xFFFFFFFF
    return value


def places_url_hash(url: str) -> int:
    """moz_places.url_hash as Places' hash() SQL function computes it for a URL."""
    prefix = url.split(":", 1)[0].encode()
    return ((_mozilla_hash(prefix) & 0xFFFF) << 32) + _mozilla_hash(url.encode())


def places_guid(rng: random.Random) -> str:
    """A 12-character Places GUID (base64url of 9 random bytes)."""
    return base64.urlsafe_b64encode(rng.randbytes(9)).decode()


def firefox_cookie_rows(cookies: list[Cookie]) -> Iterable[tuple[object, ...]]:
    """moz_cookies rows (schema 17): expiry in ms, other times in us."""
    for row_id, cookie in enumerate(cookies, start=1):
        attributes = (
            f"^partitionKey=%28https%2C{cookie.partition_site}%29" if cookie.partition_site else ""
        )
        yield (
            row_id,
            attributes,
            cookie.name,
            cookie.value,
            cookie.host,
            cookie.path,
            int(cookie.expires * 1000),
            prtime(cookie.accessed),
            prtime(cookie.created),
            int(cookie.secure),
            int(cookie.http_only),
            0,
            max(cookie.same_site, 0),
            2 if cookie.secure else 1,
            int(bool(cookie.partition_site) and cookie.name.startswith("__Host")),
            prtime(cookie.accessed),
        )


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


#: DER body of the OID 2.16.840.1.101.3.4.1.42 (AES-256-CBC).
_AES256_CBC = bytes.fromhex("60864801650304012a")


def nss_blob(noise: Noise, plain_length: int) -> str:
    """Base64 of the DER NSS writes for a login field: key id, AES-256-CBC, IV, ciphertext
    (the shape of the fixture's "MFMEEPgAAAAAAAAAAAAAAAAAAAEwHQYJYIZIAWUDBAEqBBA..." values)."""
    key_id = _der(0x04, bytes.fromhex("f8000000000000000000000000000001"))
    oid = _der(0x06, _AES256_CBC)
    algorithm = _der(0x30, oid + _der(0x04, noise.blob(16)))
    ciphertext = _der(0x04, noise.blob((plain_length // 16 + 1) * 16))
    return base64.b64encode(_der(0x30, key_id + algorithm + ciphertext)).decode()


def firefox_logins(
    rng: random.Random, noise: Noise, sites: list[str], count: int, now: float
) -> Json:
    """logins.json content with `count` logins, every secret an encrypted-looking blob."""
    logins = []
    for login_id in range(1, count + 1):
        site = rng.choice(sites)
        origin = f"https://{rng.choice(('', 'www.', 'accounts.', 'login.'))}{site}"
        created = int((now - rng.uniform(0, 3 * 365 * _DAY)) * 1000)
        used = min(int(now * 1000), created + int(rng.uniform(0, 300 * _DAY) * 1000))
        logins.append(
            {
                "id": login_id,
                "hostname": origin,
                "httpRealm": None,
                "formSubmitURL": origin,
                "usernameField": rng.choice(("username", "email", "login", "user")),
                "passwordField": rng.choice(("password", "pass", "pwd")),
                "encryptedUsername": nss_blob(noise, rng.randrange(6, 30)),
                "encryptedPassword": nss_blob(noise, rng.randrange(8, 40)),
                "guid": "{" + str(uuid.UUID(int=rng.getrandbits(128), version=4)) + "}",
                "encType": 1,
                "timeCreated": created,
                "timeLastUsed": used,
                "timePasswordChanged": created,
                "timesUsed": rng.randrange(1, 200),
                "timeLastBreachAlertDismissed": 0,
                "syncCounter": 1,
                "everSynced": False,
                "encryptedUnknownFields": nss_blob(noise, 2),
            }
        )
    return {
        "nextId": count + 1,
        "logins": logins,
        "potentiallyVulnerablePasswords": [],
        "dismissedBreachAlertsByLoginGUID": {},
        "version": 3,
    }


_FF_PERMISSIONS = (
    ("desktop-notification", 30),
    ("geo", 10),
    ("camera", 8),
    ("microphone", 8),
    ("screen", 2),
    ("popup", 12),
    ("autoplay-media", 8),
    ("persistent-storage", 6),
    ("cookie", 6),
    ("install", 1),
    ("https-only-load-insecure", 2),
    ("storageAccessAPI", 4),
    ("login-saving", 3),
)


def firefox_permission_rows(
    rng: random.Random, sites: list[str], count: int, now: float
) -> list[Row]:
    """moz_perms rows: mostly allowed (1), some blocked (2); mostly for good (expireType 0)."""
    kinds = [kind for kind, weight in _FF_PERMISSIONS for _ in range(weight)]
    seen: set[tuple[str, str]] = set()
    rows: list[Row] = []
    while len(rows) < count:
        kind = rng.choice(kinds)
        origin = f"https://{rng.choice(('', 'www.'))}{rng.choice(sites)}"
        if (origin, kind) in seen:
            continue
        seen.add((origin, kind))
        temporary = rng.random() < 0.1
        modified = int((now - rng.uniform(0, 700 * _DAY)) * 1000)
        rows.append(
            (
                len(rows) + 1,
                origin,
                kind,
                1 if rng.random() < 0.7 else 2,
                2 if temporary else 0,
                modified + 30 * _DAY * 1000 if temporary else 0,
                modified,
            )
        )
    return rows


def history_urls(
    rng: random.Random, noise: Noise, sites: list[str], count: int
) -> list[tuple[str, str, str]]:
    """(url, title, host) of `count` different pages over `sites`, popular sites first."""
    weights = [1.0 / (rank + 3) for rank in range(len(sites))]
    chosen = rng.choices(sites, weights=weights, k=count)
    seen: set[str] = set()
    pages = []
    for site in chosen:
        host = f"www.{site}" if rng.random() < 0.7 else site
        while True:
            words = rng.sample(_PATH_WORDS, 2)
            roll = rng.random()
            if roll < 0.55:
                path = f"/{words[0]}/{rng.randrange(2019, 2027)}/{words[1]}-{noise.hexs(8)}"
            elif roll < 0.8:
                path = f"/{words[0]}?id={rng.randrange(10**7)}&ref={words[1]}"
            else:
                path = f"/{words[0]}/{noise.token(rng.randrange(10, 60))}"
            url = f"https://{host}{path}"
            if url not in seen:
                seen.add(url)
                break
        title = " ".join(w.capitalize() for w in rng.sample(_PATH_WORDS, rng.randrange(2, 7)))
        pages.append((url, f"{title} - {site.split('.')[0].capitalize()}", host))
    return pages


def places_rows(
    rng: random.Random, noise: Noise, sites: list[str], count: int, now: float
) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    """moz_origins, moz_places, moz_historyvisits and bookmark-root rows."""
    pages = history_urls(rng, noise, sites, count)
    origins: dict[str, int] = {}
    origin_rows: list[Row] = []
    place_rows: list[Row] = []
    visit_rows: list[Row] = []
    for place_id, (url, title, host) in enumerate(pages, start=1):
        if host not in origins:
            origins[host] = len(origins) + 1
            origin_rows.append((origins[host], "https://", host, rng.randrange(100, 20000)))
        visits = 1 if rng.random() < 0.7 else rng.randrange(2, 5)
        times = sorted(now - rng.uniform(0, 365 * _DAY) for _ in range(visits))
        typed = int(rng.random() < 0.05)
        for moment in times:
            visit_rows.append(
                (
                    len(visit_rows) + 1,
                    0,
                    place_id,
                    prtime(moment),
                    2 if typed else rng.choice((1, 1, 1, 1, 5, 6, 9)),
                    0,
                    0,
                    None,
                )
            )
        place_rows.append(
            (
                place_id,
                url,
                title,
                host[::-1] + ".",
                visits,
                0,
                typed,
                rng.randrange(100, 20000),
                prtime(times[-1]),
                places_guid(rng),
                0,
                places_url_hash(url),
                None,
                None,
                None,
                origins[host],
                0,
                None,
                0,
            )
        )
    created = prtime(now - 400 * _DAY)
    roots = [
        (1, 2, None, 0, 0, "", None, None, created, created, "root________", 1, 1),
        (2, 2, None, 1, 0, "menu", None, None, created, created, "menu________", 1, 1),
        (3, 2, None, 1, 1, "toolbar", None, None, created, created, "toolbar_____", 1, 1),
        (4, 2, None, 1, 2, "tags", None, None, created, created, "tags________", 1, 1),
        (5, 2, None, 1, 3, "unfiled", None, None, created, created, "unfiled_____", 1, 1),
        (6, 2, None, 1, 4, "mobile", None, None, created, created, "mobile______", 1, 1),
    ]
    return origin_rows, place_rows, visit_rows, roots


_FF_ADDON_PERMISSIONS = (
    ["storage"],
    ["storage", "tabs"],
    ["storage", "contextMenus", "activeTab"],
    ["cookies", "webRequest", "webRequestBlocking", "tabs"],
    ["history", "tabs", "storage"],
    ["downloads", "storage"],
    ["proxy", "storage", "webRequest"],
    ["clipboardRead", "clipboardWrite"],
    ["nativeMessaging", "storage"],
    ["privacy", "browsingData", "cookies"],
)


def _addon_name(rng: random.Random, index: int) -> str:
    return f"{rng.choice(_EXTENSION_WORDS)} {rng.choice(_EXTENSION_SUFFIX)} {index}"


def firefox_extensions(
    rng: random.Random, base: Json, count: int, profile_path: str, now: float
) -> tuple[Json, list[tuple[str, str]]]:
    """extensions.json: the fixture's built-in add-ons plus `count` installed ones, and
    (id, name) of those installed, for their .xpi files."""
    builtins = [a for a in base["addons"] if a.get("location") != "app-profile"]
    template = next(a for a in base["addons"] if a.get("location") == "app-profile")
    addons = list(builtins)
    installed = []
    for index in range(count):
        name = _addon_name(rng, index)
        slug = name.lower().replace(" ", "-")
        addon_id = f"{slug}@{rng.choice(_WORDS)}{rng.choice(_WORDS)}.org"
        if rng.random() < 0.4:
            addon_id = "{" + str(uuid.UUID(int=rng.getrandbits(128), version=4)) + "}"
        version = f"{rng.randrange(1, 12)}.{rng.randrange(0, 30)}.{rng.randrange(0, 9)}"
        roll = rng.random()
        location = "app-profile" if roll < 0.92 else "app-system-share"
        signed = 2 if roll < 0.85 else (0 if roll < 0.92 else 2)
        installed_ms = int((now - rng.uniform(0, 1000 * _DAY)) * 1000)
        permissions = list(rng.choice(_FF_ADDON_PERMISSIONS))
        origins = ["<all_urls>"] if rng.random() < 0.45 else [f"*://*.{rng.choice(_WORDS)}.com/*"]
        xpi = f"{profile_path}/extensions/{addon_id}.xpi"
        entry = json.loads(json.dumps(template))
        entry.update(
            {
                "id": addon_id,
                "syncGUID": "{" + str(uuid.UUID(int=rng.getrandbits(128), version=4)) + "}",
                "version": version,
                "manifestVersion": rng.choice((2, 3)),
                "installDate": installed_ms,
                "updateDate": installed_ms + rng.randrange(0, 10**9),
                "path": xpi,
                "rootURI": f"jar:file://{xpi}!/",
                "location": location,
                "sourceURI": f"https://addons.mozilla.org/firefox/downloads/file/"
                f"{rng.randrange(10**6, 5 * 10**6)}/{slug}-{version}.xpi"
                if signed == 2
                else "file:///home/ana/Downloads/" + slug + ".xpi",
                "signedState": signed,
                "signedTypes": [2, 1] if signed == 2 else [],
                "signedDate": installed_ms if signed == 2 else None,
                "foreignInstall": location != "app-profile",
                "active": rng.random() < 0.9,
                "userDisabled": False,
                "installTelemetryInfo": {"source": "amo", "method": "amWebAPI"},
            }
        )
        entry["defaultLocale"] = dict(
            entry["defaultLocale"], name=name, description=f"{name} for Firefox."
        )
        entry["userPermissions"] = {
            "permissions": permissions,
            "origins": origins,
            "data_collection": [],
        }
        addons.append(entry)
        installed.append((addon_id, name))
    return {"schemaVersion": base["schemaVersion"], "addons": addons}, installed


def write_xpi(path: Path, addon_id: str, name: str) -> None:
    """A small signed-looking add-on archive (manifest only, no code)."""
    manifest = {
        "manifest_version": 2,
        "name": name,
        "version": "1.0",
        "browser_specific_settings": {"gecko": {"id": addon_id}},
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("META-INF/cose.sig", b"\0" * 64)


def firefox_prefs(
    base: str, rng: random.Random, noise: Noise, addons: list[tuple[str, str]]
) -> str:
    """prefs.js: the fixture's prefs plus what a long-used profile accumulates."""
    uuids = {
        addon_id: str(uuid.UUID(int=rng.getrandbits(128), version=4)) for addon_id, _ in addons
    }
    ui_state = {
        "placements": {
            "nav-bar": ["back-button", "forward-button", "urlbar-container", "downloads-button"]
            + [f"{a.split('@')[0].strip('{}')}-browser-action" for a, _ in addons[:12]],
            "unified-extensions-area": [
                f"{a.split('@')[0].strip('{}')}-browser-action" for a, _ in addons[12:]
            ],
        },
        "currentVersion": 21,
        "newElementCount": 4,
    }
    extra = {
        "extensions.webextensions.uuids": json.dumps(uuids, separators=(",", ":")),
        "browser.uiCustomization.state": json.dumps(ui_state, separators=(",", ":")),
        "extensions.lastAppVersion": "153.7.0",
        "browser.sessionstore.upgradeBackup.latestBuildID": "20261103151912",
    }
    lines = [base.rstrip("\n")]
    for key, value in sorted(extra.items()):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'user_pref("{key}", "{escaped}");')
    for index in range(300):
        lines.append(
            f'user_pref("app.update.lastUpdateTime.synthetic-timer-{index}", '
            f"{rng.randrange(1_700_000_000, 1_800_000_000)});"
        )
        if index % 3 == 0:
            lines.append(
                f'user_pref("browser.synthetic.cache.entry-{index}", "{noise.token(40)}");'
            )
    return "\n".join(lines) + "\n"


def build_firefox(
    root: Path, spec: Spec, rng: random.Random, noise: Noise, now: float, report: Report
) -> None:
    """~/.config/mozilla/firefox with spec.firefox_profiles used profiles."""
    formats = {
        "cookies": read_format(FF_FIXTURE / "kzklzdy5.risky/cookies.sqlite"),
        "permissions": read_format(FF_FIXTURE / "kzklzdy5.risky/permissions.sqlite"),
    }
    places = DbFormat(
        statements=PLACES_SCHEMA,
        user_version=PLACES_SCHEMA_VERSION,
        page_size=formats["cookies"].page_size,
        wal=True,
        source="PLACES_SCHEMA (Firefox 141 sources)",
    )
    base_extensions = json.loads((FF_FIXTURE / "kzklzdy5.risky/extensions.json").read_text())
    prefs_sources = ["oskvm87o.default-esr", "kzklzdy5.risky"]
    root.mkdir(parents=True)
    names = [("default-release", "Personal"), ("work", "Work")][: spec.firefox_profiles]
    folders = []
    for number, (suffix, label) in enumerate(names):
        folder = f"{noise.token(8).lower().replace('-', 'a').replace('+', 'b')}.{suffix}"
        folders.append((folder, label))
        profile = root / folder
        profile.mkdir()
        sites = make_sites(rng, ordinary_site_count(spec))
        cookies = make_cookies(rng, noise, spec, sites, now, firefox=True)
        write_db(
            profile / "cookies.sqlite",
            formats["cookies"],
            {
                "moz_cookies": (
                    "INSERT INTO moz_cookies VALUES (" + ",".join("?" * 16) + ")",
                    firefox_cookie_rows(cookies),
                )
            },
        )
        origin_rows, place_rows, visit_rows, roots = places_rows(
            rng, noise, sites, spec.history_urls, now
        )
        write_db(
            profile / "places.sqlite",
            places,
            {
                "origins": (
                    "INSERT INTO moz_origins (id, prefix, host, frecency) VALUES (?, ?, ?, ?)",
                    origin_rows,
                ),
                "places": (
                    "INSERT INTO moz_places VALUES (" + ",".join("?" * 19) + ")",
                    place_rows,
                ),
                "visits": (
                    "INSERT INTO moz_historyvisits VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    visit_rows,
                ),
                "roots": ("INSERT INTO moz_bookmarks VALUES (" + ",".join("?" * 13) + ")", roots),
            },
        )
        write_db(
            profile / "permissions.sqlite",
            formats["permissions"],
            {
                "perms": (
                    "INSERT INTO moz_perms VALUES (?, ?, ?, ?, ?, ?, ?)",
                    firefox_permission_rows(rng, sites, spec.permissions, now),
                )
            },
        )
        logins = firefox_logins(rng, noise, sites, spec.logins, now)
        (profile / "logins.json").write_text(json.dumps(logins, separators=(",", ":")))
        extensions, installed = firefox_extensions(
            rng,
            base_extensions,
            spec.extensions,
            f"/home/ana/.config/mozilla/firefox/{folder}",
            now,
        )
        (profile / "extensions.json").write_text(json.dumps(extensions, separators=(",", ":")))
        (profile / "extensions").mkdir()
        for addon_id, name in installed:
            write_xpi(profile / "extensions" / f"{addon_id}.xpi", addon_id, name)
        base_prefs = (FF_FIXTURE / prefs_sources[number % 2] / "prefs.js").read_text()
        (profile / "prefs.js").write_text(firefox_prefs(base_prefs, rng, noise, installed))
        for name in ("key4.db", "compatibility.ini", "times.json"):
            shutil.copyfile(FF_FIXTURE / "kzklzdy5.risky" / name, profile / name)
        report.profile(
            f"Firefox {folder}",
            cookies=len(cookies),
            cookie_sites=spec.sites,
            history_urls=len(place_rows),
            history_visits=len(visit_rows),
            extensions=len(installed),
            permissions=spec.permissions,
            logins=spec.logins,
        )
    sections = []
    for number, (folder, label) in enumerate(folders):
        sections.append(f"[Profile{number}]\nName={label}\nIsRelative=1\nPath={folder}\n")
    install = f"[Install4F96D1932A9F858E]\nDefault={folders[0][0]}\nLocked=1\n"
    (root / "profiles.ini").write_text(
        "\n".join([install, *sections, "[General]\nStartWithLastProfile=1\nVersion=2\n"])
    )
    (root / "installs.ini").write_text(f"[4F96D1932A9F858E]\nDefault={folders[0][0]}\nLocked=1\n")


# --------------------------------------------------------------------------------------------
# Chromium family


def chromium_cookie_rows(
    cookies: list[Cookie], noise: Noise, rng: random.Random
) -> Iterable[tuple[object, ...]]:
    """cookies rows (meta version 24): values only encrypted (b"v10" + AES-CBC blocks, whose
    plaintext starts with a 32-byte SHA-256 of the host since version 24)."""
    for cookie in cookies:
        padded = ((32 + len(cookie.value)) // 16 + 1) * 16
        top_frame = f"https://{cookie.partition_site}" if cookie.partition_site else ""
        yield (
            chrome_time(cookie.created),
            cookie.host,
            top_frame,
            cookie.name,
            "",
            b"v10" + noise.blob(padded),
            cookie.path,
            chrome_time(cookie.expires) if cookie.persistent else 0,
            int(cookie.secure),
            int(cookie.http_only),
            chrome_time(cookie.accessed),
            int(cookie.persistent),
            int(cookie.persistent),
            1,
            cookie.same_site,
            2 if cookie.secure else 1,
            443 if cookie.secure else 80,
            chrome_time(cookie.accessed),
            rng.choice((1, 1, 2)),
            int(bool(cookie.partition_site)),
        )


def chromium_login_rows(
    rng: random.Random, noise: Noise, sites: list[str], count: int, never: int, now: float
) -> list[Row]:
    """logins rows: `count` saved passwords (password_value b"v10" + ciphertext) and `never`
    sites marked "never save" (blacklisted_by_user 1, no username or password)."""
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    while len(rows) < count + never:
        blocked = len(rows) >= count
        site = rng.choice(sites)
        origin = f"https://{rng.choice(('', 'www.', 'accounts.', 'login.'))}{site}/"
        username = "" if blocked else f"user{rng.randrange(10**6)}"
        if (origin, username) in seen:
            continue
        seen.add((origin, username))
        created = chrome_time(now - rng.uniform(0, 3 * 365 * _DAY))
        password = b"" if blocked else b"v10" + noise.blob(16 * rng.randrange(1, 4))
        rows.append(
            (
                origin + rng.choice(("login", "signin", "")),
                origin + "session",
                "" if blocked else "username",
                username,
                "" if blocked else "password",
                password,
                "",
                origin,
                created,
                int(blocked),
                0,
                0,
                rng.randrange(0, 50),
                b"",
                "",
                "",
                "",
                0,
                0,
                b"",
                len(rows) + 1,
                created if blocked else created + rng.randrange(0, 10**13),
                b"",
                created,
                None,
                None,
                None,
                0,
                None,
                None,
                0,
                0,
            )
        )
    return rows


def chromium_history_rows(
    rng: random.Random, noise: Noise, sites: list[str], count: int, now: float
) -> tuple[list[Row], list[Row]]:
    """urls and visits rows (History version 70)."""
    url_rows: list[Row] = []
    visit_rows: list[Row] = []
    for url_id, (url, title, _host) in enumerate(history_urls(rng, noise, sites, count), 1):
        visits = 1 if rng.random() < 0.7 else rng.randrange(2, 5)
        typed = rng.random() < 0.05
        times = sorted(now - rng.uniform(0, 365 * _DAY) for _ in range(visits))
        for moment in times:
            transition = 0x30000001 if typed else rng.choice((0x30000000, 0x30000000, 0x30000008))
            visit_rows.append(
                (
                    len(visit_rows) + 1,
                    url_id,
                    chrome_time(moment),
                    0,
                    "",
                    transition,
                    0,
                    rng.randrange(0, 600 * 10**6),
                    int(typed),
                    0,
                    "",
                    0,
                    0,
                    0,
                    0,
                    1,
                    0,
                    None,
                )
            )
        url_rows.append(
            (url_id, url, title, visits, visits if typed else 0, chrome_time(times[-1]), 0)
        )
    return url_rows, visit_rows


_CR_PERMISSIONS = (
    ("notifications", 30),
    ("geolocation", 12),
    ("media_stream_camera", 8),
    ("media_stream_mic", 8),
    ("popups", 12),
    ("automatic_downloads", 6),
    ("sound", 8),
    ("clipboard", 4),
    ("javascript", 4),
    ("images", 2),
    ("midi_sysex", 1),
    ("sensors", 1),
    ("idle_detection", 1),
    ("window_placement", 1),
    ("local_fonts", 1),
    ("file_system_write_guard", 1),
)


def _ts(unix: float) -> str:
    return str(chrome_time(unix))


def chromium_exceptions(
    rng: random.Random, base: Json, sites: list[str], spec: Spec, now: float
) -> tuple[Json, int]:
    """profile.content_settings.exceptions: `spec.permissions` site permissions plus the
    engagement data that makes a long-used profile's Preferences several MB."""
    exceptions: Json = {key: {} for key in base}
    kinds = [kind for kind, weight in _CR_PERMISSIONS for _ in range(weight)]
    made = 0
    while made < spec.permissions:
        kind = rng.choice(kinds)
        pattern = f"https://{rng.choice(('', 'www.'))}{rng.choice(sites)}:443,*"
        bucket = exceptions.setdefault(kind, {})
        if pattern in bucket:
            continue
        bucket[pattern] = {
            "last_modified": _ts(now - rng.uniform(0, 700 * _DAY)),
            "setting": 1 if rng.random() < 0.7 else 2,
        }
        made += 1
    engaged = rng.sample(sites, min(spec.engagement_sites, len(sites)))
    for site in engaged:
        pattern = f"https://www.{site}:443,*"
        last = now - rng.uniform(0, 90 * _DAY)
        exceptions["site_engagement"][pattern] = {
            "last_modified": _ts(last),
            "setting": {
                "lastEngagementTime": float(chrome_time(last)),
                "lastShortcutLaunchTime": 0.0,
                "pointsAddedToday": round(rng.uniform(0, 15), 1),
                "rawScore": round(rng.uniform(0, 100), 6),
            },
        }
        if rng.random() < 0.6:
            played = float(chrome_time(last)) if rng.random() < 0.3 else 0.0
            exceptions["media_engagement"][pattern] = {
                "expiration": _ts(last + 90 * _DAY),
                "last_modified": _ts(last),
                "lifetime": "7776000000000",
                "setting": {
                    "hasHighScore": rng.random() < 0.05,
                    "lastMediaPlaybackTime": played,
                    "mediaPlaybacks": rng.randrange(0, 40),
                    "visits": rng.randrange(1, 300),
                },
            }
        if rng.random() < 0.2:
            exceptions["client_hints"][pattern] = {
                "last_modified": _ts(last),
                "setting": {"client_hints": sorted(rng.sample(range(4, 30), 6))},
            }
        if rng.random() < 0.15:
            exceptions["cookie_controls_metadata"][f"https://[*.]{site},*"] = {
                "last_modified": _ts(last),
                "setting": {},
            }
    return exceptions, made


def _extension_id(name: str) -> str:
    """A Chromium extension id: 32 letters a-p from a hash (as derived from a public key)."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


_CR_APIS = (
    ["storage"],
    ["storage", "tabs"],
    ["storage", "contextMenus", "activeTab"],
    ["cookies", "webRequest", "tabs"],
    ["history", "tabs", "storage"],
    ["downloads", "storage", "notifications"],
    ["proxy", "storage"],
    ["clipboardRead", "clipboardWrite"],
    ["nativeMessaging", "storage"],
    ["privacy", "browsingData", "cookies"],
    ["management", "storage"],
    ["debugger", "tabs"],
)


def chromium_extensions(
    rng: random.Random, base: Json, count: int, profile: Path, now: float
) -> Json:
    """extensions.settings: the fixture's component entries plus `count` installed
    extensions, with their manifest.json (some through _locales) under Extensions/."""
    settings = {k: v for k, v in base.items() if v.get("location") in (5, 10)}
    template = next(v for v in base.values() if v.get("location") not in (5, 10))
    for index in range(count):
        name = _addon_name(rng, index)
        ext_id = _extension_id(f"{name}/{profile}/{index}")
        version = f"{rng.randrange(1, 12)}.{rng.randrange(0, 30)}.{rng.randrange(0, 9)}"
        roll = rng.random()
        location = 1 if roll < 0.85 else 4 if roll < 0.92 else 2 if roll < 0.97 else 6
        apis = list(rng.choice(_CR_APIS))
        hosts = ["<all_urls>"] if rng.random() < 0.45 else [f"https://*.{rng.choice(_WORDS)}.com/*"]
        installed = now - rng.uniform(0, 1000 * _DAY)
        localized = rng.random() < 0.35
        manifest = {
            "manifest_version": 3,
            "name": "__MSG_appName__" if localized else name,
            "description": "__MSG_appDesc__" if localized else f"{name} for Chrome.",
            "version": version,
            "permissions": apis,
            "host_permissions": hosts,
            "key": base64.b64encode(rng.randbytes(294)).decode(),
            "update_url": "https://clients2.google.com/service/update2/crx",
            "background": {"service_worker": "background.js"},
            "action": {"default_popup": "popup.html"},
        }
        if localized:
            manifest["default_locale"] = "en"
        folder = profile / "Extensions" / ext_id / f"{version}_0"
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=3))
        if localized:
            (folder / "_locales" / "en").mkdir(parents=True)
            (folder / "_locales" / "en" / "messages.json").write_text(
                json.dumps(
                    {
                        "appName": {"message": name, "description": "Extension name"},
                        "appDesc": {"message": f"{name} for Chrome."},
                    },
                    indent=2,
                )
            )
        entry = json.loads(json.dumps(template))
        entry.pop("manifest", None)
        permissions = {
            "api": apis,
            "explicit_host": hosts,
            "manifest_permissions": [],
            "scriptable_host": hosts if rng.random() < 0.5 else [],
        }
        entry.update(
            {
                "active_permissions": permissions,
                "granted_permissions": permissions,
                "creation_flags": 9 if location == 1 else 1,
                "first_install_time": _ts(installed),
                "last_update_time": _ts(installed + rng.uniform(0, 100 * _DAY)),
                "install_time_for_action_metric": _ts(installed),
                "from_webstore": location == 1,
                "location": location,
                "path": f"{ext_id}/{version}_0",
                "disable_reasons": [] if rng.random() < 0.9 else [1],
                "was_installed_by_default": False,
                "was_installed_by_oem": False,
            }
        )
        if location == 4:
            entry["path"] = f"/home/ana/dev/{name.lower().replace(' ', '-')}"
        settings[ext_id] = entry
    return settings


_BRAVE_PREFS = {
    "brave_ads": {"enabled": False},
    "shields": {"advanced_view_enabled": False, "stats_badge_visible": True},
    "stats": {"ads_blocked": "1843221", "bandwidth_saved_bytes": "9123349120"},
    "today": {"should_show_brave_today_widget": False},
    "rewards": {"enabled": False},
    "wallet": {"default_wallet2": 1},
    "webtorrent_enabled": False,
}


def build_chromium(
    root: Path,
    kind: str,
    profiles: int,
    spec: Spec,
    rng: random.Random,
    noise: Noise,
    now: float,
    report: Report,
) -> None:
    """A Chromium-family user data folder (Chrome or Brave) with `profiles` profiles."""
    formats = {
        "cookies": read_format(CR_FIXTURE / "Profile 1/Cookies"),
        "logins": read_format(CR_FIXTURE / "Profile 1/Login Data"),
    }
    history = DbFormat(
        statements=HISTORY_SCHEMA,
        page_size=4096,
        meta=[
            ("mmap_status", "-1"),
            ("version", str(HISTORY_VERSION[0])),
            ("last_compatible_version", str(HISTORY_VERSION[1])),
            ("early_expiration_threshold", _ts(now - 90 * _DAY)),
        ],
        source="HISTORY_SCHEMA (Chromium sources)",
    )
    base_prefs = json.loads((CR_FIXTURE / "Profile 1/Preferences").read_text())
    local_state = json.loads((CR_FIXTURE / "Local State").read_text())
    root.mkdir(parents=True)
    names = {"chrome": ["Ana", "Work"], "brave": ["Personal", "Research"]}[kind]
    folders = ["Default", "Profile 1"][:profiles]
    info_template = local_state["profile"]["info_cache"]["Profile 1"]
    info_cache = {}
    for number, folder in enumerate(folders):
        profile = root / folder
        profile.mkdir()
        sites = make_sites(rng, ordinary_site_count(spec))
        cookies = make_cookies(rng, noise, spec, sites, now, firefox=False)
        write_db(
            profile / "Cookies",
            formats["cookies"],
            {
                "cookies": (
                    "INSERT INTO cookies VALUES (" + ",".join("?" * 20) + ")",
                    chromium_cookie_rows(cookies, noise, rng),
                )
            },
        )
        logins = chromium_login_rows(rng, noise, sites, spec.logins, spec.never_saved, now)
        write_db(
            profile / "Login Data",
            formats["logins"],
            {"logins": ("INSERT INTO logins VALUES (" + ",".join("?" * 32) + ")", logins)},
        )
        write_db(profile / "Login Data For Account", formats["logins"], {})
        url_rows, visit_rows = chromium_history_rows(rng, noise, sites, spec.history_urls, now)
        write_db(
            profile / "History",
            history,
            {
                "urls": ("INSERT INTO urls VALUES (?, ?, ?, ?, ?, ?, ?)", url_rows),
                "visits": ("INSERT INTO visits VALUES (" + ",".join("?" * 18) + ")", visit_rows),
            },
        )
        prefs = json.loads(json.dumps(base_prefs))
        exceptions, made = chromium_exceptions(
            rng, prefs["profile"]["content_settings"]["exceptions"], sites, spec, now
        )
        prefs["profile"]["content_settings"]["exceptions"] = exceptions
        prefs["profile"]["name"] = names[number]
        prefs["profile"]["cookie_controls_mode"] = 1 if number else 0
        prefs["session"] = {"restore_on_startup": 1 if number == 0 else 5}
        prefs["safebrowsing"]["enabled"] = True
        prefs["extensions"]["settings"] = chromium_extensions(
            rng, prefs["extensions"]["settings"], spec.extensions, profile, now
        )
        if kind == "brave":
            prefs["brave"] = _BRAVE_PREFS
        (profile / "Preferences").write_text(json.dumps(prefs, separators=(",", ":")))
        shutil.copyfile(CR_FIXTURE / "Profile 1/Secure Preferences", profile / "Secure Preferences")
        info_cache[folder] = dict(info_template, name=names[number])
        report.profile(
            f"{kind.capitalize()} {folder}",
            cookies=len(cookies),
            cookie_sites=spec.sites,
            history_urls=len(url_rows),
            history_visits=len(visit_rows),
            extensions=spec.extensions,
            permissions=made,
            logins=spec.logins,
            never_saved=spec.never_saved,
            preferences_bytes=(profile / "Preferences").stat().st_size,
        )
    local_state["profile"]["info_cache"] = info_cache
    local_state["profile"]["last_used"] = folders[0]
    local_state["profile"]["profiles_order"] = folders
    local_state.pop("dns_over_https", None)
    (root / "Local State").write_text(json.dumps(local_state, separators=(",", ":")))
    shutil.copyfile(CR_FIXTURE / "Last Version", root / "Last Version")


# --------------------------------------------------------------------------------------------
# Report and entry point


class Report:
    """What was generated, for the person running it and for run.py."""

    def __init__(self) -> None:
        self.profiles: list[dict[str, object]] = []

    def profile(self, label: str, **counts: object) -> None:
        self.profiles.append({"profile": label, **counts})
        print(f"  {label}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
            files += 1
    return total, files


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def generate(
    outdir: Path, typical: bool = False, seed: int = 2026, million: bool = False
) -> dict[str, object]:
    """Write the home under outdir/home/ana and return a summary."""
    spec = MILLION if million else TYPICAL if typical else HEAVY
    home = outdir / "home" / "ana"
    if home.exists():
        raise SystemExit(f"{home} already exists; choose an empty OUTDIR")
    started = time.perf_counter()
    rng = random.Random(seed)
    noise = Noise(rng)
    now = time.time()
    report = Report()
    print(f"Writing a {spec.name} home in {home}", flush=True)
    config = home / ".config"
    build_firefox(config / "mozilla" / "firefox", spec, rng, noise, now, report)
    if spec.chrome_profiles:
        build_chromium(
            config / "google-chrome", "chrome", spec.chrome_profiles, spec, rng, noise, now, report
        )
    if spec.brave_profiles:
        build_chromium(
            config / "BraveSoftware" / "Brave-Browser",
            "brave",
            spec.brave_profiles,
            spec,
            rng,
            noise,
            now,
            report,
        )
    elapsed = time.perf_counter() - started
    total, files = folder_size(home)
    biggest = sorted(((p.stat().st_size, p) for p in home.rglob("*") if p.is_file()), reverse=True)[
        :8
    ]
    print(f"Done in {elapsed:.1f} s: {files:,} files, {_mb(total)}", flush=True)
    for size, path in biggest:
        print(f"  {_mb(size):>10}  {path.relative_to(home)}")
    return {
        "kind": spec.name,
        "home": str(home),
        "seconds": round(elapsed, 2),
        "bytes": total,
        "files": files,
        "largest": [{"path": str(p.relative_to(home)), "bytes": s} for s, p in biggest],
        "profiles": report.profiles,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="folder to write OUTDIR/home/ana into")
    parser.add_argument("--typical", action="store_true", help="a typical home, not a heavy one")
    parser.add_argument(
        "--million",
        action="store_true",
        help="one Firefox profile of 1,000,000 cookies (the memory budget's case)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="also write a JSON summary")
    args = parser.parse_args(argv)
    if args.typical and args.million:
        parser.error("--typical and --million are two different homes")
    summary = generate(
        args.outdir.absolute(), typical=args.typical, seed=args.seed, million=args.million
    )
    if args.summary:
        args.summary.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
