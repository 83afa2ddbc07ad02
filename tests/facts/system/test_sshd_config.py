"""sshd_config: first value wins, Includes in place and sorted, Match blocks apart."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from shadowaudit.facts.system.sshd_config import collect_settings, read_sshd
from shadowaudit.host import RecordedHost


def machine(tmp_path: Path, files: dict[str, str]) -> RecordedHost:
    (tmp_path / "host.yaml").write_text(
        "platform: linux\nhome: /home/a\nnow: '2026-01-01T00:00:00+00:00'\n"
    )
    for path, text in files.items():
        target = tmp_path / "files" / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return RecordedHost(tmp_path)


CONFIG = PurePosixPath("/etc/ssh/sshd_config")


def test_defaults_allow_password_but_not_root_passwords(tmp_path: Path) -> None:
    host = machine(tmp_path, {"/etc/ssh/sshd_config": "# nothing set\nPort 22\n"})
    assert read_sshd(host, CONFIG) == {"password_login": True, "root_login": False}


def test_a_drop_in_that_sorts_first_wins(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        {
            "/etc/ssh/sshd_config": "Include /etc/ssh/sshd_config.d/*.conf\n"
            "PasswordAuthentication no\nPermitRootLogin no\n",
            "/etc/ssh/sshd_config.d/50-cloud-init.conf": "PasswordAuthentication yes\n",
            "/etc/ssh/sshd_config.d/60-other.conf": "passwordauthentication no\n",
            "/etc/ssh/sshd_config.d/README": "PermitRootLogin yes\n",
        },
    )
    assert read_sshd(host, CONFIG) == {"password_login": True, "root_login": False}


def test_match_blocks_and_relative_includes(tmp_path: Path) -> None:
    host = machine(
        tmp_path,
        {
            "/etc/ssh/sshd_config": "Include conf.d/root.conf\nMatch User backup\n"
            "  PasswordAuthentication no\n",
            "/etc/ssh/conf.d/root.conf": "PermitRootLogin=yes\n",
        },
    )
    assert read_sshd(host, CONFIG) == {"password_login": True, "root_login": True}


def test_missing_config_is_missing(tmp_path: Path) -> None:
    result = read_sshd(machine(tmp_path, {}), CONFIG)
    assert not isinstance(result, dict)


def test_a_config_that_includes_itself_is_read_once(tmp_path: Path) -> None:
    include = "Include /etc/ssh/sshd_config\n" * 5
    reads: list[PurePosixPath] = []
    read = lambda path: reads.append(path) or (include + "PasswordAuthentication no\n")  # noqa: E731
    settings = collect_settings(CONFIG, read, lambda folder: [])
    assert settings == {"passwordauthentication": "no"}
    assert reads == [CONFIG]


def test_includes_fan_out_at_most_a_bounded_number_of_files(tmp_path: Path) -> None:
    reads: list[PurePosixPath] = []

    def read(path: PurePosixPath) -> str:
        reads.append(path)
        return "Include /etc/ssh/d/*.conf\n"

    def listdir(folder: PurePosixPath) -> list[str]:
        return [f"{n}.conf" for n in range(10_000)]

    collect_settings(CONFIG, read, listdir)
    assert len(reads) <= 256
