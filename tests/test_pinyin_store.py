"""The pages' pinyin store gives pypinyin's syllables, and a known name needs no pypinyin."""

from __future__ import annotations

import subprocess
import sys


def test_stored_syllables_are_pypinyins_and_known_names_need_no_import(tmp_path):
    script = (
        "import sys\n"
        "from atlas.publishing.maps import pinyin\n"
        "names = ['重庆市', '长沙县', '乐清市', '六安市']\n"
        "got = [pinyin.syllables(n) for n in names]\n"
        "if sys.argv[1] == 'first':\n"
        "    from pypinyin import lazy_pinyin\n"
        "    assert got == [tuple(lazy_pinyin(n)) for n in names], got\n"
        "    pinyin.store()\n"
        "else:\n"
        "    assert 'pypinyin' not in sys.modules\n"
        "print(got)\n"
    )
    env = {"PILOT_ATLAS_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", script, "first"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([sys.executable, "-c", script, "again"], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert "chong" in first.stdout
