"""SQLAlchemy models; import from here."""
from .audit import AuditEntry
from .auth import User
from .org import Agency, AgencyGoal, Employee, Period, Position, ReviewPeriod, Unit
from .plan import BehaviourExpectation, Plan, PlanIndicator, WorkResult

__all__ = [
    "Agency", "AgencyGoal", "AuditEntry", "BehaviourExpectation", "Employee", "Period",
    "Plan", "PlanIndicator", "Position", "ReviewPeriod", "Unit", "User", "WorkResult",
]
