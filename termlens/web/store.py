"""The history of reviews: one row per (document bytes, profile, termlens version), in SQLite or PostgreSQL.

A row keeps what the pages and the API need without analysing again: the
review JSON of ``facts.md`` (``review_record``), the questions with their
sources (``questions_record``) and the document's extracted text, which the
highlights are cut from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, create_engine, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from termlens import __version__
from termlens.errors import TermlensError
from termlens.model import Profile, Review
from termlens.report.to_json import questions_record, review_record
from termlens.web.settings import safe_url


class _Base(DeclarativeBase):
    pass


class _ReviewRow(_Base):
    __tablename__ = "termlens_reviews"
    __table_args__ = (UniqueConstraint("sha256", "profile_key", "termlens_version", name="uq_review_identity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    profile_key: Mapped[str] = mapped_column(String(200))
    termlens_version: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(500))
    language: Mapped[str] = mapped_column(String(8))
    overall: Mapped[int] = mapped_column(Integer)
    fact_count: Mapped[int] = mapped_column(Integer)
    finding_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    record: Mapped[str] = mapped_column(Text)
    questions: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One past review as the history list shows it."""

    id: int
    sha256: str
    filename: str
    title: str
    language: str
    profile: dict[str, Any]
    overall: int
    fact_count: int
    finding_count: int
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "sha256": self.sha256, "filename": self.filename, "title": self.title,
                "language": self.language, "profile": self.profile, "overall": self.overall,
                "facts": self.fact_count, "findings": self.finding_count,
                "created_at": self.created_at.isoformat()}


@dataclass(frozen=True, slots=True)
class StoredReview:
    """A past review with everything needed to show it again."""

    entry: HistoryEntry
    record: dict[str, Any]
    questions: dict[str, Any]
    text: str


def profile_key(profile: Profile) -> str:
    """The profile as the stable string that identifies a review together with the document's hash."""
    return json.dumps({"name": profile.name, "industry": profile.industry, "overseas": profile.overseas,
                       "language": profile.language}, sort_keys=True)


class ReviewStore:
    """Past reviews in the database at ``url`` (any SQLAlchemy URL); the table is created when missing."""

    def __init__(self, url: str) -> None:
        self.engine = _engine(url)
        try:
            _Base.metadata.create_all(self.engine)
        except SQLAlchemyError as error:
            raise TermlensError(f"cannot open the history database {safe_url(url)}: {_first_line(error)}") from None

    def find(self, sha256: str, profile: Profile) -> StoredReview | None:
        """The stored review of these exact bytes for this profile by this termlens version, if any."""
        query = select(_ReviewRow).where(_ReviewRow.sha256 == sha256, _ReviewRow.profile_key == profile_key(profile),
                                         _ReviewRow.termlens_version == __version__)
        with Session(self.engine) as session:
            row = session.scalars(query).first()
            return _stored(row) if row else None

    def add(self, review: Review, filename: str) -> StoredReview:
        """Keep ``review``; if the same review was stored meanwhile (a concurrent upload), return that one."""
        record = review_record(review, explain=True)
        row = _ReviewRow(
            sha256=review.document.sha256,
            profile_key=profile_key(review.profile),
            termlens_version=__version__,
            filename=filename,
            title=review.document.title,
            language=review.document.language,
            overall=int(review.scores["overall"]),
            fact_count=len(review.facts),
            finding_count=len(review.findings),
            created_at=datetime.now(UTC),
            record=json.dumps(record, ensure_ascii=False),
            questions=json.dumps(questions_record(review), ensure_ascii=False),
            text=review.document.text,
        )
        with Session(self.engine) as session:
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                existing = self.find(review.document.sha256, review.profile)
                if existing is None:
                    raise
                return existing
            return _stored(row)

    def get(self, review_id: int) -> StoredReview | None:
        with Session(self.engine) as session:
            row = session.get(_ReviewRow, review_id)
            return _stored(row) if row else None

    def history(self, *, limit: int = 100, offset: int = 0) -> tuple[list[HistoryEntry], int]:
        """The newest reviews first, and how many there are in all."""
        query = select(_ReviewRow).order_by(_ReviewRow.created_at.desc(), _ReviewRow.id.desc())
        with Session(self.engine) as session:
            total = session.scalar(select(func.count()).select_from(_ReviewRow)) or 0
            rows = session.scalars(query.limit(limit).offset(offset)).all()
            return [_entry(row) for row in rows], total

    def delete(self, review_id: int) -> bool:
        """Forget one review; False when there was none with this id."""
        with Session(self.engine) as session:
            row = session.get(_ReviewRow, review_id)
            if row is None:
                return False
            session.delete(row)
            session.commit()
            return True


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
        # The app answers requests from a thread pool; SQLite's same-thread check would refuse that.
        connect_args = {"check_same_thread": False} if parsed.get_backend_name() == "sqlite" else {}
        return create_engine(parsed, connect_args=connect_args)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise TermlensError(f"cannot use the history database {safe_url(url)}: {_first_line(error)}; expected "
                            "a SQLAlchemy URL such as sqlite:///history.sqlite3 or postgresql+psycopg://host/db"
                            ) from None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _entry(row: _ReviewRow) -> HistoryEntry:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)  # SQLite drops it
    return HistoryEntry(id=row.id, sha256=row.sha256, filename=row.filename, title=row.title, language=row.language,
                        profile=json.loads(row.profile_key), overall=row.overall, fact_count=row.fact_count,
                        finding_count=row.finding_count, created_at=created)


def _stored(row: _ReviewRow) -> StoredReview:
    return StoredReview(entry=_entry(row), record=json.loads(row.record), questions=json.loads(row.questions),
                        text=row.text)
