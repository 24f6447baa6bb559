"""Joint meetings (联席会议: monthly partner meetings, big-party-committee meetings, 六方议事): convener,
invitations, agenda, attendance, minutes written once, resolutions that become tracked tasks."""
