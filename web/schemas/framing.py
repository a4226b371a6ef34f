"""Schemas of the cross-stage acts and of stage 1, framing: fields are the act method's arguments."""

from marshmallow import Schema

from domain.dialogue import LINK_TARGETS
from domain.instance import FUNCTIONING_RULES, INSTANCE_KINDS
from domain.roles import GRANTED_ROLES
from domain.stakeholder import CATEGORIES
from web.schemas import fields as f

ROLES = [role.value for role in GRANTED_ROLES]


class OpenDialogue(Schema):
    slug = f.text()
    title = f.text()
    territory = f.text()
    subject = f.long_text()


class GrantRole(Schema):
    grantee_id = f.account("account")
    role = f.choice(ROLES)


class RevokeRole(Schema):
    grantee_id = f.account("role_holder")
    role = f.choice(ROLES)


class AdvanceStage(Schema):
    waiver = f.optional_text()


class Milestone(Schema):
    label = f.text()
    date = f.date()


class DefineFramework(Schema):
    expected_results = f.lines()
    objects = f.lines()
    perimeter = f.long_text()
    excluded = f.lines()
    calendar = f.rows(Milestone, "calendar")


class SetInternalOrganisation(Schema):
    project_team = f.lines()
    description = f.long_text()


class IdentifyStakeholder(Schema):
    name = f.text()
    email = f.text(required=False)
    phone = f.text(required=False)
    category = f.choice(CATEGORIES)
    organisation = f.text()
    stakeholder_account_id = f.account("account", required=False)

    public_office = f.flag(required=False)
    name_consent = f.flag(required=False)


class ConfirmParticipation(Schema):
    stakeholder_id = f.part("stakeholder")
    confirmed_on = f.date()


class RecordConcern(Schema):
    concern = f.long_text()
    raised_by = f.text()


class AssessFeasibility(Schema):
    feasible = f.flag()
    assessment = f.long_text()


class AddTopic(Schema):
    topic = f.text()


class DesignInstance(Schema):
    kind = f.choice(INSTANCE_KINDS)
    name = f.text()
    function = f.long_text()
    composition = f.long_text()
    functioning_rule = f.choice(FUNCTIONING_RULES)
    facilitation = f.text()
    schedule = f.text()


class AddMember(Schema):
    instance_id = f.part("instance")
    stakeholder_id = f.part("stakeholder")


class RemoveMember(AddMember):
    reason = f.long_text()


class DefineLinkModality(Schema):
    target = f.choice(LINK_TARGETS)
    modality = f.long_text()


class SubmitDesign(Schema):
    summary = f.long_text()


class ValidateDesign(Schema):
    remarks = f.long_text(required=False)


class ReturnDesign(Schema):
    reasons = f.long_text()


class MakeApproachPublic(Schema):
    channels = f.lines()
    published_on = f.date()


class HoldLaunchMeeting(Schema):
    held_on = f.date()
    attendance = f.count()
    summary = f.long_text()
