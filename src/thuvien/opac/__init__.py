"""Public portal (OPAC): search, record pages, new acquisitions; Vietnamese first."""
