"""Volunteering's models, one module per area: hours (the shared record), activities (sign-up, waiting list,
check-in), rosters (duty shifts), inservice (在职党员 reporting and their units' view)."""

from gongzhi.volunteering.models.activities import *  # noqa: F403
from gongzhi.volunteering.models.hours import *  # noqa: F403
from gongzhi.volunteering.models.inservice import *  # noqa: F403
from gongzhi.volunteering.models.rosters import *  # noqa: F403
