"""The cluster check of issue 15 (docs/cluster-check.md): two app servers, two task workers and two schedulers on
one PostgreSQL, driven by residents, providers and staff across both servers at once, then checked; and the faults
(a worker killed mid-task, PostgreSQL restarted, an app server killed) with their observed figures.

This module is the harness only: processes, a private PostgreSQL cluster, an HTTP load generator on the standard
library, and the figures. It reads and writes no model: the seeding and the checks run in a process of their own
with the cluster's environment (`python -m gongzhi.testing.cluster_scenario`), so the harness needs no database
settings and `gongzhi.ops` imports no app. `gongzhi cluster_check` and the tests marked `cluster` call `run_check`.
"""

from gongzhi.ops.cluster.check import Row, format_table, run_check
from gongzhi.ops.cluster.processes import PG_BIN, Cluster, ClusterError, PrivatePostgres

__all__ = ["PG_BIN", "Cluster", "ClusterError", "PrivatePostgres", "Row", "format_table", "run_check"]
