# ruff: noqa: E501 - the CHECK constraints' value lists are written out in full
"""Schema version 3: what offices record about ventures, veterans' livelihoods, admissions.

New optional facts, null ("not recorded") in every version-2 row: a venture snapshot's status,
insured employees, profit, tax paid and the founder's income; a support's term, repayment, end
and provider (and the ``training`` kind); a venture's certifications (a new child table, its
count null for version-2 ventures); a veteran's difficulty recognition date and livelihoods (a
new child table); an enrolment's admission and exit reason; the ``difficulty_assistance``
contact kind.

Version 3 is not released yet: facts added to it before its release are added here too (the
test ``tests/sql/test_migrations.py`` compares the upgraded tables with ``metadata()``).

Revision ID: v3
Revises: v2
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from veteran_services.sql import _types as sql_types

revision = "v3"
down_revision = "v2"
branch_labels = None
depends_on = None

CONTACT_KINDS_V2 = "kind IN ('registration', 'assessment', 'counselling', 'job_referral', 'training_referral', 'job_fair', 'case_management', 'entrepreneurship_support', 'support_service', 'follow_up', 'information')"
CONTACT_KINDS = "kind IN ('registration', 'assessment', 'counselling', 'job_referral', 'training_referral', 'job_fair', 'case_management', 'entrepreneurship_support', 'support_service', 'follow_up', 'information', 'difficulty_assistance')"
SUPPORT_KINDS_V2 = (
    "kind IN ('guaranteed_loan', 'tax_relief', 'subsidy', 'incubation', 'mentoring', 'premises')"
)
SUPPORT_KINDS = "kind IN ('guaranteed_loan', 'tax_relief', 'subsidy', 'incubation', 'mentoring', 'premises', 'training')"
ADMISSIONS = "admission IN ('resumed', 'upgrade_exam', 'single_exam', 'national_exam', 'adult_exam', 'postgraduate_exam', 'other_exam', 'other')"
EXIT_REASONS = "exit_reason IN ('institutionalised', 'medical', 'deceased', 'reserve_call_up')"
SNAPSHOT_STATUSES = "status IN ('operating', 'suspended', 'closed', 'deregistered')"
REPAYMENTS = "repayment IN ('current', 'repaid', 'in_arrears', 'defaulted')"


def _version(version: int, schema: str | None) -> None:
    table = sa.table("schema_version", sa.column("version", sa.Integer()), schema=schema)
    op.execute(table.update().values(version=version))


def upgrade(schema: str | None = None) -> None:
    """Add the new columns, child tables and constraints."""
    prefix = f"{schema}." if schema else ""
    with op.batch_alter_table("veterans", schema=schema) as batch:
        batch.add_column(sa.Column("difficulty_recognised_on", sql_types.WireDate(), nullable=True))
        batch.add_column(sa.Column("livelihoods_count", sa.BigInteger(), nullable=True))
        batch.create_check_constraint("ck_veterans_livelihoods_count", "livelihoods_count >= 0")
    with op.batch_alter_table("enrolments", schema=schema) as batch:
        batch.add_column(sa.Column("admission", sa.Text(), nullable=True))
        batch.create_check_constraint("ck_enrolments_admission", ADMISSIONS)
        batch.add_column(sa.Column("exit_reason", sa.Text(), nullable=True))
        batch.create_check_constraint("ck_enrolments_exit_reason", EXIT_REASONS)
    with op.batch_alter_table("contacts", schema=schema) as batch:
        batch.drop_constraint("ck_contacts_kind", type_="check")
        batch.create_check_constraint("ck_contacts_kind", CONTACT_KINDS)
    with op.batch_alter_table("ventures", schema=schema) as batch:
        batch.add_column(sa.Column("certifications_count", sa.BigInteger(), nullable=True))
        batch.create_check_constraint(
            "ck_ventures_certifications_count", "certifications_count >= 0"
        )
    with op.batch_alter_table("ventures_snapshots", schema=schema) as batch:
        batch.add_column(sa.Column("status", sa.Text(), nullable=True))
        batch.add_column(sa.Column("insured_employees", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("profit", sql_types.WireDecimal(), nullable=True))
        batch.add_column(sa.Column("tax_paid_amount", sql_types.WireDecimal(), nullable=True))
        batch.add_column(sa.Column("tax_paid_currency", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("founder_monthly_income_amount", sql_types.WireDecimal(), nullable=True)
        )
        batch.add_column(sa.Column("founder_monthly_income_currency", sa.Text(), nullable=True))
        batch.create_check_constraint("ck_ventures_snapshots_status", SNAPSHOT_STATUSES)
    with op.batch_alter_table("ventures_support", schema=schema) as batch:
        batch.add_column(sa.Column("term_months", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("repayment", sa.Text(), nullable=True))
        batch.add_column(sa.Column("repayment_as_of", sql_types.WireDate(), nullable=True))
        batch.add_column(sa.Column("ended_on", sql_types.WireDate(), nullable=True))
        batch.add_column(sa.Column("provider", sa.Text(), nullable=True))
        batch.drop_constraint("ck_ventures_support_kind", type_="check")
        batch.create_check_constraint("ck_ventures_support_kind", SUPPORT_KINDS)
        batch.create_check_constraint("ck_ventures_support_repayment", REPAYMENTS)
    op.create_table(
        "ventures_certifications",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("awarded_on", sql_types.WireDate(), nullable=True),
        sa.Column("expires_on", sql_types.WireDate(), nullable=True),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('high_tech_enterprise', 'science_based_sme', 'specialised_sme', 'invention_patent', 'utility_model_patent', 'design_patent', 'software_copyright', 'other')",
            name="ck_ventures_certifications_kind",
        ),
        sa.CheckConstraint("position >= 0", name="ck_ventures_certifications_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}ventures.id"],
            name="fk_ventures_certifications_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_ventures_certifications"),
        schema=schema,
    )
    op.create_table(
        "veterans_livelihoods",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("started_on", sql_types.WireDate(), nullable=False),
        sa.Column("ended_on", sql_types.WireDate(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('farming', 'own_account')", name="ck_veterans_livelihoods_kind"
        ),
        sa.CheckConstraint("position >= 0", name="ck_veterans_livelihoods_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}veterans.id"],
            name="fk_veterans_livelihoods_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_veterans_livelihoods"),
        schema=schema,
    )
    _version(3, schema)


def downgrade(schema: str | None = None) -> None:
    """Back to version 2: the version-3 facts are dropped (refused by the database if a row
    holds a contact or support kind version 2 does not know)."""
    op.drop_table("veterans_livelihoods", schema=schema)
    op.drop_table("ventures_certifications", schema=schema)
    with op.batch_alter_table("ventures_support", schema=schema) as batch:
        batch.drop_constraint("ck_ventures_support_repayment", type_="check")
        batch.drop_constraint("ck_ventures_support_kind", type_="check")
        batch.create_check_constraint("ck_ventures_support_kind", SUPPORT_KINDS_V2)
        for column in ("term_months", "repayment", "repayment_as_of", "ended_on", "provider"):
            batch.drop_column(column)
    with op.batch_alter_table("ventures_snapshots", schema=schema) as batch:
        batch.drop_constraint("ck_ventures_snapshots_status", type_="check")
        for column in (
            "status",
            "insured_employees",
            "profit",
            "tax_paid_amount",
            "tax_paid_currency",
            "founder_monthly_income_amount",
            "founder_monthly_income_currency",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("ventures", schema=schema) as batch:
        batch.drop_constraint("ck_ventures_certifications_count", type_="check")
        batch.drop_column("certifications_count")
    with op.batch_alter_table("contacts", schema=schema) as batch:
        batch.drop_constraint("ck_contacts_kind", type_="check")
        batch.create_check_constraint("ck_contacts_kind", CONTACT_KINDS_V2)
    with op.batch_alter_table("enrolments", schema=schema) as batch:
        batch.drop_constraint("ck_enrolments_exit_reason", type_="check")
        batch.drop_column("exit_reason")
        batch.drop_constraint("ck_enrolments_admission", type_="check")
        batch.drop_column("admission")
    with op.batch_alter_table("veterans", schema=schema) as batch:
        batch.drop_constraint("ck_veterans_livelihoods_count", type_="check")
        batch.drop_column("livelihoods_count")
        batch.drop_column("difficulty_recognised_on")
    _version(2, schema)
