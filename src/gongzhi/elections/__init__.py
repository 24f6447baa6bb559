"""Resident elections (百姓监督员, residents' representatives): seats, eligibility, candidates (差额),
publication, a secret ballot (nothing links a ballot to a voter), paper tallies by two staff, results; elected
supervisors' inspections."""
