"""Stewards' changes beside upserts: merge duplicates, record an introduction, load a file.

Each answers with its success or a typed failure, as the node mutations do
(:mod:`api.graphql.nodes.mutations`), and each success is audited with the caller's actor.

``loadFile`` takes a file sent as a multipart request (the GraphQL multipart request
specification: an ``operations`` field, a ``map`` field and the file), saves it under its own
name in a private folder (:func:`upload_folder`), and loads it with the command line's
loader (:func:`loaders.load.load_paths`), all or nothing; an erased person in it is held
back, and the rows that were are listed. Every problem comes back in one
``InvalidInput``, naming the file by the name it was uploaded with. The request body limit
caps the size (413 beyond it). Credentials travel in headers only, so a cross-site form post
cannot carry a steward's key.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePath
from typing import Annotated, Any

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from api.graphql import fields
from api.graphql.context import GraphQLContext
from api.graphql.errors import (
    InputProblem,
    InvalidInput,
    NotFound,
    PermissionDenied,
    input_problem,
    invalid_input,
    permission_denied,
)
from api.graphql.nodes.mutations import MAX_ITEMS
from api.graphql.nodes.types import Info, NodeType, node_type
from api.graphql.records.audit import audit
from api.graphql.records.types import IntroductionRecord, UploadFormat
from graph.errors import ConveneError, InvalidData, Problem
from graph.records import Action, Introduction
from graph.store.base import ALL
from graph.vocabulary import NodeKind
from loaders.load import LoadReport, load_paths

_SUFFIXES = {f".{f.value}": f for f in UploadFormat}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


@strawberry.type
class MergeNodesSuccess:
    kept: NodeType = strawberry.field(description="The kept node as stored now.")
    merged: list[strawberry.ID] = strawberry.field(description="The ids merged into it.")
    relationships_moved: int
    relationships_dropped: int = strawberry.field(
        description="Relationships between the merged nodes, dropped."
    )
    version: int


@strawberry.type
class RecordIntroductionSuccess:
    introduction: IntroductionRecord


@strawberry.type(description="What an uploaded file wrote (or, with dryRun, would write).")
class LoadFileSuccess:
    run: strawberry.ID = strawberry.field(description="The load run's id (see loadRuns).")
    file: str = strawberry.field(description="The file's name as uploaded.")
    format: UploadFormat
    dry_run: bool
    nodes: JSON = strawberry.field(description="Distinct node ids by kind.")
    relationships: JSON = strawberry.field(description="Distinct relationships by type.")
    ended: JSON = strawberry.field(
        description="Relationships, by type, an earlier load of this file asserted and this "
        "one no longer does: ended, not deleted."
    )
    rows: int
    held_back: list[str] = strawberry.field(
        description="Rows not written because they are about a person who was erased."
    )
    version: int


MergeNodesResult = Annotated[
    MergeNodesSuccess | NotFound | InvalidInput | PermissionDenied,
    strawberry.union("MergeNodesResult"),
]
RecordIntroductionResult = Annotated[
    RecordIntroductionSuccess | NotFound | InvalidInput | PermissionDenied,
    strawberry.union("RecordIntroductionResult"),
]
LoadFileResult = Annotated[
    LoadFileSuccess | InvalidInput | PermissionDenied, strawberry.union("LoadFileResult")
]


def _denied(context: GraphQLContext) -> PermissionDenied | None:
    principal = context.principal
    return None if principal.can_write else permission_denied(principal.role)


def _one_problem(field: str, value: Any, message: str) -> InvalidInput:
    return invalid_input([input_problem(Problem(field, value, message))])


def _missing(ids: list[str]) -> NotFound:
    return NotFound(
        message=f"{len(ids)} id(s) do not exist; nothing was changed", missing=ids
    )


def _upload_name(file: UploadFile) -> str:
    """The uploaded file's own name, without any folder, made safe to write."""
    name = PurePath((file.filename or "").replace("\\", "/")).name
    name = _SAFE_NAME.sub("_", name).strip(" .")
    return name[:120] or "upload"


