"""Service points (红色驿站, 助餐点, 日间照料中心 …): the directory, its Open Referral HSDS export, and the
15-minute service circle (15分钟服务圈) per neighbourhood with the gaps and a drawn map."""
