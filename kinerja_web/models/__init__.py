"""SQLAlchemy models; import from here."""
from .action import ActionPlan
from .adoption import RuleAdoption
from .api import ApiToken
from .audit import AuditEntry
from .auth import LoginFailure, User
from .daily import ProgressEntry
from .development import DevelopmentItem, DevelopmentRecord
from .evaluation import Calibration, DevelopmentPlan, Evaluation, SelfAssessment
from .execution import Dialogue, Evidence, Feedback, Notification, PeerInput, Realization, Reopening
from .org import Agency, AgencyGoal, Employee, Period, Position, ReviewPeriod, Unit
from .plan import BehaviourExpectation, Plan, PlanIndicator, WorkResult
from .plugins import PluginFault, PluginSwitch
from .requests import ReopenRequest, SupervisorCorrection
from .stamp import DataStamp
from .standing import PlanStanding, Standing
from .status import StatusChange
from .survey import Survey, SurveyResponse

__all__ = [
    "ActionPlan",
    "Agency", "AgencyGoal", "ApiToken", "AuditEntry", "BehaviourExpectation", "Calibration", "DevelopmentItem",
    "DataStamp", "DevelopmentPlan", "DevelopmentRecord", "Dialogue",
    "Employee", "Evaluation", "Evidence", "Feedback", "LoginFailure", "Notification", "PeerInput", "Period", "Plan",
    "PlanIndicator", "PluginFault", "PluginSwitch", "ProgressEntry", "RuleAdoption",
    "PlanStanding", "Position", "Realization", "Reopening", "ReopenRequest", "ReviewPeriod", "SelfAssessment",
    "Standing",
    "StatusChange",
    "SupervisorCorrection",
    "Survey", "SurveyResponse", "Unit", "User", "WorkResult",
]
