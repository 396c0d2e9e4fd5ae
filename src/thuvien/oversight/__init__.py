"""The Department's supervision of its libraries: evaluation on the TT 05/2020 cycle, the
provincial plan's KPIs, inspections and training records."""
