"""Shared set-up: the server under test, the recorded clients, helpers.

The server is target/release/claimls of this repository, or $CLAIMLS_BIN.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import time
from collections.abc import Callable

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures"
SERVER = pathlib.Path(os.environ.get("CLAIMLS_BIN") or ROOT / "target" / "release" / "claimls").resolve()

# Recorded capabilities shipped with pytest-lsp (latest version of each).
CLIENTS = ["visual-studio-code", "neovim", "emacs"]

TIMEOUT = 10.0


def pytest_configure(config):
    if not (SERVER.is_file() and os.access(SERVER, os.X_OK)):
        raise pytest.UsageError(
            f"claimls binary not found at {SERVER}: run `cargo build --release` first or set CLAIMLS_BIN"
        )


def make_client() -> LanguageClient:
    """pytest-lsp's test client, also keeping every publishDiagnostics (with its version)."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish_diagnostics
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(server_command=[str(SERVER)], client_factory=make_client)


def init_params(spec: str, initialization_options=None) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=client_capabilities(spec),
        client_info=types.ClientInfo(name=f"pytest-lsp as {spec}"),
        root_uri=FIXTURES.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=FIXTURES.as_uri(), name="fixtures")],
        initialization_options=initialization_options,
    )


@pytest_lsp.fixture(config=CONFIG, params=CLIENTS)
async def client(lsp_client: LanguageClient, request):
    """A server initialized with one client's recorded capabilities."""
    lsp_client.spec = request.param
    lsp_client.init_result = await asyncio.wait_for(
        lsp_client.initialize_session(init_params(request.param)), TIMEOUT
    )
    yield
    # A server that ignores `exit` hangs here until pytest-timeout fails the test.
    await lsp_client.shutdown_session()


async def start(spec: str, initialization_options=None) -> LanguageClient:
    """A client/server pair started by hand (the caller stops it with `stop`)."""
    client = await CONFIG.start()
    client.spec = spec
    client.init_result = await asyncio.wait_for(
        client.initialize_session(init_params(spec, initialization_options)), TIMEOUT
    )
    return client


async def stop(client: LanguageClient):
    server = client._server
    if server is not None and server.returncode is None:
        server.kill()
    try:
        await asyncio.wait_for(client.stop(), 5)
    except asyncio.TimeoutError:
        pass  # e.g. a child of the server still holds its stdout: the test has failed already


def open_fixture(client: LanguageClient, name: str, version: int = 1) -> tuple[str, str]:
    path = FIXTURES / name
    text = path.read_text()
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="claim", version=version, text=text)
        )
    )
    return uri, text


async def wait_published(
    client: LanguageClient,
    uri: str,
    predicate: Callable[[types.PublishDiagnosticsParams], bool],
    what: str,
    timeout: float = TIMEOUT,
) -> types.PublishDiagnosticsParams:
    """Waits until the latest diagnostics for `uri` satisfy `predicate`.

    Clients whose recorded capabilities include pull diagnostics (LSP 3.17
    `textDocument/diagnostic`, e.g. Neovim 0.11) get them by pulling: the
    server then never pushes, and this checks that too."""
    if pulls(client):
        return await wait_pulled(client, uri, predicate, what, timeout)
    deadline = time.monotonic() + timeout
    while True:
        latest = next((p for p in reversed(client.published) if p.uri == uri), None)
        if latest is not None and predicate(latest):
            return latest
        if time.monotonic() > deadline:
            seen = [(p.version, [(d.code, d.range.start.line, d.range.start.character) for d in p.diagnostics])
                    for p in client.published if p.uri == uri]
            raise AssertionError(f"timed out waiting for {what}; published for {uri}: {seen}")
        await asyncio.sleep(0.02)


def pulls(client: LanguageClient) -> bool:
    """Whether the server chose pull diagnostics for this client."""
    return client.init_result.capabilities.diagnostic_provider is not None


async def wait_pulled(client, uri, predicate, what, timeout) -> types.PublishDiagnosticsParams:
    deadline = time.monotonic() + timeout
    seen = []
    while True:
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            ),
            TIMEOUT,
        )
        version = int(report.result_id) if report.result_id else None
        latest = types.PublishDiagnosticsParams(uri=uri, diagnostics=report.items, version=version)
        seen.append((version, [d.code for d in report.items]))
        assert not any(p.uri == uri for p in client.published), "the server pushed diagnostics to a pulling client"
        if predicate(latest):
            return latest
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; pulled for {uri}: {seen}")
        await asyncio.sleep(0.05)


def codes(params: types.PublishDiagnosticsParams) -> list[str]:
    return [d.code for d in params.diagnostics]
