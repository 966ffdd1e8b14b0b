# ruff: noqa: E501 - the CHECK constraints' value lists are written out in full
"""Schema version 1: the caseload tables as the 0.1 model had them.

Frozen: this is what a version-1 database holds, whatever the model is now. (Written out from
the tables ``veteran_services.sql.metadata()`` generated from the model of schema version 1.)

Revision ID: v1
Revises:
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from veteran_services._version import __version__
from veteran_services.sql import _types as sql_types

revision = "v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade(schema: str | None = None) -> None:
    """Create the tables of schema version 1 and its ``schema_version`` row."""
    prefix = f"{schema}." if schema else ""
    op.create_table(
        "contacts",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("veteran_id", sa.Text(), nullable=False),
        sa.Column("occurred_on", sql_types.WireDate(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('in_person', 'phone', 'online', 'home_visit', 'message')",
            name="ck_contacts_channel",
        ),
        sa.CheckConstraint(
            "kind IN ('registration', 'assessment', 'counselling', 'job_referral', 'training_referral', 'job_fair', 'case_management', 'entrepreneurship_support', 'support_service', 'follow_up', 'information')",
            name="ck_contacts_kind",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
        sa.UniqueConstraint("seq", name="uq_contacts_seq"),
        schema=schema,
    )
    op.create_table(
        "earnings",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("veteran_id", sa.Text(), nullable=False),
        sa.Column("employer_id", sa.Text(), nullable=False),
        sa.Column("quarter", sa.Text(), nullable=False),
        sa.Column("amount_amount", sql_types.WireDecimal(), nullable=False),
        sa.Column("amount_currency", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_earnings"),
        schema=schema,
    )
    op.create_table(
        "employers",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("industry", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("ownership", sa.Text(), nullable=False),
        sa.Column("size", sa.Text(), nullable=True),
        sa.Column("partner", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "ownership IN ('state_owned', 'collective', 'private', 'foreign_invested', 'hk_macao_taiwan', 'public_institution', 'government', 'social_organisation', 'individual_business')",
            name="ck_employers_ownership",
        ),
        sa.CheckConstraint(
            "size IN ('micro', 'small', 'medium', 'large')", name="ck_employers_size"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_employers"),
        sa.UniqueConstraint("seq", name="uq_employers_seq"),
        schema=schema,
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("veteran_id", sa.Text(), nullable=False),
        sa.Column("programme_id", sa.Text(), nullable=False),
        sa.Column("enrolled_on", sql_types.WireDate(), nullable=False),
        sa.Column("ended_on", sql_types.WireDate(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("credentials_count", sa.BigInteger(), nullable=True),
        sa.Column("skill_gains_count", sa.BigInteger(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('in_progress', 'completed', 'withdrawn', 'failed')",
            name="ck_enrolments_outcome",
        ),
        sa.CheckConstraint("credentials_count >= 0", name="ck_enrolments_credentials_count"),
        sa.CheckConstraint("skill_gains_count >= 0", name="ck_enrolments_skill_gains_count"),
        sa.PrimaryKeyConstraint("id", name="pk_enrolments"),
        sa.UniqueConstraint("seq", name="uq_enrolments_seq"),
        schema=schema,
    )
    op.create_table(
        "instruments",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("questions_count", sa.BigInteger(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("questions_count >= 0", name="ck_instruments_questions_count"),
        sa.PrimaryKeyConstraint("id", "version", name="pk_instruments"),
        sa.UniqueConstraint("seq", name="uq_instruments_seq"),
        schema=schema,
    )
    op.create_table(
        "placements",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("veteran_id", sa.Text(), nullable=False),
        sa.Column("employer_id", sa.Text(), nullable=False),
        sa.Column("occupation", sa.Text(), nullable=False),
        sa.Column("started_on", sql_types.WireDate(), nullable=False),
        sa.Column("ended_on", sql_types.WireDate(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.Column("contract", sa.Text(), nullable=False),
        sa.Column("contract_months", sa.BigInteger(), nullable=True),
        sa.Column("weekly_hours", sql_types.WireDecimal(), nullable=True),
        sa.Column("monthly_wage_amount", sql_types.WireDecimal(), nullable=True),
        sa.Column("monthly_wage_currency", sa.Text(), nullable=True),
        sa.Column("insurance_count", sa.BigInteger(), nullable=True),
        sa.Column("subsidised", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("enrolment_id", sa.Text(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "contract IN ('open_ended', 'fixed_term', 'task_based', 'part_time', 'dispatch', 'public_welfare_post', 'none')",
            name="ck_placements_contract",
        ),
        sa.CheckConstraint(
            "end_reason IN ('resigned', 'dismissed', 'contract_ended', 'laid_off', 'business_closed', 'health', 'further_education', 'retired', 'deceased', 'other')",
            name="ck_placements_end_reason",
        ),
        sa.CheckConstraint(
            "source IN ('job_referral', 'job_fair', 'arranged', 'training_provider', 'targeted_recruitment', 'self_found', 'other')",
            name="ck_placements_source",
        ),
        sa.CheckConstraint("insurance_count >= 0", name="ck_placements_insurance_count"),
        sa.PrimaryKeyConstraint("id", name="pk_placements"),
        sa.UniqueConstraint("seq", name="uq_placements_seq"),
        schema=schema,
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("provider_id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("target_occupations_count", sa.BigInteger(), nullable=True),
        sa.Column("credential", sa.Text(), nullable=True),
        sa.Column("hours", sa.BigInteger(), nullable=True),
        sa.Column("cost_amount", sql_types.WireDecimal(), nullable=True),
        sa.Column("cost_currency", sa.Text(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "credential IN ('vocational_qualification', 'skill_level_certificate', 'special_operations_certificate', 'occupational_licence', 'industry_certification', 'apprenticeship_certificate', 'secondary_diploma', 'associate_degree', 'bachelor_degree', 'postgraduate_degree', 'training_certificate')",
            name="ck_programmes_credential",
        ),
        sa.CheckConstraint(
            "kind IN ('adaptive', 'vocational', 'entrepreneurship', 'academic', 'apprenticeship', 'on_the_job', 'adult_basic_education', 'other')",
            name="ck_programmes_kind",
        ),
        sa.CheckConstraint(
            "target_occupations_count >= 0", name="ck_programmes_target_occupations_count"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
        sa.UniqueConstraint("seq", name="uq_programmes_seq"),
        schema=schema,
    )
    op.create_table(
        "providers",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("contracted", sa.Boolean(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('public_training_centre', 'vocational_school', 'vocational_college', 'university', 'private_institution', 'employer', 'ngo', 'incubator')",
            name="ck_providers_kind",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_providers"),
        sa.UniqueConstraint("seq", name="uq_providers_seq"),
        schema=schema,
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("instrument_id", sa.Text(), nullable=False),
        sa.Column("instrument_version", sa.BigInteger(), nullable=False),
        sa.Column("veteran_id", sa.Text(), nullable=False),
        sa.Column("disposition", sa.Text(), nullable=False),
        sa.Column("placement_id", sa.Text(), nullable=True),
        sa.Column("wave_months", sa.BigInteger(), nullable=True),
        sa.Column("collected_on", sql_types.WireDate(), nullable=True),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("labour_status", sa.Text(), nullable=True),
        sa.Column("answers_count", sa.BigInteger(), nullable=True),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "disposition IN ('complete', 'partial', 'refusal', 'non_contact', 'other', 'unknown_household', 'unknown_other', 'not_eligible')",
            name="ck_responses_disposition",
        ),
        sa.CheckConstraint(
            "labour_status IN ('employed', 'self_employed', 'unemployed', 'inactive')",
            name="ck_responses_labour_status",
        ),
        sa.CheckConstraint(
            "mode IN ('phone', 'online', 'in_person', 'sms', 'mail')", name="ck_responses_mode"
        ),
        sa.CheckConstraint("answers_count >= 0", name="ck_responses_answers_count"),
        sa.PrimaryKeyConstraint("id", name="pk_responses"),
        sa.UniqueConstraint("seq", name="uq_responses_seq"),
        schema=schema,
    )
    op.create_table(
        "schema_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("library_version", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_schema_version_one_row"),
        sa.PrimaryKeyConstraint("id"),
        schema=schema,
    )
    op.create_table(
        "ventures",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("founder_ids_count", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("legal_form", sa.Text(), nullable=False),
        sa.Column("industry", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("registered_on", sql_types.WireDate(), nullable=False),
        sa.Column("closed_on", sql_types.WireDate(), nullable=True),
        sa.Column("support_count", sa.BigInteger(), nullable=True),
        sa.Column("snapshots_count", sa.BigInteger(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "legal_form IN ('individual_business', 'sole_proprietorship', 'partnership', 'limited_company', 'cooperative', 'other')",
            name="ck_ventures_legal_form",
        ),
        sa.CheckConstraint("founder_ids_count >= 0", name="ck_ventures_founder_ids_count"),
        sa.CheckConstraint("snapshots_count >= 0", name="ck_ventures_snapshots_count"),
        sa.CheckConstraint("support_count >= 0", name="ck_ventures_support_count"),
        sa.PrimaryKeyConstraint("id", name="pk_ventures"),
        sa.UniqueConstraint("seq", name="uq_ventures_seq"),
        schema=schema,
    )
    op.create_table(
        "veterans",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("sex", sa.Text(), nullable=False),
        sa.Column("region", sa.Text(), nullable=False),
        sa.Column("service_count", sa.BigInteger(), nullable=True),
        sa.Column("birth_date", sql_types.WireDate(), nullable=True),
        sa.Column("education", sa.Text(), nullable=True),
        sa.Column("registered_on", sql_types.WireDate(), nullable=True),
        sa.Column("barriers_count", sa.BigInteger(), nullable=True),
        sa.Column("exclusions_count", sa.BigInteger(), nullable=True),
        sa.Column("personal", sa.Boolean(), nullable=True),
        sa.Column("personal_name", sa.Text(), nullable=True),
        sa.Column("personal_national_id", sa.Text(), nullable=True),
        sa.Column("personal_phone", sa.Text(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "education IN ('0', '1', '2', '3', '4', '5', '6', '7', '8')",
            name="ck_veterans_education",
        ),
        sa.CheckConstraint("sex IN ('male', 'female')", name="ck_veterans_sex"),
        sa.CheckConstraint("barriers_count >= 0", name="ck_veterans_barriers_count"),
        sa.CheckConstraint("exclusions_count >= 0", name="ck_veterans_exclusions_count"),
        sa.CheckConstraint("service_count >= 0", name="ck_veterans_service_count"),
        sa.PrimaryKeyConstraint("id", name="pk_veterans"),
        sa.UniqueConstraint("seq", name="uq_veterans_seq"),
        schema=schema,
    )
    op.create_table(
        "enrolments_credentials",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("awarded_on", sql_types.WireDate(), nullable=False),
        sa.Column("level", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('vocational_qualification', 'skill_level_certificate', 'special_operations_certificate', 'occupational_licence', 'industry_certification', 'apprenticeship_certificate', 'secondary_diploma', 'associate_degree', 'bachelor_degree', 'postgraduate_degree', 'training_certificate')",
            name="ck_enrolments_credentials_kind",
        ),
        sa.CheckConstraint("position >= 0", name="ck_enrolments_credentials_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}enrolments.id"],
            name="fk_enrolments_credentials_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_enrolments_credentials"),
        schema=schema,
    )
    op.create_table(
        "enrolments_skill_gains",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("achieved_on", sql_types.WireDate(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('educational_functioning_level', 'secondary_diploma', 'transcript', 'training_milestone', 'skills_exam')",
            name="ck_enrolments_skill_gains_kind",
        ),
        sa.CheckConstraint("position >= 0", name="ck_enrolments_skill_gains_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}enrolments.id"],
            name="fk_enrolments_skill_gains_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_enrolments_skill_gains"),
        schema=schema,
    )
    op.create_table(
        "instruments_questions",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("owner_version", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("scale_kind", sa.Text(), nullable=False),
        sa.Column("scale_points", sa.BigInteger(), nullable=True),
        sa.Column("scale_low_label", sa.Text(), nullable=True),
        sa.Column("scale_high_label", sa.Text(), nullable=True),
        sa.Column("scale_minimum", sa.Double(), nullable=True),
        sa.Column("scale_maximum", sa.Double(), nullable=True),
        sa.Column("scale_integer", sa.Boolean(), nullable=True),
        sa.Column("scale_options_count", sa.BigInteger(), nullable=True),
        sa.Column("scale_multiple", sa.Boolean(), nullable=True),
        sa.Column("scale_max_length", sa.BigInteger(), nullable=True),
        sa.Column("dimension", sa.Text(), nullable=True),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("reverse", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "dimension IN ('safety_and_ethics', 'income_and_benefits', 'working_time', 'security_and_protection', 'social_dialogue', 'skills_development', 'relationships_and_motivation')",
            name="ck_instruments_questions_dimension",
        ),
        sa.CheckConstraint(
            "scale_kind IN ('likert', 'yes_no', 'numeric', 'choice', 'text')",
            name="ck_instruments_questions_scale_kind",
        ),
        sa.CheckConstraint(
            "topic IN ('job_satisfaction', 'job_demand', 'job_resource', 'still_employed', 'monthly_wage', 'weekly_hours', 'training_relevance', 'service_satisfaction', 'comment')",
            name="ck_instruments_questions_topic",
        ),
        sa.CheckConstraint("position >= 0", name="ck_instruments_questions_position"),
        sa.CheckConstraint(
            "scale_options_count >= 0", name="ck_instruments_questions_scale_options_count"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id", "owner_version"],
            [f"{prefix}instruments.id", f"{prefix}instruments.version"],
            name="fk_instruments_questions_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "owner_id", "owner_version", "position", name="pk_instruments_questions"
        ),
        schema=schema,
    )
    op.create_table(
        "placements_insurance",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "value IN ('pension', 'medical', 'unemployment', 'work_injury', 'maternity', 'housing_fund')",
            name="ck_placements_insurance_value",
        ),
        sa.CheckConstraint("position >= 0", name="ck_placements_insurance_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}placements.id"],
            name="fk_placements_insurance_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_placements_insurance"),
        schema=schema,
    )
    op.create_table(
        "programmes_target_occupations",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint("position >= 0", name="ck_programmes_target_occupations_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}programmes.id"],
            name="fk_programmes_target_occupations_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_programmes_target_occupations"),
        schema=schema,
    )
    op.create_table(
        "responses_answers",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.Text(), nullable=False),
        sa.Column("value_boolean", sa.Boolean(), nullable=True),
        sa.Column("value_integer", sa.BigInteger(), nullable=True),
        sa.Column("value_number", sa.Double(), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("value_choices_count", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN value_boolean IS NULL THEN 0 ELSE 1 END) + (CASE WHEN value_integer IS NULL THEN 0 ELSE 1 END) + (CASE WHEN value_number IS NULL THEN 0 ELSE 1 END) + (CASE WHEN value_text IS NULL THEN 0 ELSE 1 END) + (CASE WHEN value_choices_count IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_responses_answers_one_value",
        ),
        sa.CheckConstraint("position >= 0", name="ck_responses_answers_position"),
        sa.CheckConstraint(
            "value_choices_count >= 0", name="ck_responses_answers_value_choices_count"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}responses.id"],
            name="fk_responses_answers_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_responses_answers"),
        schema=schema,
    )
    op.create_table(
        "ventures_founder_ids",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint("position >= 0", name="ck_ventures_founder_ids_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}ventures.id"],
            name="fk_ventures_founder_ids_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_ventures_founder_ids"),
        schema=schema,
    )
    op.create_table(
        "ventures_snapshots",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("as_of", sql_types.WireDate(), nullable=False),
        sa.Column("employees", sa.BigInteger(), nullable=False),
        sa.Column("veteran_employees", sa.BigInteger(), nullable=False),
        sa.Column("revenue_amount", sql_types.WireDecimal(), nullable=True),
        sa.Column("revenue_currency", sa.Text(), nullable=True),
        sa.CheckConstraint("position >= 0", name="ck_ventures_snapshots_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}ventures.id"],
            name="fk_ventures_snapshots_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_ventures_snapshots"),
        schema=schema,
    )
    op.create_table(
        "ventures_support",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("granted_on", sql_types.WireDate(), nullable=False),
        sa.Column("amount_amount", sql_types.WireDecimal(), nullable=True),
        sa.Column("amount_currency", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('guaranteed_loan', 'tax_relief', 'subsidy', 'incubation', 'mentoring', 'premises')",
            name="ck_ventures_support_kind",
        ),
        sa.CheckConstraint("position >= 0", name="ck_ventures_support_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}ventures.id"],
            name="fk_ventures_support_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_ventures_support"),
        schema=schema,
    )
    op.create_table(
        "veterans_barriers",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "value IN ('disability', 'service_connected_disability', 'homelessness', 'low_income', 'long_term_unemployment', 'basic_skills_deficiency', 'caring_responsibilities', 'justice_involved', 'rural_area', 'limited_language')",
            name="ck_veterans_barriers_value",
        ),
        sa.CheckConstraint("position >= 0", name="ck_veterans_barriers_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}veterans.id"],
            name="fk_veterans_barriers_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_veterans_barriers"),
        schema=schema,
    )
    op.create_table(
        "veterans_exclusions",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("on", sql_types.WireDate(), nullable=False),
        sa.CheckConstraint(
            "reason IN ('institutionalised', 'medical', 'deceased', 'reserve_call_up')",
            name="ck_veterans_exclusions_reason",
        ),
        sa.CheckConstraint("position >= 0", name="ck_veterans_exclusions_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}veterans.id"],
            name="fk_veterans_exclusions_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_veterans_exclusions"),
        schema=schema,
    )
    op.create_table(
        "veterans_service",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("branch", sa.Text(), nullable=False),
        sa.Column("rank", sa.Text(), nullable=False),
        sa.Column("start", sql_types.WireDate(), nullable=False),
        sa.Column("end", sql_types.WireDate(), nullable=True),
        sa.Column("discharge", sa.Text(), nullable=True),
        sa.Column("resettlement", sa.Text(), nullable=True),
        sa.Column("disability_rating", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "branch IN ('army', 'navy', 'air_force', 'rocket_force', 'aerospace_force', 'cyberspace_force', 'information_support_force', 'joint_logistics_support_force', 'armed_police', 'marine_corps', 'space_force', 'coast_guard', 'other')",
            name="ck_veterans_service_branch",
        ),
        sa.CheckConstraint(
            "discharge IN ('honourable', 'general', 'medical', 'other_than_honourable', 'bad_conduct', 'dishonourable', 'uncharacterised')",
            name="ck_veterans_service_discharge",
        ),
        sa.CheckConstraint(
            "rank IN ('conscript', 'enlisted', 'nco', 'warrant_officer', 'officer', 'civilian')",
            name="ck_veterans_service_rank",
        ),
        sa.CheckConstraint(
            "resettlement IN ('self_employment', 'arranged_job', 'monthly_retirement_pay', 'transfer', 'demobilisation', 'retirement', 'support', 'other')",
            name="ck_veterans_service_resettlement",
        ),
        sa.CheckConstraint("position >= 0", name="ck_veterans_service_position"),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            [f"{prefix}veterans.id"],
            name="fk_veterans_service_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("owner_id", "position", name="pk_veterans_service"),
        schema=schema,
    )
    op.create_table(
        "instruments_questions_scale_options",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("owner_version", sa.BigInteger(), nullable=False),
        sa.Column("questions_position", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint("position >= 0", name="ck_instruments_questions_scale_options_position"),
        sa.CheckConstraint(
            "questions_position >= 0",
            name="ck_instruments_questions_scale_options_questions_position",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id", "owner_version", "questions_position"],
            [
                f"{prefix}instruments_questions.owner_id",
                f"{prefix}instruments_questions.owner_version",
                f"{prefix}instruments_questions.position",
            ],
            name="fk_instruments_questions_scale_options_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "owner_id",
            "owner_version",
            "questions_position",
            "position",
            name="pk_instruments_questions_scale_options",
        ),
        schema=schema,
    )
    op.create_table(
        "responses_answers_value_choices",
        sa.Column("owner_id", sa.Text(), nullable=False),
        sa.Column("answers_position", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "answers_position >= 0", name="ck_responses_answers_value_choices_answers_position"
        ),
        sa.CheckConstraint("position >= 0", name="ck_responses_answers_value_choices_position"),
        sa.ForeignKeyConstraint(
            ["owner_id", "answers_position"],
            [f"{prefix}responses_answers.owner_id", f"{prefix}responses_answers.position"],
            name="fk_responses_answers_value_choices_owner",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "owner_id", "answers_position", "position", name="pk_responses_answers_value_choices"
        ),
        schema=schema,
    )
    op.create_index(
        "ix_contacts_veteran_id", "contacts", ["veteran_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_earnings_veteran_id", "earnings", ["veteran_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_earnings_employer_id", "earnings", ["employer_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_enrolments_veteran_id", "enrolments", ["veteran_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_enrolments_programme_id", "enrolments", ["programme_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_placements_enrolment_id", "placements", ["enrolment_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_placements_employer_id", "placements", ["employer_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_placements_veteran_id", "placements", ["veteran_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_programmes_provider_id", "programmes", ["provider_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_responses_veteran_id", "responses", ["veteran_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_responses_instrument_id", "responses", ["instrument_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_responses_placement_id", "responses", ["placement_id"], unique=False, schema=schema
    )
    op.create_index(
        "ix_veterans_personal_national_id",
        "veterans",
        ["personal_national_id"],
        unique=False,
        schema=schema,
    )
    op.bulk_insert(
        sa.table(
            "schema_version",
            sa.column("id", sa.Integer()),
            sa.column("version", sa.Integer()),
            sa.column("library_version", sa.Text()),
            sa.column("updated_at", sa.Text()),
            schema=schema,
        ),
        [
            {
                "id": 1,
                "version": 1,
                "library_version": __version__,
                "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        ],
    )


TABLES = (
    "contacts",
    "earnings",
    "employers",
    "enrolments",
    "instruments",
    "placements",
    "programmes",
    "providers",
    "responses",
    "schema_version",
    "ventures",
    "veterans",
    "enrolments_credentials",
    "enrolments_skill_gains",
    "instruments_questions",
    "placements_insurance",
    "programmes_target_occupations",
    "responses_answers",
    "ventures_founder_ids",
    "ventures_snapshots",
    "ventures_support",
    "veterans_barriers",
    "veterans_exclusions",
    "veterans_service",
    "instruments_questions_scale_options",
    "responses_answers_value_choices",
)


def downgrade(schema: str | None = None) -> None:
    """Drop every caseload table (children first)."""
    for name in reversed(TABLES):
        op.drop_table(name, schema=schema)
