"""Acquisitions (bổ sung) and the registers: suppliers, funds, orders, receiving, donations
and legal deposit, the general register and the individual register (số ĐKCB)."""