def _format_of(name: str, given: UploadFormat | None) -> UploadFormat | InvalidInput:
    if given is not None:
        return given
    found = _SUFFIXES.get(PurePath(name).suffix.lower())
    if found is None:
        return _one_problem(
            "format", name,
            "cannot tell the format from the name: upload an .xlsx, .json, .graphml or .gexf "
            "file, or choose one with format (a CSV bundle is a folder: load it with the "
            "command line)",
        )
    return found


def _renamed(text: str, path: str, name: str) -> str:
    return text.replace(path, name)


def _problems(exc: InvalidData, path: str, name: str) -> list[InputProblem]:
    """The loader's problems, naming the file as uploaded rather than where it was saved."""
    out = []
    for problem in exc.problems:
        value = problem.value
        if isinstance(value, str):
            value = _renamed(value, path, name)
        out.append(input_problem(Problem(
            _renamed(problem.field, path, name), value, _renamed(problem.message, path, name),
            _renamed(problem.where, path, name),
        )))
    return out


class UploadFolderError(ConveneError):
    """The folder uploads are saved in is not private to this process's user."""


_UPLOAD_LOCK = threading.Lock()


def upload_folder() -> Path:
    """The private folder uploads are saved in while they load: ``convene-uploads-<uid>`` in
    the system's temporary folder, readable by this user only.

    Its path is the same for every upload, so an uploaded file is identified by its name, as
    a file on the command line is by its path: uploading ``people.json`` again updates what
    the last ``people.json`` asserted, and ends the ties it no longer asserts.
    """
    folder = Path(tempfile.gettempdir()) / f"convene-uploads-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    found = folder.lstat()
    if (
        not stat.S_ISDIR(found.st_mode)
        or found.st_uid != os.getuid()
        or found.st_mode & 0o077
    ):
        raise UploadFolderError(
            f"{folder} is not a folder private to this user: remove it and try again"
        )
    return folder


def _load(
    context: GraphQLContext,
    content: bytes,
    name: str,
    chosen: UploadFormat,
    *,
    dry_run: bool,
    on: date | None,
) -> LoadReport | list[InputProblem]:
    """Save the upload privately and load it (blocking: run it off the event loop). Problems
    and held-back rows name the file as uploaded. One upload at a time: loads are writes, and
    the store takes them one at a time anyway."""
    with _UPLOAD_LOCK:
        saved = upload_folder() / name
        try:
            saved.write_bytes(content)
            try:
                report = load_paths(
                    context.store, [saved], format=chosen.value, dry_run=dry_run,
                    actor=context.principal.actor, on=on,
                )
            except InvalidData as exc:
                return _problems(exc, str(saved), name)
        finally:
            saved.unlink(missing_ok=True)
    held_back = [_renamed(h, str(saved), name) for h in report.held_back]
    return replace(report, held_back=held_back)


