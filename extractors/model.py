"""The extraction contract (../shared/gold/GUIDELINES.md) as pydantic models.

`Extraction.model_dump(mode="json")` is what `plangraph extract --format json` prints: the gold keys
(`document`, `references`, `chains`, `tasks`, `indicators`) plus `provenance` on every task, indicator
and reference, and `warnings`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extractors.ir import Provenance

Relation = Literal["implements", "based_on", "replaces", "stops", "mentions"]
DeadlineKind = Literal["date", "month", "quarter", "year", "range", "recurring", "continuous",
                       "conditional", "compound", "none"]
Comparator = Literal[">=", ">", "=", "<=", "<"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentHeader(_Model):
    doc_type: str | None = None
    number: str | None = None
    symbol_template: str | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    date: str | None = None  # ISO date if complete
    year: int | None = None
    draft: bool = False
    title: str | None = None
    signer: str | None = None
    place: str | None = None  # extra: "Hải Phòng" in "Hải Phòng, ngày … "
    # extra: "plan", or what the document is instead (decree | notice | report | guidance | regulation |
    # procedures): extractors/structure/document.py; a non-plan gets no tasks and no targets
    kind: str | None = None


class Reference(_Model):
    key: str  # "45-NQ/TW" or, when the document shows two instruments with one symbol, "45-NQ/TW@2023-11-24"
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    relation: Relation = "mentions"
    symbol: str | None = None  # the number/symbol without "@date"
    evidence: str | None = None  # the sentence that set the relation
    provenance: Provenance | None = None


class Chain(_Model):
    from_: str = Field(alias="from")
    to: str
    relation: Literal["implements", "stops"] = "implements"
    evidence: str | None = None
    provenance: Provenance | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Phase(_Model):
    action: str | None = None
    kind: DeadlineKind = "none"
    start: str | None = None
    end: str | None = None
    recurrence: str | None = None
    condition: str | None = None


class Deadline(_Model):
    kind: DeadlineKind = "none"
    start: str | None = None
    end: str | None = None
    recurrence: str | None = None
    condition: str | None = None
    phases: list[Phase] = Field(default_factory=list)


class RequestedDocument(_Model):
    """A document a task asks to be drafted, issued or submitted (extractors/requests.py)."""

    doc_type: str
    family: str  # "Kế hoạch" for both Kế hoạch and Kế hoạch hành động
    title: str | None = None  # without the type word, as plan titles are
    evidence: str
    from_deliverable: bool = False


class Task(_Model):
    id: str
    source: Literal["appendix", "body"]
    group: str | None = None
    text: str
    lead: list[str] = Field(default_factory=list)
    support: list[str] = Field(default_factory=list)
    deliverable: str | None = None
    deadline_raw: str | None = None
    deadline: Deadline = Field(default_factory=Deadline)
    note: str | None = None
    lead_generic: list[bool] = Field(default_factory=list)  # parallel to lead: generic group?
    request: RequestedDocument | None = None  # the document this task asks for, if any
    confidence: float = 1.0
    provenance: Provenance | None = None


class Value(_Model):
    value: float | int | None = None
    max: float | int | None = None
    unit: str | None = None
    comparator: Comparator | None = "="


class Indicator(_Model):
    text: str
    footnote: str | None = None
    target_year: int | None = None
    values: list[Value] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    task_id: str | None = None
    footnote_text: str | None = None
    provenance: Provenance | None = None


class Warning_(_Model):
    code: str
    message: str
    provenance: Provenance | None = None


class Extraction(_Model):
    seed: str | None = None  # file stem, as in the gold files
    document: DocumentHeader = Field(default_factory=DocumentHeader)
    references: list[Reference] = Field(default_factory=list)
    chains: list[Chain] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)
    source: str | None = None
    sha256: str | None = None
    format: str | None = None

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)
