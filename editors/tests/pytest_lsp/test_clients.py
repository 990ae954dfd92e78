"""Real clients (when installed) and the README's setup snippets."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib

import pytest

from conftest import FIXTURES, ROOT, SERVER

README = ROOT / "editors" / "README.md"
TESTS = FIXTURES.parent
# In CI the clients are installed by .ci/test-pytest-lsp.sh: missing ones fail there.
REQUIRED = os.environ.get("CLAIMLS_REQUIRE_CLIENTS") == "1"


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        if REQUIRED:
            pytest.fail(f"{program} is not installed (CLAIMLS_REQUIRE_CLIENTS=1)")
        pytest.skip(f"{program} is not installed")
    return path


def readme_block(lang: str) -> str:
    blocks = re.findall(rf"^```{lang}\n(.*?)^```", README.read_text(), flags=re.S | re.M)
    assert blocks, f"editors/README.md has no ```{lang} block"
    return blocks[0]


def test_emacs_eglot_with_the_readme_snippet(tmp_path):
    emacs = need("emacs")
    env = dict(os.environ)
    # The snippet runs `claimls` from PATH, as a user's would.
    env["PATH"] = f"{SERVER.parent}{os.pathsep}{env.get('PATH', '')}"
    env["CLAIMLS_README"] = str(README)
    env["CLAIMLS_FIXTURE"] = str(FIXTURES / "bad-modifier.claim")
    env["HOME"] = str(tmp_path)  # no user init files
    proc = subprocess.run(
        [emacs, "--batch", "--no-init-file", "-l", str(TESTS / "emacs" / "eglot-check.el")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    checks = [line for line in proc.stdout.splitlines() if line.startswith("[emacs eglot]")]
    assert proc.returncode == 0, "\n".join(checks) + "\n--- stderr ---\n" + proc.stderr[-3000:]
    assert checks[-1] == "[emacs eglot] all checks passed"


def test_helix_snippet_is_valid_languages_toml():
    config = tomllib.loads(readme_block("toml"))
    server = config["language-server"]["claimls"]
    assert server["command"] == "claimls"
    assert server.get("args", []) in ([], ["lsp"], ["--stdio"])
    (language,) = config["language"]
    assert language["name"] == "claim"
    assert language["file-types"] == ["claim"]
    assert language["language-servers"] == ["claimls"]
    assert "claimls.toml" in language["roots"]
    # `config` is what Helix sends as initializationOptions: claimls.toml's shape.
    assert set(server.get("config", {})) <= {"docs", "rules", "payers"}


def test_vim_loads_filetype_syntax_and_ftplugin(tmp_path):
    vim = need("vim")
    script = tmp_path / "check.vim"
    script.write_text(
        "\n".join(
            [
                "set nocompatible",
                "set runtimepath+=" + str(ROOT / "editors" / "nvim"),
                "filetype plugin on",
                "syntax on",
                "edit " + str(FIXTURES / "bad-modifier.claim"),
                "let s:out = [&filetype, get(b:, 'current_syntax', ''), &commentstring,"
                " synIDattr(synID(8, 17, 1), 'name'), synIDattr(synID(8, 23, 1), 'name'),"
                " synIDattr(synID(6, 6, 1), 'name')]",
                "call writefile(s:out, $VIM_CHECK_OUT)",
                "qall!",
            ]
        )
        + "\n"
    )
    out = tmp_path / "check.out"
    subprocess.run(
        [vim, "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", str(script)],
        env={**os.environ, "VIM_CHECK_OUT": str(out)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )
    got = out.read_text().splitlines() if out.exists() else []
    assert got == ["claim", "claim", "# %s", "claimProcedure", "claimModifier", "claimIcd"]
