"""Every model module, imported in one place so SQLAlchemy's metadata and Alembic see all tables."""

from kring.core.accounts import RoleGrant, TrainerGrant, User
from kring.core.circles import Circle, CircleMember, MemberStatusChange, PhaseTransition
from kring.core.enablement import MethodologyEnablement
from kring.core.journal import JournalEntry
from kring.core.notify import OutboxMessage
from kring.core.people import Neighbourhood, Person, TrainingRecord
from kring.core.signals import Signal
from kring.core.surveys import SurveyResponse
from kring.core.tenancy import Organisation, Tenant

__all__ = [
    "Circle",
    "CircleMember",
    "JournalEntry",
    "MemberStatusChange",
    "MethodologyEnablement",
    "Neighbourhood",
    "Organisation",
    "OutboxMessage",
    "Person",
    "PhaseTransition",
    "RoleGrant",
    "Signal",
    "SurveyResponse",
    "Tenant",
    "TrainerGrant",
    "TrainingRecord",
    "User",
]
