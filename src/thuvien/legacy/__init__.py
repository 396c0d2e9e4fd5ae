"""Bringing a library in from the system it leaves (Koha, Libol, Vebrary, a spreadsheet): records,
copies, readers and open loans, with their history."""
