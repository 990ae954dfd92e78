"""The protocol scenarios editors rely on, run against the release binary
under the recorded client capabilities of VS Code, Neovim and Emacs."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from conftest import (
    CLIENTS,
    TIMEOUT,
    LanguageClient,
    codes,
    open_fixture,
    start,
    stop,
    wait_published,
)

# `line 2026-11-02 77372-TC units=1 dx=A charge=8950.00` is line 7 (0-based).
LINE = 7
TC = types.Range(start=types.Position(line=LINE, character=22), end=types.Position(line=LINE, character=24))


def offered_utf8(client: LanguageClient) -> bool:
    general = client.capabilities.general
    return bool(general and general.position_encodings and types.PositionEncodingKind.Utf8 in general.position_encodings)


async def test_initialize(client: LanguageClient):
    result = client.init_result
    assert result.server_info is not None and result.server_info.name == "claimls"
    caps = result.capabilities
    expected = types.PositionEncodingKind.Utf8 if offered_utf8(client) else types.PositionEncodingKind.Utf16
    assert caps.position_encoding == expected, f"{client.spec}: negotiated {caps.position_encoding}"
    sync = caps.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.hover_provider


async def test_open_publishes_diagnostics(client: LanguageClient):
    uri, _ = open_fixture(client, "bad-modifier.claim", version=1)
    params = await wait_published(client, uri, lambda p: len(p.diagnostics) > 0, "diagnostics after didOpen")
    assert params.version == 1
    assert codes(params) == ["pctc-indicator"]
    d = params.diagnostics[0]
    assert d.range == TC
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.source == "claimls"
    assert "TC" in d.message and "77372" in d.message


async def test_hover_on_code(client: LanguageClient):
    uri, _ = open_fixture(client, "bad-modifier.claim")
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=LINE, character=18),
            )
        ),
        TIMEOUT,
    )
    assert hover is not None, "no hover on 77372"
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "**77372**" in hover.contents.value
    assert "PC/TC indicator" in hover.contents.value
    assert hover.range is not None and hover.range.start.line == LINE
    assert hover.range.start.character <= 18 < hover.range.end.character


async def test_hover_outside_any_code_is_empty(client: LanguageClient):
    uri, _ = open_fixture(client, "bad-modifier.claim")
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=6, character=0),  # blank line
            )
        ),
        TIMEOUT,
    )
    assert hover is None


async def test_incremental_change_clears_then_brings_back_the_diagnostic(client: LanguageClient):
    uri, _ = open_fixture(client, "bad-modifier.claim", version=1)
    await wait_published(client, uri, lambda p: "pctc-indicator" in codes(p), "the first diagnostic")

    # Remove `-TC`.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=LINE, character=21), end=types.Position(line=LINE, character=24)
                    ),
                    text="",
                )
            ],
        )
    )
    params = await wait_published(client, uri, lambda p: p.version == 2, "diagnostics for version 2")
    assert len(params.diagnostics) == 0, codes(params)

    # Type `-26` back in, one character at a time (as editors send it).
    for i, ch in enumerate("-26"):
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3 + i),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=LINE, character=21 + i),
                            end=types.Position(line=LINE, character=21 + i),
                        ),
                        text=ch,
                    )
                ],
            )
        )
    params = await wait_published(client, uri, lambda p: p.version == 5, "diagnostics for version 5")
    assert codes(params) == ["pctc-indicator"]
    assert params.diagnostics[0].range == TC


async def test_close_clears_diagnostics(client: LanguageClient):
    uri, _ = open_fixture(client, "bad-modifier.claim")
    await wait_published(client, uri, lambda p: len(p.diagnostics) > 0, "diagnostics after didOpen")
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_published(client, uri, lambda p: len(p.diagnostics) == 0, "empty diagnostics after didClose")


async def test_settings_from_initialization_options_and_did_change_configuration():
    """Both shapes editors use: the claimls.toml shape nested under `claimls`
    at initialize, and a plain one through workspace/didChangeConfiguration."""
    for spec in CLIENTS:
        client = await start(spec, {"claimls": {"rules": {"pctc-indicator": "warning"}}})
        try:
            uri, _ = open_fixture(client, "bad-modifier.claim")
            params = await wait_published(client, uri, lambda p: len(p.diagnostics) > 0, "diagnostics")
            assert params.diagnostics[0].severity == types.DiagnosticSeverity.Warning, spec

            client.published.clear()
            client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={"rules": {"pctc-indicator": "hint"}})
            )
            # A publish already under way for the earlier settings may still
            # arrive; the new level must follow it.
            params = await wait_published(
                client,
                uri,
                lambda p: bool(p.diagnostics) and p.diagnostics[0].severity == types.DiagnosticSeverity.Hint,
                "hint diagnostics after didChangeConfiguration",
            )
            assert codes(params) == ["pctc-indicator"], spec

            client.workspace_did_change_configuration(
                types.DidChangeConfigurationParams(settings={"claimls": {"rules": {"pctc-indicator": "off"}}})
            )
            await wait_published(client, uri, lambda p: len(p.diagnostics) == 0, "no diagnostics with the rule off")
        finally:
            await client.shutdown_session()
            await stop(client)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_shutdown_then_exit_ends_the_process_with_status_0(spec: str):
    client = await start(spec)
    try:
        open_fixture(client, "bad-modifier.claim")
        assert await asyncio.wait_for(client.shutdown_async(None), TIMEOUT) is None
        client.exit(None)
        try:
            code = await asyncio.wait_for(client._server.wait(), 5)
        except asyncio.TimeoutError:
            pytest.fail("the server was still running 5 s after shutdown + exit")
        assert code == 0
    finally:
        await stop(client)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_exit_without_shutdown_ends_the_process_with_status_1(spec: str):
    client = await start(spec)
    try:
        client.exit(None)
        try:
            code = await asyncio.wait_for(client._server.wait(), 5)
        except asyncio.TimeoutError:
            pytest.fail("the server was still running 5 s after exit")
        assert code == 1
    finally:
        await stop(client)


async def test_closed_stdin_ends_the_process():
    """An editor that dies closes the pipe: the server must not linger."""
    client = await start("neovim")
    try:
        client._server.stdin.close()
        try:
            await asyncio.wait_for(client._server.wait(), 5)
        except asyncio.TimeoutError:
            pytest.fail("the server was still running 5 s after its stdin closed")
    finally:
        await stop(client)
