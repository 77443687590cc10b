"""A person's class corrections: stored as human labels, audited, exported for evaluation."""

from __future__ import annotations

from store.base import StoreBase
from store.mentions import TriageFields, triage_columns
from store.models import ClassChange, ClassLabel
from store.timefmt import from_db, opt_from_db

#: What a class correction overwrites (``updated_at`` aside), kept in its audit row for undo.
CORRECTED_COLUMNS = (
    "cls",
    "cls_source",
    "sentiment",
    "reasons",
    "sla_rule",
    "due_at",
    "at_risk_at",
    "priority",
    "score",
    "rank_group",
    "rescore_at",
    "labelled_at",
)


class LabelsMixin(StoreBase):
    """Human class labels on the ``mentions`` table."""

    def correct_class(self, mention_id: int, fields: TriageFields) -> str:
        """Set a person's class (``fields.cls``, with the due time and priority computed for it).

        The row becomes ``cls_source = 'human'``, so no re-sync overwrites it; ``cls_auto``
        keeps what the classifier said. The change is audited. Returns the class it had before.
        Raises ``KeyError`` for an unknown mention.
        """
        return self.reclassify(mention_id, fields).before

    def reclassify(self, mention_id: int, fields: TriageFields) -> ClassChange:
        """``correct_class``, returning the audited change (``undo_change`` reverts it).

        The audit row keeps every column the correction overwrites, so an undo restores the
        row exactly as it was (class, due time, score, and whether a person had set it).
        """
        names = ", ".join(CORRECTED_COLUMNS)
        with self.tx() as conn:
            row = conn.execute(
                f"SELECT cls_auto, {names} FROM mentions WHERE id = ?", (mention_id,)
            ).fetchone()
            if row is None:
                raise KeyError(mention_id)
            auto, *values = row
            previous = dict(zip(CORRECTED_COLUMNS, values, strict=True))
            columns = {
                **triage_columns(fields, self.clock()),
                "cls_source": "human",
                "labelled_at": self.now_text(),
                "updated_at": self.now_text(),
            }
            assignments = ", ".join(f"{k} = :{k}" for k in columns)
            conn.execute(
                f"UPDATE mentions SET {assignments} WHERE id = :id", {**columns, "id": mention_id}
            )
            detail = {
                "from": previous["cls"],
                "from_source": previous["cls_source"],
                "to": fields.cls,
                "auto": auto,
                "before": previous,
            }
            audit_id = self.write_audit(conn, mention_id, "class", detail)
        return ClassChange(audit_id, mention_id, str(previous["cls"]), fields.cls)

    def class_labels(self) -> list[ClassLabel]:
        """Every mention a person classified, oldest correction first."""
        return [
            ClassLabel(
                mention_id=row["id"],
                text=row["text"],
                cls=row["cls"],
                auto_cls=row["cls_auto"],
                platform=row["platform"],
                created_at=from_db(row["created_at"]),
                followers=row["author_followers"],
                labelled_at=opt_from_db(row["labelled_at"]),
            )
            for row in self.rows(
                "SELECT id, text, cls, cls_auto, platform, created_at, author_followers, "
                "labelled_at FROM mentions WHERE cls_source = 'human' ORDER BY labelled_at, id"
            )
        ]
