"""The Department's pages: evaluations, the plan's KPIs, inspections and training
(/staff/oversight/). Department officers and network admins manage them; a library sees
its own evaluations and inspections and answers them."""
