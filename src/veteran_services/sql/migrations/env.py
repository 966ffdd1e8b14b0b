"""Alembic's environment for the caseload tables: see ``veteran_services.sql._migrate``."""

from alembic import context

from veteran_services.sql._migrate import run_migrations

run_migrations(context)
