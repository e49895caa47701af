"""Simulated Chinese government websites on 127.0.0.1 for tests, benchmarks and `gia demo`.

The flavours follow ../shared/research/gov_sites.md §6: TRS static GBK portal (trs.py), its big5
gateway mirror, Hanweb datastore/dataproxy (hanweb.py), Guangdong gkmlpt JSON API (gkmlpt.py),
开普云 department site (ucap.py), 博达 VSB countdown pager with PDFs (vsb.py), and the faults
(faults.py). `LocalFarm` (farm.py) serves them and writes the manifest of what is served;
`SimFarm` (process.py) runs a LocalFarm in a process of its own — what tests, benchmarks and the
demo use. Every report body comes from the report generator (content.py), rendered before the
sites are served; `content.truth(report)` is its record.
"""

from simsites.farm import LocalFarm
from simsites.process import SimFarm

__all__ = ["LocalFarm", "SimFarm"]
