"""The parsers of startup items: shortcuts, schtasks' CSV, crontabs, command lines."""

from __future__ import annotations

import pytest

from shadowaudit.errors import Damaged, Unsupported
from shadowaudit.facts.presence.autostart.known import program_of, whose
from shadowaudit.facts.presence.autostart.linux import cron_commands, cron_program
from shadowaudit.facts.presence.autostart.macos import extensions
from shadowaudit.facts.presence.autostart.shortcut import link_target
from shadowaudit.facts.presence.autostart.tasks import parse_tasks
from shadowaudit.host.base import Platform
from tests.conftest import host_folder

SHORTCUT = host_folder("windows11-24h2").joinpath(
    "files/C/Users/Ana/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/Syncbox.lnk"
)

#: The header schtasks prints on a Japanese Windows (yuukiogt/Scripts,
#: Get-WindowsServerBackupStatus.ps1): the same 28 columns, in Japanese.
JAPANESE = (
    '"ホスト名","タスク名","次回の実行時刻","状態","ログオンモード","前回の実行時刻","前回の結果",'
    '"作成者","実行するタスク","開始","コメント","スケジュールされたタスクの状態","アイドル時間",'
    '"電源管理","ユーザーとして実行","再度スケジュールされない場合はタスクを削除する",'
    '"タスクを停止するまでの時間","スケジュール","スケジュールの種類","開始時刻","開始日","終了日",'
    '"日","月","繰り返し: 間隔","繰り返し: 終了時刻","繰り返し: 期間",'
    '"繰り返し: 実行中の場合は停止"'
)


def test_a_shortcut_opens_its_local_path_and_a_cut_one_is_damaged() -> None:
    data = SHORTCUT.read_bytes()
    assert link_target(data) == r"C:\Users\Ana\AppData\Roaming\Syncbox\syncbox.exe"
    for broken in (data[:60], data[:100], b"", b"MZ" + data[2:], data[:0x4C] + b"\xff" * 8):
        with pytest.raises(Damaged):
            link_target(broken)


def test_schtasks_in_another_language_is_could_not_check_never_a_guess() -> None:
    with pytest.raises(Unsupported):
        parse_tasks("\r\n" + JAPANESE + "\r\n")
    with pytest.raises(Damaged):
        parse_tasks("ERROR: Access is denied.\r\n")
    assert parse_tasks("") == []


def test_cron_lines_give_the_program_run_for_its_own_sake() -> None:
    crontab = (
        "SHELL=/bin/sh\n# m h dom mon dow user command\n"
        "17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n"
        "25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts /etc/cron.daily; }\n"
        "@reboot root [ -x /usr/lib/php/sessionclean ] && /usr/lib/php/sessionclean\n"
    )
    programs = [cron_program(c).split()[0] for c in cron_commands(crontab, system=True)]
    assert programs == ["run-parts", "run-parts", "/usr/lib/php/sessionclean"]


def test_command_lines_keep_the_program_only() -> None:
    windows = Platform.windows
    assert program_of(r'"C:\Program Files\A B\a.exe" /x secret', windows) == (
        r"C:\Program Files\A B\a.exe",
        False,
    )
    assert program_of(r"C:\Program Files\A B\a.exe --key secret", windows)[0] == (
        r"C:\Program Files\A B\a.exe"
    )
    assert program_of("powershell.exe -enc SQBFAFgA", windows) == ("powershell.exe", True)
    assert program_of("/bin/sh -c 'curl x | sh'", Platform.linux) == ("/bin/sh", True)
    assert program_of("env A=1 /usr/bin/python3 /home/ana/x.py", Platform.linux) == (
        "/home/ana/x.py",
        False,
    )
    assert whose("/bin/sh", Platform.linux, hidden=True) == "unknown"
    assert whose("/usr/libexec/x", Platform.macos, label="com.apple.x") == "os"
    assert whose("/usr/libexec/x", Platform.macos, label="com.evil.x") == "unknown"


def test_system_extensions_lines() -> None:
    text = (
        "2 extension(s)\n\n--- com.apple.system_extension.network_extension\n"
        "enabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n"
        "*\t*\tVBG97UB4TA\tcom.objective-see.lulu.extension (2.3.0/2.3.0)\tExtension\t"
        "[activated enabled]\n"
        "\t\tX9E956P446\tcom.crowdstrike.falcon.Agent (7.16)\tFalcon\t"
        "[terminated waiting to uninstall on reboot]\n"
    )
    assert extensions(text) == [
        ("com.objective-see.lulu.extension", True),
        ("com.crowdstrike.falcon.Agent", False),
    ]