@strawberry.type
class RecordMutations:
    @fields.mutation(
        description="Merge the nodes `others` into `keep` (stewards): their relationships and "
        "sources move to it, their names become its aliases, and they are deleted, in one "
        "transaction. Use once you have checked they are the same."
    )
    async def merge_nodes(
        self, info: Info, keep: strawberry.ID, others: list[strawberry.ID], reason: str = ""
    ) -> MergeNodesResult:
        context = info.context
        if denied := _denied(context):
            return denied
        kept = str(keep).strip()
        wanted = list(dict.fromkeys(str(o).strip() for o in others))
        if not wanted or len(wanted) > MAX_ITEMS:
            message = "name at least one" if not wanted else f"at most {MAX_ITEMS} per call"
            return _one_problem("others", len(wanted), message)
        known = await context.call(context.store.node_kinds, [kept, *wanted])
        missing = [i for i in (kept, *wanted) if i not in known]
        if missing:
            return _missing(missing)
        try:
            summary = await context.call(context.store.merge_nodes, kept, wanted)
        except InvalidData as exc:
            return invalid_input(input_problem(p) for p in exc.problems)
        await audit(
            context, Action.MERGE, f"merged {', '.join(summary.merged)} into {summary.kept}",
            targets=(summary.kept, *summary.merged), reason=reason, detail=summary.to_dict(),
        )
        [stored] = await context.call(context.store.get_nodes, [summary.kept], clearance=ALL)
        return MergeNodesSuccess(
            kept=node_type(stored),
            merged=[strawberry.ID(i) for i in summary.merged],
            relationships_moved=summary.relationships_moved,
            relationships_dropped=summary.relationships_dropped,
            version=summary.version,
        )

    @fields.mutation(
        description="Record that people `a` and `b` were introduced (by `by`, on `madeOn`, "
        "today by default) (stewards). The pair is not suggested again, and the introduction "
        "counts in the network's history."
    )
    async def record_introduction(
        self,
        info: Info,
        a: strawberry.ID,
        b: strawberry.ID,
        *,
        by: strawberry.ID | None = None,
        made_on: date | None = None,
        note: str = "",
    ) -> RecordIntroductionResult:
        context = info.context
        if denied := _denied(context):
            return denied
        named = {"a": str(a).strip(), "b": str(b).strip()}
        if by is not None:
            named["by"] = str(by).strip()
        kinds = await context.call(context.store.node_kinds, list(named.values()))
        missing = [v for v in named.values() if v not in kinds]
        if missing:
            return _missing(list(dict.fromkeys(missing)))
        problems = [
            input_problem(Problem(name, value, f"is a {kinds[value].value}, not a Person"))
            for name, value in named.items()
            if kinds[value] is not NodeKind.PERSON
        ]
        if problems:
            return invalid_input(problems)
        try:
            record = Introduction(
                a=named["a"], b=named["b"], by=named.get("by"),
                made_on=made_on or date.today(), note=note, actor=context.principal.actor,
            )
        except InvalidData as exc:
            return invalid_input(input_problem(p) for p in exc.problems)
        await context.call(context.store.record_introduction, record)
        await audit(
            context, Action.INTRODUCE, f"recorded the introduction of {record.a} and {record.b}",
            targets=[i for i in (record.a, record.b, record.by) if i], reason=note,
            detail=record.to_dict(),
        )
        return RecordIntroductionSuccess(introduction=IntroductionRecord(record=record))

    @fields.mutation(
        description="Load an uploaded file (.xlsx, .json, .graphml or .gexf) through the same "
        "loader as `convene load`, all or nothing (stewards). Send it as a GraphQL multipart "
        "request. With `dryRun`, validate against the store and write nothing. `on` is the day "
        "the file describes (today by default): ties an earlier upload of a file of the same "
        "name asserted and this one no longer does are ended on that day, not deleted."
    )
    async def load_file(
        self,
        info: Info,
        file: Upload,
        *,
        format: UploadFormat | None = None,
        dry_run: bool = False,
        on: date | None = None,
    ) -> LoadFileResult:
        context = info.context
        if denied := _denied(context):
            return denied
        upload: Any = file
        if not isinstance(upload, UploadFile):
            return _one_problem(
                "file", None, "send the file as a multipart request (GraphQL multipart spec)"
            )
        name = _upload_name(upload)
        chosen = _format_of(name, format)
        if isinstance(chosen, InvalidInput):
            return chosen
        content = await upload.read()
        if not content:
            return _one_problem("file", name, "is empty")
        report = await context.call(
            _load, context, content, name, chosen, dry_run=dry_run, on=on
        )
        if isinstance(report, list):
            return invalid_input(report)
        return LoadFileSuccess(
            run=strawberry.ID(report.run),
            file=name,
            format=chosen,
            dry_run=report.dry_run,
            nodes=JSON(report.nodes),
            relationships=JSON(report.relationships),
            ended=JSON(report.ended),
            rows=report.rows,
            held_back=list(report.held_back),
            version=report.version,
        )
