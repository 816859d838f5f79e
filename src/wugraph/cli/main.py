"""The `wugraph` group, its global options and the one way a command opens the store and reports errors.

Exit codes: 0 success, 1 data rejected or query failed, 2 usage error. Global options (`--store`)
are accepted before or after the subcommand: `wugraph --store S build` and `wugraph build --store S`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from ..config import Settings, load_settings
from ..core import Wugraph
from ..errors import UsageError, ValidationFailed, WugraphError

_STORE_HELP = "Store folder or SPARQL server URL (default var/store, or $WUGRAPH_STORE)."


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A global option given after the subcommand wins over one given before it."""
    if value is not None:
        ctx.find_root().meta[f"wugraph.{param.name}"] = value
    return value


def _global_options() -> list[click.Option]:
    return [click.Option(["--store"], default=None, expose_value=False, callback=_remember, help=_STORE_HELP)]


class WugraphGroup(click.Group):
    """A group whose commands (and sub-groups' commands) all accept the global options too."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _with_global_options(cmd)
        super().add_command(cmd, name)


def _with_global_options(cmd: click.Command) -> None:
    known = {p.name for p in cmd.params}
    cmd.params.extend(o for o in _global_options() if o.name not in known)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _with_global_options(sub)


@click.group(cls=WugraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="WUGRAPH_STORE", default=None, callback=_remember, expose_value=False, help=_STORE_HELP)
@click.version_option(package_name="wugraph")
def main() -> None:
    """wugraph: knowledge graph of the Vietnam Women's Union (Hội LHPN Việt Nam)."""


def settings(ctx: click.Context, **overrides: Any) -> Settings:
    """The settings of this invocation (defaults, WUGRAPH_* environment, global options, `overrides`), built once."""
    root = ctx.find_root()
    if overrides or "wugraph.settings" not in root.meta:
        built = load_settings({"store": root.meta.get("wugraph.store"), **overrides})
        if overrides:
            return built
        root.meta["wugraph.settings"] = built
    return root.meta["wugraph.settings"]


def fail(error: WugraphError, lang: str = "en") -> NoReturn:
    """Print the error (and a rejection's report) on stderr; exit 2 for usage errors, else 1."""
    click.echo(f"error [{error.code}]: {error.message(lang)}", err=True)
    if isinstance(error, ValidationFailed) and error.report is not None:
        click.echo(error.report.to_text(lang), err=True)
    sys.exit(2 if isinstance(error, UsageError) else 1)


@contextmanager
def opened(ctx: click.Context, lang: str = "en", on_error: Callable[[WugraphError], NoReturn] | None = None) -> Iterator[Wugraph]:
    """The store opened for one command; any wugraph error inside becomes a message and an exit code."""
    try:
        with Wugraph(settings(ctx)) as graph:
            yield graph
    except WugraphError as error:
        (on_error or (lambda e: fail(e, lang)))(error)
