"""SQLAlchemy models; import from here."""
from .audit import AuditEntry
from .auth import User
from .execution import Dialogue, Evidence, Feedback, Notification, PeerInput, Realization, Reopening
from .org import Agency, AgencyGoal, Employee, Period, Position, ReviewPeriod, Unit
from .plan import BehaviourExpectation, Plan, PlanIndicator, WorkResult

__all__ = [
    "Agency", "AgencyGoal", "AuditEntry", "BehaviourExpectation", "Dialogue", "Employee", "Evidence",
    "Feedback", "Notification", "PeerInput", "Period", "Plan", "PlanIndicator", "Position", "Realization",
    "Reopening", "ReviewPeriod", "Unit", "User", "WorkResult",
]
