"""Community partners (社区合伙人: 事业/公益/社企合伙): applications, review, partner agreements, the
community's partner list on the board, merchant alliances (商家联盟) and their offers, partner project lists."""
