"""The error family: every failure a user can cause is a subclass with its own exit status.

Each case below causes one kind of failure for real (files on disk, git, the CLI) and asserts
the class raised by the layer that finds it, and the exit status and single line the command
line turns it into.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date

import pytest

from conftest import ROOT, invoke
from relnotes import errors
from relnotes.config import find_root, load_config
from relnotes.core.resolve import resolve_contact
from relnotes.drafts.render import find_template
from relnotes.errors import (
    AgendaError,
    ConfigError,
    ConflictError,
    ExistsError,
    GitError,
    NoteError,
    RelnotesError,
    ResolveError,
    TemplateError,
    ToolError,
    UsageError,
    VaultError,
    WriteError,
)
from relnotes.vault import changes
from relnotes.vault.files import create_note, read_note, write_note
from relnotes.vault.git import commit
from relnotes.vault.load import load_index


def test_relnotes_error_itself_is_never_raised():
    """Only subclasses are raised (or returned to be raised): each says what kind of failure it is."""
    found = []
    for path in sorted((ROOT / "relnotes").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            call = node.exc if isinstance(node, ast.Raise) else node.value if isinstance(node, ast.Return) else None
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "RelnotesError":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_every_kind_has_its_exit_status():
    kinds = {name: cls for name, cls in vars(errors).items()
             if isinstance(cls, type) and issubclass(cls, RelnotesError) and cls is not RelnotesError}
    assert {name: cls.exit_code for name, cls in kinds.items()} == {
        "UsageError": 2, "ConfigError": 2, "VaultError": 2, "NoteError": 2, "ResolveError": 2, "ExistsError": 2,
        "WriteError": 2, "AgendaError": 2, "TemplateError": 2, "ToolError": 2, "GitError": 2, "ConflictError": 3,
    }
    assert issubclass(GitError, ToolError)


@pytest.fixture
def jane(make_vault):
    make_vault.write("relnotes.toml", "")
    make_vault.contact("Jane Doe", "email: jane@example.org", "## Log\n- 2026-11-20 met: at the mixer\n")
    return make_vault


def test_usage_errors(jane, runner):
    with pytest.raises(UsageError):
        changes.log_line(date(2026, 11, 23), "two words", "x")
    result = invoke(runner, "log", "Jane", "two words", "hello", vault=jane.root)
    assert (result.exit_code, result.stderr.count("\n")) == (2, 1)
    assert result.stderr.startswith("relnotes: log kind 'two words' must be one word")


def test_config_error(jane, runner):
    jane.write("relnotes.toml", "[vault\n")
    with pytest.raises(ConfigError):
        load_config(jane.root)
    assert invoke(runner, "due", vault=jane.root).exit_code == 2


def test_vault_error(tmp_path, runner):
    with pytest.raises(VaultError):
        find_root(tmp_path / "missing")
    with pytest.raises(VaultError):
        find_root(None, cwd=tmp_path)


def test_note_error(jane):
    bad = jane.write("contacts/Bad.md", b"\xff\xfe not text")
    with pytest.raises(NoteError):
        read_note(bad)


def test_resolve_error(jane, runner):
    index = load_index(load_config(jane.root))
    with pytest.raises(ResolveError):
        resolve_contact(index, "Nobody")
    result = invoke(runner, "show", "Nobody", vault=jane.root)
    assert result.exit_code == 2 and result.stderr.startswith("relnotes: no contact called 'Nobody'")


def test_exists_error(jane, runner):
    with pytest.raises(ExistsError):
        create_note(jane.root / "contacts" / "Jane Doe.md", "x")
    result = invoke(runner, "add", "Jane Doe", vault=jane.root)
    assert result.exit_code == 2


def test_write_error(jane, runner):
    (jane.root / "events").rmdir()
    (jane.root / "events").write_text("a file where the folder goes", encoding="utf-8")
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", vault=jane.root)
    assert (result.exit_code, result.stderr.count("\n")) == (2, 1)
    from relnotes.vault.create import create_all

    with pytest.raises(WriteError):
        create_all(jane.root, [(jane.root / "events" / "Mixer.md", "x")])


def test_agenda_error(jane, runner):
    jane.write("AGENDA.md", "# my own notes\n")
    from relnotes.agenda.file import check_target

    with pytest.raises(AgendaError):
        check_target(jane.root / "AGENDA.md", load_config(jane.root))
    assert invoke(runner, "agenda", vault=jane.root).exit_code == 2


def test_template_error(jane):
    with pytest.raises(TemplateError):
        find_template(load_config(jane.root), "no-such-template")


def test_git_error_is_a_tool_error(jane):
    with pytest.raises(GitError):
        commit(jane.root, [jane.root / "contacts" / "Jane Doe.md"], "not a repository")


def test_conflict_error_and_its_one_message(jane, runner):
    path = jane.root / "contacts" / "Jane Doe.md"
    note = read_note(path)
    path.write_text(path.read_text(encoding="utf-8") + "- 2026-11-21 sent: hello\n", encoding="utf-8")
    with pytest.raises(ConflictError) as raised:
        write_note(note, note.text + "more\n", root=jane.root)
    assert raised.value.exit_code == 3
    assert raised.value.message == ConflictError.changed("contacts/Jane Doe.md").message
    assert raised.value.message == ("contacts/Jane Doe.md changed on disk since it was read; nothing was written — "
                                    "run the command again")


def test_a_bug_is_exit_70_not_a_relnotes_error(jane, tmp_path):
    """Outside the family: an unexpected exception is one line and exit 70 (here, a command
    lookup made to fail in a way no user input can)."""
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom relnotes.cli.group import LazyGroup, cli\n"
         "def boom(self, ctx, name):\n    raise RuntimeError('planted')\n"
         "LazyGroup.get_command = boom\nsys.argv = ['relnotes', 'due']\ncli.main()\n"],
        capture_output=True, text=True, cwd=jane.root, check=False)
    assert result.returncode == 70
    assert result.stderr.strip().endswith("internal error: RuntimeError: planted (run with --debug for details)")
