"""Storage: SQLAlchemy 2 + Alembic (SQLite by default, PostgreSQL by AUDIT_DATABASE_URL) and raw-byte snapshots."""
from audit.store.store import Store

__all__ = ["Store"]
